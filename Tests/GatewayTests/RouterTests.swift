import Resources
import Testing
@testable import Gateway

@Suite struct RouterTests {
    let router = Router(registry: .builtIn(includingMetrics: true))
    let registry = ResourceRegistry.builtIn(includingMetrics: true)

    func route(_ target: String) -> Route { router.route(RequestTarget(target).segments) }
    func type(_ group: String, _ plural: String) -> ResourceType {
        registry.resource(group: group, version: group == "metrics.k8s.io" ? "v1beta1" : "v1", plural: plural)!
    }

    @Test func nonResourcePaths() {
        #expect(route("/version") == .version)
        #expect(route("/version?timeout=5s") == .version)
        #expect(route("/healthz") == .health(.healthz))
        #expect(route("/readyz/ping") == .health(.readyz))
        #expect(route("/livez") == .health(.livez))
        #expect(route("/api?timeout=32s") == .coreVersions)
        #expect(route("/apis") == .groups)
        #expect(route("/apis/apps") == .group("apps"))
        #expect(route("/api/v1") == .resourceList(group: "", version: "v1"))
        #expect(route("/api/v1/") == .resourceList(group: "", version: "v1"))
        #expect(route("/apis/apps/v1") == .resourceList(group: "apps", version: "v1"))
        #expect(route("/apis/metrics.k8s.io/v1beta1") == .resourceList(group: "metrics.k8s.io", version: "v1beta1"))
        #expect(route("/openapi/v3") == .openAPIIndex)
        #expect(route("/openapi/v3/api/v1?hash=X") == .openAPIDocument(group: "", version: "v1"))
        #expect(route("/openapi/v3/apis/apps/v1") == .openAPIDocument(group: "apps", version: "v1"))
    }

    @Test(arguments: ["/", "/openapi/v2", "/openapi/v3/apis/nope/v1", "/api/v2", "/apis/nope", "/apis/apps/v2",
                      "/apis/apps/v1/deployments/x", "/api/v1/pods/web", "/api/v1/namespaces/default/nopes",
                      "/api/v1/namespaces/default/pods/web/nope", "/api/v1/namespaces/default/pods/web/log/extra",
                      "/api/v1/namespaces/default/nodes", "/api/v1/nodes/n1/scale", "/api/v1/namespaces//pods",
                      "/api/v1/watch/namespaces/default/pods/web/status", "/metrics", "/versions"])
    func unknownPathsAreNotFound(target: String) {
        #expect(route(target) == .notFound)
    }

    @Test func namespacedPaths() {
        let pods = type("", "pods")
        #expect(route("/api/v1/namespaces/default/pods?limit=500") == .resource(ResourcePath(type: pods, namespace: "default")))
        #expect(route("/api/v1/namespaces/default/pods/web-1") ==
            .resource(ResourcePath(type: pods, namespace: "default", name: "web-1")))
        #expect(route("/api/v1/namespaces/default/pods/web-1/log?container=nginx") ==
            .resource(ResourcePath(type: pods, namespace: "default", name: "web-1", subresource: pods.subresource("log"))))
        #expect(route("/api/v1/pods") == .resource(ResourcePath(type: pods)))
        let deploy = type("apps", "deployments")
        #expect(route("/apis/apps/v1/namespaces/ns1/deployments/web/scale") ==
            .resource(ResourcePath(type: deploy, namespace: "ns1", name: "web", subresource: .scale)))
        #expect(route("/apis/apps/v1/deployments") == .resource(ResourcePath(type: deploy)))
    }

    @Test func clusterScopedAndNamespacePaths() {
        let nodes = type("", "nodes"), namespaces = type("", "namespaces")
        #expect(route("/api/v1/nodes/n1") == .resource(ResourcePath(type: nodes, name: "n1")))
        #expect(route("/api/v1/nodes/n1/status") ==
            .resource(ResourcePath(type: nodes, name: "n1", subresource: nodes.subresource("status"))))
        #expect(route("/api/v1/namespaces") == .resource(ResourcePath(type: namespaces)))
        #expect(route("/api/v1/namespaces/default") == .resource(ResourcePath(type: namespaces, name: "default")))
        #expect(route("/api/v1/namespaces/kube-system/status") ==
            .resource(ResourcePath(type: namespaces, name: "kube-system", subresource: namespaces.subresource("status"))))
        // A namespace called like a plural is still a namespace when nothing follows.
        #expect(route("/api/v1/namespaces/pods") == .resource(ResourcePath(type: namespaces, name: "pods")))
    }

    @Test func legacyWatchPaths() {
        let pods = type("", "pods")
        #expect(route("/api/v1/watch/namespaces/default/pods") ==
            .resource(ResourcePath(type: pods, namespace: "default", legacyWatch: true)))
        #expect(route("/api/v1/watch/namespaces/default/pods/web") ==
            .resource(ResourcePath(type: pods, namespace: "default", name: "web", legacyWatch: true)))
        #expect(route("/api/v1/watch/pods") == .resource(ResourcePath(type: pods, legacyWatch: true)))
    }

    @Test func percentEncodedSegmentsAndQuery() {
        let t = RequestTarget("/api/v1/namespaces/default/pods?labelSelector=app%3Dweb%2Ctier+in+(a)&limit=5&watch&limit=7")
        #expect(t.segments == ["api", "v1", "namespaces", "default", "pods"])
        #expect(t.query == ["labelSelector": "app=web,tier in (a)", "limit": "7", "watch": ""])
        #expect(RequestTarget("/a%2Fb/c%zz").segments == ["a/b", "c%zz"])
        #expect(RequestTarget("").segments == [])
        #expect(RequestTarget("/x?%").query == ["%": ""])
    }
}
