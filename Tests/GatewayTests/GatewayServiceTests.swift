import Foundation
import Resources
import SkiffTestSupport
import Testing

/// The real `skiff gateway` process over real HTTP (curl), with no API server behind it:
/// everything the gateway answers by itself, and the 503 for everything else.
@Suite(.serialized) struct GatewayServiceTests {
    @Test func answersOnItsOwnAndSays503WithoutAnAPIServer() async throws {
        let c = try await TestCluster.gatewayOnly()
        let g = c.gatewayURL

        // The kubeconfig points at the gateway.
        let kubeconfig = try String(contentsOfFile: c.kubeconfig, encoding: .utf8)
        #expect(kubeconfig.contains("server: \(g)\n"))
        #expect(kubeconfig.contains("current-context: skiff"))

        let version = try await curl(g + "/version?timeout=5s")
        #expect(version.status == 200)
        #expect(version.header("Content-Type") == "application/json")
        let v = try JSON.parse(version.body)
        #expect(v["major"] == "1" && v["minor"] == "32")

        #expect(try await curl(g + "/healthz").body == "ok")
        #expect(try await curl(g + "/livez").status == 200)
        let ready = try await curl(g + "/readyz")
        #expect(ready.status == 503)

        // Aggregated discovery on request, with the exact Content-Type; legacy otherwise.
        let accept = "Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json"
        let apis = try await curl(g + "/apis?timeout=32s", headers: [accept])
        #expect(apis.header("Content-Type") == "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
        #expect(try JSON.parse(apis.body)["kind"] == "APIGroupDiscoveryList")
        let beta = try await curl(g + "/api", headers: ["Accept: application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList"])
        #expect(beta.header("Content-Type") == "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList")
        let legacy = try await curl(g + "/api", headers: ["Accept: application/json, */*"])
        #expect(try JSON.parse(legacy.body)["kind"] == "APIVersions")
        #expect(try JSON.parse(try await curl(g + "/apis/apps/v1").body)["kind"] == "APIResourceList")

        // OpenAPI v3 index and documents; v2 is 404.
        let index = try JSON.parse(try await curl(g + "/openapi/v3").body)
        let url = try #require(index["paths"]?["apis/apps/v1"]?["serverRelativeURL"]?.string)
        let doc = try JSON.parse(try await curl(g + url).body)
        #expect(doc["paths"]?["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]?["patch"]?["parameters"]?.array?
            .contains { $0["name"] == "fieldValidation" } == true)
        #expect(try await curl(g + "/openapi/v2").status == 404)

        // Errors as Statuses.
        let unknown = try await curl(g + "/apis/nope.example.com/v1/things")
        #expect(unknown.status == 404)
        #expect(try JSON.parse(unknown.body)["message"] == "the server could not find the requested resource")
        #expect(try await curl(g + "/api/v1/namespaces/default/pods", method: "PUT").status == 405)
        let notAcceptable = try await curl(g + "/api/v1/namespaces/default/pods", headers: ["Accept: text/html"])
        #expect(notAcceptable.status == 406)
        #expect(try JSON.parse(notAcceptable.body)["reason"] == "NotAcceptable")
        let form = try await curl(g + "/api/v1/namespaces/default/configmaps", method: "POST", data: "a=b")
        #expect(form.status == 415)
        let patch = try await curl(g + "/api/v1/namespaces/default/configmaps/x", method: "PATCH",
                                   headers: ["Content-Type: application/json"], data: "{}")
        #expect(patch.status == 415)
        let protobuf = try await curl(g + "/apis/apps/v1/namespaces/default/deployments", method: "POST",
                                      headers: ["Content-Type: application/vnd.kubernetes.protobuf"], data: "k8s")
        #expect(protobuf.status == 400)
        #expect(try JSON.parse(protobuf.body)["message"]?.string?.contains("magic bytes") == true)
        let malformed = try await curl(g + "/api/v1/namespaces/default/configmaps", method: "POST",
                                       headers: ["Content-Type: application/json"], data: "{\"kind\":")
        #expect(malformed.status == 400)
        #expect(try JSON.parse(malformed.body)["message"]?.string?.hasPrefix("couldn't get version/kind; json parse error") == true)
        let badYAML = try await curl(g + "/api/v1/namespaces/default/configmaps", method: "POST",
                                     headers: ["Content-Type: application/yaml"], data: "a: b: c")
        #expect(badYAML.status == 400)
        #expect(try JSON.parse(badYAML.body)["message"] == "error converting YAML to JSON: yaml: mapping values are not allowed in this context")
        let badSelector = try await curl(g + "/api/v1/pods?watch=1&labelSelector=a%20in%20(b")
        #expect(badSelector.status == 400)

        // Over 3 MiB: 413 from Content-Length alone.
        let big = c.home + "/big.json"
        try Data(repeating: UInt8(ascii: "a"), count: 3 * 1024 * 1024 + 1).write(to: URL(fileURLWithPath: big))
        let tooLarge = try await curl(g + "/api/v1/namespaces/default/configmaps", method: "POST",
                                      headers: ["Content-Type: application/json"], data: "@" + big)
        #expect(tooLarge.status == 413)
        #expect(try JSON.parse(tooLarge.body)["message"] == "Request entity too large: limit is 3145728")
        // Chunked, with no Content-Length: refused once it grows past the limit.
        let chunked = try await curl(g + "/api/v1/namespaces/default/configmaps", method: "POST",
                                     headers: ["Content-Type: application/json", "Transfer-Encoding: chunked"], data: "@" + big)
        #expect(chunked.status == 413)

        // API calls while the API server is missing: 503 saying so, quickly.
        let started = ContinuousClock.now
        let unavailable = try await curl(g + "/api/v1/namespaces/default/pods")
        #expect(unavailable.status == 503)
        #expect(try JSON.parse(unavailable.body)["message"]?.string?.contains("skiff apiserver") == true)
        #expect(ContinuousClock.now - started < .seconds(15))
        let watch = try await curl(g + "/api/v1/namespaces/default/pods?watch=1")
        #expect(watch.status == 503)

        #expect(try await c.stop() == [0])
    }
}
