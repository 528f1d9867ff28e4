import Resources
import Testing
@testable import Gateway

@Suite struct StaticResponsesTests {
    let registry = ResourceRegistry.builtIn(includingMetrics: true)
    var statics: StaticResponses { StaticResponses(registry: registry, skiffVersion: "0.1.0", serverAddress: "127.0.0.1:8001") }
    static let kubectlDiscovery = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json"

    func answer(_ route: Route, method: String = "GET", accept: String? = nil, up: Bool = true) throws -> (GatewayResponse, JSON) {
        let r = try #require(statics.respond(to: route, method: method, accept: accept, apiServerUp: up, apiServerEndpoint: "tcp://x"))
        return (r, (try? JSON.parse(r.body)) ?? .null)
    }

    @Test func versionSays132() throws {
        let (r, v) = try answer(.version)
        #expect(r.status == 200)
        #expect(v["major"] == "1")
        #expect(v["minor"] == "32")
        #expect(v["gitVersion"]?.string?.hasPrefix("v1.32.") == true)
    }

    @Test func discoveryIsNegotiatedOnAccept() throws {
        let (v2, doc2) = try answer(.groups, accept: Self.kubectlDiscovery)
        #expect(v2.contentType == "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
        #expect(doc2["apiVersion"] == "apidiscovery.k8s.io/v2")
        let (beta, docBeta) = try answer(.coreVersions, accept: "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json")
        #expect(beta.contentType == "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList")
        #expect(docBeta["kind"] == "APIGroupDiscoveryList")
        let (legacy, api) = try answer(.coreVersions, accept: "application/json, */*")
        #expect(legacy.contentType == "application/json")
        #expect(api["kind"] == "APIVersions")
        #expect(api["serverAddressByClientCIDRs"] == [["clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1:8001"]])
        let (_, apis) = try answer(.groups)
        #expect(apis["kind"] == "APIGroupList")
        #expect(apis["groups"]?.array?.compactMap { $0["name"]?.string }.contains("metrics.k8s.io") == true)
        let (_, apps) = try answer(.group("apps"))
        #expect(apps["kind"] == "APIGroup")
        #expect(apps["preferredVersion"] == ["groupVersion": "apps/v1", "version": "v1"])
        let (_, list) = try answer(.resourceList(group: "apps", version: "v1"))
        #expect(list["kind"] == "APIResourceList")
        #expect(list["resources"]?.array?.contains { $0["name"] == "deployments/scale" } == true)
    }

    @Test func healthAndReadiness() throws {
        let (ok, _) = try answer(.health(.healthz), up: false)
        #expect(ok.status == 200)
        #expect(ok.body == Array("ok".utf8))
        let (ready, _) = try answer(.health(.readyz), up: true)
        #expect(ready.status == 200)
        let (notReady, _) = try answer(.health(.readyz), up: false)
        #expect(notReady.status == 503)
    }

    @Test func notFoundAndMethodNotAllowed() throws {
        let (nf, status) = try answer(.notFound)
        #expect(nf.status == 404)
        #expect(status == ["kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure",
                           "message": "the server could not find the requested resource", "reason": "NotFound",
                           "details": [:], "code": 404])
        let (post, s405) = try answer(.version, method: "POST")
        #expect(post.status == 405)
        #expect(s405["reason"] == "MethodNotAllowed")
        #expect(statics.respond(to: .resource(ResourcePath(type: registry.types[0])), method: "GET", accept: nil,
                                apiServerUp: true, apiServerEndpoint: "") == nil)
    }

    /// kubectl's strict validation looks for `fieldValidation` among the parameters of PATCH
    /// operations tagged with the kind; every write operation carries it, none has a requestBody.
    @Test func openAPIAdvertisesFieldValidationOnEveryWrite() throws {
        let (_, index) = try answer(.openAPIIndex)
        let paths = try #require(index["paths"]?.object)
        #expect(paths.count == registry.groupVersions.reduce(0) { $0 + $1.versions.count })
        for (key, entry) in paths {
            let url = try #require(entry["serverRelativeURL"]?.string)
            #expect(url.hasPrefix("/openapi/v3/\(key)?hash="))
            let parts = key.split(separator: "/").map(String.init)
            let route: Route = parts[0] == "api" ? .openAPIDocument(group: "", version: parts[1])
                                                 : .openAPIDocument(group: parts[1], version: parts[2])
            let (_, doc) = try answer(route)
            let docPaths = try #require(doc["paths"]?.object)
            var kindsWithPatch = Set<String>()
            for (_, item) in docPaths {
                for method in ["post", "put", "patch"] {
                    guard let op = item[method] else { continue }
                    #expect(op["requestBody"] == nil)
                    let names = op["parameters"]?.array?.compactMap { $0["name"]?.string } ?? []
                    #expect(names.contains("fieldValidation"), "\(key) \(method)")
                    #expect(op["x-kubernetes-group-version-kind"]?["kind"]?.string != nil)
                    if method == "patch", let k = op["x-kubernetes-group-version-kind"]?["kind"]?.string { kindsWithPatch.insert(k) }
                }
            }
            let group = parts[0] == "api" ? "" : parts[1]
            let version = parts.last!
            for t in registry.types(group: group, version: version) where t.verbs.contains("patch") {
                #expect(kindsWithPatch.contains(t.kind), "\(t.kind) has no PATCH operation")
            }
        }
        let (_, pods) = try answer(.openAPIDocument(group: "", version: "v1"))
        #expect(pods["paths"]?["/api/v1/namespaces/{namespace}/pods/{name}"]?["patch"]?["x-kubernetes-group-version-kind"] ==
            ["group": "", "version": "v1", "kind": "Pod"])
        #expect(pods["paths"]?["/api/v1/nodes/{name}"]?["put"] != nil)
    }

    @Test func openAPIHashFollowsContent() {
        let a = OpenAPIDocuments(registry: registry)
        let b = OpenAPIDocuments(registry: .builtIn(includingMetrics: false))
        #expect(a.index != b.index || a.documents.count != b.documents.count)
        #expect(OpenAPIDocuments.hash(Array("x".utf8)) != OpenAPIDocuments.hash(Array("y".utf8)))
        #expect(OpenAPIDocuments.hash([]).count == 16)
    }

    @Test func kubeconfig() {
        let text = Kubeconfig.render(server: "http://127.0.0.1:8001")
        #expect(text.contains("server: http://127.0.0.1:8001"))
        #expect(text.contains("current-context: skiff"))
        #expect(Kubeconfig.defaultPath(environment: ["SKIFF_HOME": "/h"]) == "/h/kubeconfig")
        #expect(Kubeconfig.defaultPath(environment: [:]) == ".skiff/kubeconfig")
        #expect(Kubeconfig.serverURL(host: "0.0.0.0", port: 9) == "http://127.0.0.1:9")
        #expect(Kubeconfig.serverURL(host: "::1", port: 9) == "http://[::1]:9")
    }
}
