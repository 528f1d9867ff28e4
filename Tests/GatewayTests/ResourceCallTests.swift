import Client
import Resources
import Testing
@testable import Gateway

@Suite struct ResourceCallTests {
    let registry = ResourceRegistry.builtIn(includingMetrics: true)
    var pods: ResourceType { registry.resource(group: "", version: "v1", plural: "pods")! }
    var deployments: ResourceType { registry.resource(group: "apps", version: "v1", plural: "deployments")! }

    func call(_ verb: APIRequest.Verb, _ role: RequestPlan.BodyRole?, _ path: ResourcePath, query: [String: String] = [:],
              accept: String? = nil, contentType: String? = nil) throws(StatusError) -> ResourceCall {
        try ResourceCall(verb: verb, bodyRole: role, path: path, query: query, accept: accept, contentType: contentType)
    }

    @Test func buildsTheAPIRequest() throws {
        let path = ResourcePath(type: deployments, namespace: "default", name: "web")
        let c = try call(.patch, .patch, path, query: ["fieldManager": "kubectl", "force": "false"],
                         contentType: "application/apply-patch+yaml")
        let r = try c.request(body: Array("spec:\n  replicas: 3\n".utf8))
        #expect(r.verb == .patch)
        #expect(r.group == "apps")
        #expect(r.resource == "deployments")
        #expect(r.namespace == "default")
        #expect(r.name == "web")
        #expect(r.patchType == "application/apply-patch+yaml")
        #expect(r.query == ["fieldManager": "kubectl", "force": "false"])
        #expect(r.body == ["spec": ["replicas": 3]])
        let scale = try call(.patch, .patch, ResourcePath(type: deployments, namespace: "d", name: "web", subresource: .scale),
                             contentType: "application/merge-patch+json").request(body: Array(#"{"spec":{"replicas":3}}"#.utf8))
        #expect(scale.subresource == "scale")
        let del = try call(.delete, .deleteOptions, path).request(body: [])
        #expect(del.body == nil)
        let create = try call(.create, .object, ResourcePath(type: pods, namespace: "default"), contentType: "application/yaml")
            .request(body: Array("kind: Pod\nmetadata: {name: p}\n".utf8))
        #expect(create.body == ["kind": "Pod", "metadata": ["name": "p"]])
    }

    @Test func malformedBodiesAre400WithKubernetesMessages() throws {
        let path = ResourcePath(type: pods, namespace: "default")
        let cases: [(String?, String, String)] = [
            ("application/json", "{\"kind\":", "couldn't get version/kind; json parse error: "),
            (nil, "not json", "couldn't get version/kind; json parse error: "),
            ("application/yaml", "a: b: c", "error converting YAML to JSON: yaml: "),
            ("application/json", "", "Object 'Kind' is missing in ''"),
        ]
        for (contentType, body, prefix) in cases {
            do { _ = try call(.create, .object, path, contentType: contentType).request(body: Array(body.utf8)); Issue.record("accepted \(body)") } catch {
                #expect(error.code == 400)
                #expect(error.reason == "BadRequest")
                #expect(error.message.hasPrefix(prefix), "\(error.message)")
            }
        }
    }

    @Test func malformedProtobufBodiesAre400() {
        for body: [UInt8] in [[0x6B, 0x38, 0x73, 0x00, 1, 2], Array("not protobuf".utf8)] {
            do {
                _ = try call(.create, .object, ResourcePath(type: deployments, namespace: "default"),
                             contentType: "application/vnd.kubernetes.protobuf").request(body: body)
                Issue.record("accepted \(body)")
            } catch {
                #expect(error.code == 400)
                #expect(error.reason == "BadRequest")
            }
        }
    }

    @Test func tablesForListAndGet() throws {
        let list: JSON = ["kind": "PodList", "apiVersion": "v1", "metadata": ["resourceVersion": "42", "continue": "abc"],
                          "items": [["metadata": ["name": "a", "namespace": "default", "creationTimestamp": "2024-01-01T00:00:00Z"]],
                                    ["metadata": ["name": "b", "namespace": "default"]]]]
        let lister = try call(.list, nil, ResourcePath(type: pods, namespace: "default"), accept: NegotiationTests.kubectlTable)
        let now = MetaTime(json: "2024-01-01T00:05:00Z").seconds
        let table = try JSON.parse(try lister.render(APIReply(object: list), now: now).body)
        #expect(table["kind"] == "Table")
        #expect(table["apiVersion"] == "meta.k8s.io/v1")
        #expect(table["metadata"] == ["resourceVersion": "42", "continue": "abc"])
        #expect(table["rows"]?.array?.count == 2)
        #expect(table["rows"]?[0]?["cells"]?[0] == "a")
        #expect(table["rows"]?[0]?["cells"]?.array?.contains("5m") == true)
        #expect(table["rows"]?[0]?["object"]?["kind"] == "PartialObjectMetadata")
        #expect(table["rows"]?[0]?["object"]?["metadata"]?["namespace"] == "default")
        #expect(table["columnDefinitions"]?.array?.first?["name"] == "Name")

        let getter = try call(.get, nil, ResourcePath(type: pods, namespace: "default", name: "a"),
                              query: ["includeObject": "Object"], accept: "application/json;as=Table;v=v1beta1;g=meta.k8s.io")
        let pod: JSON = ["kind": "Pod", "metadata": ["name": "a", "resourceVersion": "9"]]
        let one = try JSON.parse(try getter.render(APIReply(warnings: ["careful"], object: pod), now: now).body)
        #expect(one["apiVersion"] == "meta.k8s.io/v1beta1")
        #expect(one["rows"]?.array?.count == 1)
        #expect(one["rows"]?[0]?["object"]?["metadata"] == pod["metadata"])
        #expect(one["metadata"]?["resourceVersion"] == "9")
        #expect(try getter.render(APIReply(warnings: ["careful \"x\""], object: pod), now: now).warnings == [#"299 - "careful \"x\"""#])
    }

    @Test func repliesPassThroughUnparsed() throws {
        let c = try call(.get, nil, ResourcePath(type: pods, namespace: "default", name: "a"), accept: "application/json")
        let r = try c.render(APIReply(code: 200, body: Array("not even json".utf8)), now: 0)
        #expect(r.body == Array("not even json".utf8))
        #expect(r.contentType == "application/json")
        let log = try call(.get, nil, ResourcePath(type: pods, namespace: "default", name: "a", subresource: pods.subresource("log")),
                           accept: NegotiationTests.kubectlTable)
        #expect(try log.render(APIReply(body: Array("line\n".utf8)), now: 0).contentType == "text/plain")
    }
}

@Suite struct WatchEncoderTests {
    let pods = ResourceRegistry.builtIn.resource(group: "", version: "v1", plural: "pods")!

    @Test func plainEventsForwardTheirBytes() throws {
        var e = WatchEncoder(format: .object, type: pods)
        let raw = Array(#"{"type":"ADDED","object":{"kind":"Pod"}}"#.utf8)
        #expect(e.encode(WatchItem(type: "ADDED", object: ["kind": "Pod"], revision: 3, raw: raw), now: 0) == raw + [0x0A])
        let line = e.encode(WatchItem(type: "DELETED", object: ["kind": "Pod"], revision: 4), now: 0)
        #expect(line.last == 0x0A)
        #expect(try JSON.parse(line.dropLast()) == ["type": "DELETED", "object": ["kind": "Pod"]])
        #expect(try JSON.parse(e.bookmark(revision: 9).dropLast()) ==
            ["type": "BOOKMARK", "object": ["kind": "Pod", "apiVersion": "v1", "metadata": ["resourceVersion": "9"]]])
        #expect(try JSON.parse(e.bookmark(revision: 9, initialEventsEnd: true).dropLast())["object"]?["metadata"]?["annotations"] ==
            ["k8s.io/initial-events-end": "true"])
        let error = try JSON.parse(WatchEncoder.error(.gone("too old resource version: 1 (5)")).dropLast())
        #expect(error["type"] == "ERROR")
        #expect(error["object"]?["code"] == 410)
        #expect(error["object"]?["reason"] == "Expired")
    }

    @Test func tableEventsCarryColumnsOnlyFirst() throws {
        var e = WatchEncoder(format: .table(version: "v1"), type: pods)
        let pod: JSON = ["kind": "Pod", "metadata": ["name": "a", "resourceVersion": "5"]]
        let first = try JSON.parse(e.encode(WatchItem(type: "ADDED", object: pod, revision: 5), now: 0).dropLast())
        let second = try JSON.parse(e.encode(WatchItem(type: "MODIFIED", object: pod, revision: 6), now: 0).dropLast())
        #expect(first["object"]?["kind"] == "Table")
        #expect(first["object"]?["rows"]?.array?.count == 1)
        #expect(first["object"]?["columnDefinitions"]?.array?.isEmpty == false)
        #expect(second["type"] == "MODIFIED")
        #expect(second["object"]?["columnDefinitions"]?.array?.isEmpty != false)
    }
}
