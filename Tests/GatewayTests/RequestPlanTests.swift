import Client
import Resources
import Testing
@testable import Gateway

@Suite struct RequestPlanTests {
    let registry = ResourceRegistry.builtIn(includingMetrics: true)
    var pods: ResourceType { registry.resource(group: "", version: "v1", plural: "pods")! }
    var namespaces: ResourceType { registry.resource(group: "", version: "v1", plural: "namespaces")! }

    func plan(_ method: String, _ path: ResourcePath, _ query: [String: String] = [:]) throws(StatusError) -> RequestPlan {
        try RequestPlan.plan(method: method, path: path, query: query)
    }

    @Test func verbsForEachMethod() throws {
        let collection = ResourcePath(type: pods, namespace: "default")
        let object = ResourcePath(type: pods, namespace: "default", name: "web")
        #expect(try plan("GET", collection) == .call(.list, body: nil))
        #expect(try plan("GET", ResourcePath(type: pods)) == .call(.list, body: nil))
        #expect(try plan("GET", object) == .call(.get, body: nil))
        #expect(try plan("POST", collection) == .call(.create, body: .object))
        #expect(try plan("PUT", object) == .call(.update, body: .object))
        #expect(try plan("PATCH", object) == .call(.patch, body: .patch))
        #expect(try plan("DELETE", object) == .call(.delete, body: .deleteOptions))
        #expect(try plan("DELETE", collection) == .call(.deletecollection, body: .deleteOptions))
        let status = ResourcePath(type: pods, namespace: "default", name: "web", subresource: pods.subresource("status"))
        #expect(try plan("GET", status) == .call(.get, body: nil))
        #expect(try plan("PUT", status) == .call(.update, body: .object))
        #expect(try plan("PATCH", status) == .call(.patch, body: .patch))
        let binding = ResourcePath(type: pods, namespace: "default", name: "web", subresource: pods.subresource("binding"))
        #expect(try plan("POST", binding) == .call(.create, body: .object))
    }

    @Test func methodsAPathDoesNotServeAre405() {
        let collection = ResourcePath(type: pods, namespace: "default")
        let object = ResourcePath(type: pods, namespace: "default", name: "web")
        let log = ResourcePath(type: pods, namespace: "default", name: "web", subresource: pods.subresource("log"))
        let binding = ResourcePath(type: pods, namespace: "default", name: "web", subresource: pods.subresource("binding"))
        let cases: [(String, ResourcePath)] = [
            ("PUT", collection), ("PATCH", collection), ("POST", object), ("HEAD", object), ("OPTIONS", collection),
            ("POST", ResourcePath(type: pods)), ("DELETE", ResourcePath(type: pods)), ("PUT", log), ("GET", binding),
            ("DELETE", ResourcePath(type: namespaces)),  // namespaces have no deletecollection
            ("POST", ResourcePath(type: pods, namespace: "default", legacyWatch: true)),
            ("DELETE", log),
        ]
        for (method, path) in cases {
            do { _ = try plan(method, path); Issue.record("\(method) \(path) was served") } catch {
                #expect(error.code == 405)
                #expect(error.reason == "MethodNotAllowed")
            }
        }
        let metrics = registry.resource(group: "metrics.k8s.io", version: "v1beta1", plural: "pods")!
        #expect(throws: StatusError.self) { try plan("POST", ResourcePath(type: metrics, namespace: "default")) }
    }

    @Test func watches() throws {
        let collection = ResourcePath(type: pods, namespace: "default")
        guard case .watch(let w) = try plan("GET", collection, ["watch": "true", "resourceVersion": "105",
                                                                "labelSelector": "app=web", "timeoutSeconds": "322",
                                                                "allowWatchBookmarks": "true"]) else {
            Issue.record("not a watch"); return
        }
        #expect(w.namespace == "default")
        #expect(w.resourceVersion == 105)
        #expect(w.labelSelector == "app=web")
        #expect(w.timeoutSeconds == 322)
        #expect(w.allowBookmarks)
        #expect(w.apiQuery(resourceVersion: 7) == ["labelSelector": "app=web", "resourceVersion": "7"])
        guard case .watch(let one) = try plan("GET", ResourcePath(type: pods, namespace: "default", name: "web", legacyWatch: true),
                                              ["fieldSelector": "status.phase=Running"]) else {
            Issue.record("not a watch"); return
        }
        #expect(one.fieldSelector == "status.phase=Running,metadata.name=web")
        #expect(one.resourceVersion == nil)
        guard case .watch(let zero) = try plan("GET", collection, ["watch": "1", "resourceVersion": "0"]) else {
            Issue.record("not a watch"); return
        }
        #expect(zero.resourceVersion == nil)
        #expect(try plan("GET", collection, ["watch": "false"]) == .call(.list, body: nil))
    }

    @Test func malformedWatchQueriesAre400() {
        let collection = ResourcePath(type: pods, namespace: "default")
        for query in [["watch": "yes"], ["watch": "1", "resourceVersion": "abc"], ["watch": "1", "labelSelector": "a in (b"],
                      ["watch": "1", "fieldSelector": "nofield"], ["watch": "1", "timeoutSeconds": "-1"],
                      ["watch": "1", "sendInitialEvents": "true"]] {
            do { _ = try plan("GET", collection, query); Issue.record("accepted \(query)") } catch {
                #expect(error.code == 400, "\(query): \(error)")
            }
        }
    }
}
