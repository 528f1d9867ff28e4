import Foundation
import Resources
import SkiffTestSupport
import Testing

/// Hostile and malformed requests over HTTP (curl) against store + apiserver + gateway. Each
/// gets a `metav1.Status` with the code and reason Kubernetes 1.32 gives — never a 500 — both
/// processes keep serving, and nothing the bad requests carried is written.
///
/// Messages are checked exactly where Kubernetes' text is known (apiserver handlers,
/// apimachinery validation and decoding) and by what they must mention otherwise.
@Suite(.serialized) struct BadInputEndToEndTests {
    /// One bad request and the Status it must get.
    struct Case: CustomStringConvertible {
        var description: String
        var method = "POST"
        var path = "/api/v1/namespaces/default/configmaps"
        var contentType: String? = "application/json"
        /// The body itself, or `@file` (written by the test) for bytes curl must not touch.
        var body: String?
        var code: Int
        var reason: String
        /// The exact message, if known.
        var message: String?
        /// Or what it must contain.
        var mentions: [String] = []
    }

    static let configMaps = "/api/v1/namespaces/default/configmaps"
    static let deployments = "/apis/apps/v1/namespaces/default/deployments"
    static let dnsSubdomain = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"

    static func deployment(replicas: String, extraContainerField: String = "") -> String {
        #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"bad"},"spec":{"replicas":\#(replicas),"selector":{"matchLabels":{"app":"bad"}},"template":{"metadata":{"labels":{"app":"bad"}},"spec":{"containers":[{"name":"c","image":"nginx"\#(extraContainerField)}]}}}}"#
    }

    static func configMap(_ name: String, extra: String = "") -> String {
        #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"\#(name)"}\#(extra)}"#
    }

    /// Writes the files the `@file` bodies name; returns their directory.
    static func writeFiles(_ dir: String) throws {
        func write(_ name: String, _ bytes: [UInt8]) throws {
            try Data(bytes).write(to: URL(fileURLWithPath: dir + "/" + name))
        }
        // Over 3 MiB (the API server reads at most 3145728 bytes of a body).
        let big = Array(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"big"},"data":{"a":""#.utf8)
            + [UInt8](repeating: UInt8(ascii: "a"), count: 3 * 1024 * 1024 + 1) + Array(#""}}"#.utf8)
        try write("big.json", big)
        try write("big-patch.json", Array(#"{"data":{"a":""#.utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 3 * 1024 * 1024 + 1)
            + Array(#""}}"#.utf8))
        try write("deep-array.json", [UInt8](repeating: UInt8(ascii: "["), count: 10_000))
        try write("deep-object.json", Array(String(repeating: #"{"a":"#, count: 10_000).utf8) + [UInt8(ascii: "1")]
            + [UInt8](repeating: UInt8(ascii: "}"), count: 10_000))
        try write("deep.yaml", [UInt8](repeating: UInt8(ascii: "["), count: 10_000))
        var generator = SystemRandomNumberGenerator()
        // Random bytes that start like no JSON value (0xFF is never valid UTF-8).
        try write("garbage.bin", [0xFF] + (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try write("invalid-utf8.json", Array(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"utf"},"data":{"a":""#.utf8)
            + [0xFF, 0xFE, 0xC3] + Array(#""}}"#.utf8))
        // A YAML alias bomb: 9^9 "lol"s if expanded.
        var laughs = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: laughs}\na: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n"
        for (name, prev) in zip("bcdefghi", "abcdefgh") {
            laughs += "\(name): &\(name) [" + Array(repeating: "*\(prev)", count: 9).joined(separator: ",") + "]\n"
        }
        try write("laughs.yaml", Array(laughs.utf8))
    }

    static let cases: [Case] = [
        // Decoding (apimachinery serializers; encoding/json's own wording).
        Case(description: "malformed JSON", body: #"{"apiVersion":"v1","kind":"ConfigMap","#, code: 400, reason: "BadRequest",
             message: "couldn't get version/kind; json parse error: unexpected end of JSON input"),
        Case(description: "malformed YAML", contentType: "application/yaml",
             body: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n", code: 400, reason: "BadRequest",
             mentions: ["error converting YAML to JSON: yaml: line 4"]),
        Case(description: "YAML alias bomb", contentType: "application/yaml", body: "@laughs.yaml", code: 400, reason: "BadRequest",
             mentions: ["error converting YAML to JSON"]),
        Case(description: "10,000 nested YAML sequences", contentType: "application/yaml", body: "@deep.yaml", code: 400,
             reason: "BadRequest", mentions: ["error converting YAML to JSON"]),
        Case(description: "a JSON array where an object belongs", body: "[" + configMap("in-array") + "]", code: 400, reason: "BadRequest"),
        Case(description: "10,000 nested arrays", body: "@deep-array.json", code: 400, reason: "BadRequest"),
        Case(description: "10,000 nested objects", body: "@deep-object.json", code: 400, reason: "BadRequest"),
        Case(description: "binary garbage", body: "@garbage.bin", code: 400, reason: "BadRequest"),
        // encoding/json would replace the bytes with U+FFFD and store them; Skiff refuses them.
        Case(description: "invalid UTF-8 in a string", body: "@invalid-utf8.json", code: 400, reason: "BadRequest"),
        Case(description: "binary garbage as protobuf", contentType: "application/vnd.kubernetes.protobuf", body: "@garbage.bin",
             code: 400, reason: "BadRequest"),
        Case(description: "empty body on create", body: "", code: 400, reason: "BadRequest"),
        Case(description: "empty body on update", method: "PUT", path: configMaps + "/settings", body: "", code: 400, reason: "BadRequest"),
        Case(description: "empty merge patch", method: "PATCH", path: configMaps + "/settings", contentType: "application/merge-patch+json",
             body: "", code: 400, reason: "BadRequest"),
        Case(description: "a body in no accepted format", contentType: "text/plain", body: configMap("text"), code: 415,
             reason: "UnsupportedMediaType"),

        // Unknown kinds: in the URL (no route: the apiserver's generic 404), and in the body.
        Case(description: "unknown resource in the URL", method: "GET", path: "/api/v1/namespaces/default/widgets", contentType: nil,
             code: 404, reason: "NotFound", message: "the server could not find the requested resource"),
        Case(description: "create of an unknown resource", path: "/api/v1/namespaces/default/widgets", body: configMap("w"),
             code: 404, reason: "NotFound", message: "the server could not find the requested resource"),
        Case(description: "unknown group in the URL", method: "GET", path: "/apis/widgets.example.com/v1/namespaces/default/widgets",
             contentType: nil, code: 404, reason: "NotFound", message: "the server could not find the requested resource"),
        Case(description: "unknown kind in the body", body: #"{"apiVersion":"v1","kind":"Widget","metadata":{"name":"w"}}"#,
             code: 400, reason: "BadRequest", mentions: ["Widget"]),
        Case(description: "unknown apiVersion in the body", body: #"{"apiVersion":"v9","kind":"ConfigMap","metadata":{"name":"w"}}"#,
             code: 400, reason: "BadRequest", mentions: ["v9"]),
        Case(description: "another kind in the body", body: #"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"w"}}"#,
             code: 400, reason: "BadRequest", mentions: ["Secret"]),

        // Unknown fields under Strict (kubectl's default): the apiserver's strict decoding error.
        Case(description: "unknown top-level field, Strict", path: configMaps + "?fieldValidation=Strict",
             body: configMap("strict", extra: #","bogus":1"#), code: 400, reason: "BadRequest",
             message: #"strict decoding error: unknown field "bogus""#),
        Case(description: "unknown nested field, Strict", path: deployments + "?fieldValidation=Strict",
             body: deployment(replicas: "1", extraContainerField: #","imagePullPolcy":"Always""#), code: 400, reason: "BadRequest",
             message: #"strict decoding error: unknown field "spec.template.spec.containers[0].imagePullPolcy""#),
        Case(description: "unknown field value for fieldValidation", path: configMaps + "?fieldValidation=Loose",
             body: configMap("loose"), code: 400, reason: "BadRequest", mentions: ["fieldValidation", "Loose"]),

        // Wrong types fail decoding whatever the validation level (Go's UnmarshalTypeError).
        Case(description: "a string for replicas", path: deployments, body: deployment(replicas: #""three""#), code: 400,
             reason: "BadRequest",
             message: #"Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"#),
        Case(description: "a fraction for replicas", path: deployments, body: deployment(replicas: "1.5"), code: 400, reason: "BadRequest",
             message: #"Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32"#),
        Case(description: "an array for labels", body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"l","labels":["a"]}}"#,
             code: 400, reason: "BadRequest",
             message: #"ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type map[string]string"#),

        // Bodies over 3 MiB: 413 before anything is decoded (apiserver `limitedReadBody`).
        Case(description: "a create over 3 MiB", body: "@big.json", code: 413, reason: "RequestEntityTooLarge",
             message: "Request entity too large: limit is 3145728"),
        Case(description: "a patch over 3 MiB", method: "PATCH", path: configMaps + "/settings", contentType: "application/merge-patch+json",
             body: "@big-patch.json", code: 413, reason: "RequestEntityTooLarge", message: "Request entity too large: limit is 3145728"),

        // Invalid names: 422 Invalid, as ValidateObjectMeta words it (NameIsDNSSubdomain for ConfigMap).
        Case(description: "an uppercase name", body: configMap("Upper"), code: 422, reason: "Invalid",
             message: #"ConfigMap "Upper" is invalid: metadata.name: Invalid value: "Upper": "# + dnsSubdomain),
        Case(description: "a 300-character name", body: configMap(String(repeating: "a", count: 300)), code: 422, reason: "Invalid",
             mentions: ["metadata.name: Invalid value", "must be no more than 253 characters"]),
        // The strategy's name rule fails first, so rest.BeforeCreate never reaches the
        // path-segment check ("may not be '..'").
        Case(description: "the name ..", body: configMap(".."), code: 422, reason: "Invalid",
             message: #"ConfigMap ".." is invalid: metadata.name: Invalid value: "..": "# + dnsSubdomain),
        Case(description: "no name at all", body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{}}"#, code: 422, reason: "Invalid",
             message: #"ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required"#),
    ]

    /// Selectors: malformed, huge and with 10,000 terms. Label selectors follow apimachinery's
    /// `labels.Parse`; Skiff also caps a selector at 64 KiB and 100 requirements (Kubernetes has
    /// no cap and would answer a valid 10,000-term selector with a list).
    static let selectorCases: [(String, String, [String])] = [
        ("labelSelector", "a===b", ["unable to parse requirement"]),
        ("labelSelector", "a in (b", ["unable to parse requirement"]),
        ("labelSelector", "!", ["unable to parse requirement"]),
        ("labelSelector", String(repeating: "k", count: 100) + "=v", ["name part must be no more than 63 characters"]),
        ("labelSelector", String(repeating: "k", count: 100_000) + "=v", ["too long"]),
        ("labelSelector", (0..<10_000).map { "k\($0)" }.joined(separator: ","), ["too many"]),
        ("labelSelector", (0..<10_000).map { "k\($0)=v" }.joined(separator: ","), ["too long"]),
        ("fieldSelector", "metadata.name", [#"invalid selector: 'metadata.name'; can't understand 'metadata.name'"#]),
        ("fieldSelector", (0..<10_000).map { "metadata.name!=n\($0)" }.joined(separator: ","), ["too long"]),
    ]

    /// Checks `reply` is the Status described.
    static func expectStatus(_ reply: CurlReply, code: Int, reason: String, message: String? = nil, mentions: [String] = [],
                             _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(reply.status == code, "\(what): \(reply.body.prefix(500))", sourceLocation: sourceLocation)
        #expect(reply.header("Content-Type") == "application/json", "\(what)", sourceLocation: sourceLocation)
        guard let status = try? JSON.parse(reply.body) else {
            Issue.record("\(what): the body is not JSON: \(reply.body.prefix(300))", sourceLocation: sourceLocation)
            return
        }
        #expect(status["kind"] == "Status" && status["apiVersion"] == "v1" && status["status"] == "Failure", "\(what)",
                sourceLocation: sourceLocation)
        #expect(status["code"] == .int(Int64(code)), "\(what)", sourceLocation: sourceLocation)
        #expect(status["reason"] == .string(reason), "\(what): \(status["reason"]?.string ?? "no reason")", sourceLocation: sourceLocation)
        let text = status["message"]?.string ?? ""
        if let message { #expect(text == message, "\(what)", sourceLocation: sourceLocation) }
        for m in mentions { #expect(text.contains(m), "\(what): \(text.prefix(300))", sourceLocation: sourceLocation) }
    }

    @Test func badRequestsGetAStatusAndWriteNothing() async throws {
        let c = try await TestCluster.start()
        do {
            let dir = temporaryDirectory("bad-input")
            try Self.writeFiles(dir)
            // Something to update and patch.
            try await c.kubectlOK(["apply", "-f", "-"], stdin: KindFixture.all.first { $0.kind == "ConfigMap" }!.yaml)
            let before = try await c.kubectlOK(["get", "configmap", "settings", "-o", "json"])

            for bad in Self.cases {
                var headers: [String] = []
                if let t = bad.contentType { headers.append("Content-Type: " + t) }
                let data = bad.body.map { $0.hasPrefix("@") ? "@" + dir + "/" + $0.dropFirst() : $0 }
                let reply = try await curl(c.gatewayURL + bad.path, method: bad.method, headers: headers, data: data)
                Self.expectStatus(reply, code: bad.code, reason: bad.reason, message: bad.message, mentions: bad.mentions,
                                  bad.description)
            }
            for (i, (parameter, selector, mentions)) in Self.selectorCases.enumerated() {
                // A GET with the selector URL-encoded into the query (from a file: an argument
                // may not exceed 128 KiB).
                let file = dir + "/selector-\(i)"
                try selector.write(toFile: file, atomically: true, encoding: .utf8)
                for path in [Self.configMaps, "/api/v1/pods"] {
                    let reply = try await curl(c.gatewayURL + path, extra: ["-G", "--data-urlencode", "\(parameter)@\(file)"])
                    Self.expectStatus(reply, code: 400, reason: "BadRequest", mentions: mentions,
                                      "\(parameter) \(selector.prefix(40))… (\(selector.utf8.count) bytes) on \(path)")
                }
            }

            // Warn: 201, the unknown field reported in a Warning header, and not stored.
            let warned = try await curl(c.gatewayURL + Self.configMaps + "?fieldValidation=Warn", method: "POST",
                                        headers: ["Content-Type: application/json"],
                                        data: Self.configMap("warned", extra: #","bogus":1,"data":{"k":"v"}"#))
            #expect(warned.status == 201, "\(warned.body)")
            #expect(warned.header("Warning") == #"299 - "unknown field \"bogus\"""#)
            let stored = try JSON.parse(try await c.kubectlOK(["get", "configmap", "warned", "-o", "json"]))
            #expect(stored["bogus"] == nil && stored["data"] == ["k": "v"])
            // Ignore: 201, no warning, not stored either.
            let ignored = try await curl(c.gatewayURL + Self.configMaps + "?fieldValidation=Ignore", method: "POST",
                                         headers: ["Content-Type: application/json"], data: Self.configMap("ignored", extra: #","bogus":1"#))
            #expect(ignored.status == 201 && ignored.header("Warning") == nil, "\(ignored.body)")
            #expect(try JSON.parse(ignored.body)["bogus"] == nil)

            // A request line over Kubernetes' 1 MiB header limit gets no Status from Kubernetes
            // either (Go answers 431); the gateway refuses it and goes on serving.
            try String(repeating: "k", count: 2 * 1024 * 1024).write(toFile: dir + "/huge-selector", atomically: true, encoding: .utf8)
            _ = try? await curl(c.gatewayURL + Self.configMaps, extra: ["-G", "--data-urlencode", "labelSelector@\(dir)/huge-selector"])

            // Both processes are alive and answer; nothing the bad requests carried was written.
            for p in c.processes { #expect(p.isRunning, "\(p.name) died") }
            #expect(try await c.kubectlOK(["version"]).contains("Server Version: v1.32."))
            #expect(KubectlOutput.lines(try await c.kubectlOK(["get", "configmaps", "-o", "name"]))
                    == ["configmap/ignored", "configmap/settings", "configmap/warned"])
            #expect(try await c.kubectlOK(["get", "deployments,secrets,pods", "-A", "-o", "name"]) == "")
            #expect(try await c.kubectlOK(["get", "configmap", "settings", "-o", "json"]) == before)
        } catch {
            _ = try? await c.stop()
            throw error
        }
        #expect(try await c.stop() == [0, 0, 0])
    }

    /// Kubernetes rejects a field selector on a field the kind does not support with a 400: for
    /// kinds without their own field label conversion (configmaps) apimachinery's
    /// `DefaultMetaV1FieldSelectorConversion` message, for those with one (pods, in
    /// pkg/apis/core/v1/conversion.go) `field label not supported: <field>`. Skiff checks the same
    /// tables (`FieldSelector.resolved(for:)`).
    @Test func unsupportedFieldSelectorIsABadRequest() async throws {
        let c = try await TestCluster.start()
        do {
            let reply = try await curl(c.gatewayURL + Self.configMaps + "?fieldSelector=foo%3Dbar")
            Self.expectStatus(reply, code: 400, reason: "BadRequest", message: #""foo" is not a known field selector: only "metadata.name", "metadata.namespace""#, "fieldSelector foo=bar")
            let pods = try await curl(c.gatewayURL + "/api/v1/pods?fieldSelector=spec.bogus%3Dx")
            Self.expectStatus(pods, code: 400, reason: "BadRequest", message: "field label not supported: spec.bogus", "pods spec.bogus")
        } catch {
            _ = try? await c.stop()
            throw error
        }
        try await c.stop()
    }
}
