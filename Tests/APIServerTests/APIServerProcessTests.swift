import Bus
import Client
import Foundation
import Resources
import SkiffTestSupport
import Testing
@testable import APIServer

/// `skiff apiserver` as a real process over a real `skiff store`, driven over the bus.
@Suite(.serialized) struct APIServerProcessTests {
    static func deployment(_ name: String, replicas: Int64 = 2, image: String = "nginx:1.27") -> JSON {
        ["apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": .string(name)],
         "spec": ["replicas": .int(replicas), "selector": ["matchLabels": ["app": .string(name)]],
                  "template": ["metadata": ["labels": ["app": .string(name)]],
                               "spec": ["containers": [["name": "web", "image": .string(image)]]]]]]
    }

    static func create(_ api: APIClient, _ group: String = "apps", _ resource: String = "deployments",
                       namespace: String? = "default", body: JSON) async throws -> JSON {
        try await api.call(APIRequest(.create, group: group, version: "v1", resource: resource, namespace: namespace, body: body)).object()
    }

    static func expectStatus(_ code: Int, _ reason: String, _ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("expected \(code) \(reason), got success")
        } catch let e as StatusError {
            #expect(e.code == code, "\(e)")
            #expect(e.reason == reason, "\(e)")
        } catch {
            Issue.record("expected a StatusError, got \(error)")
        }
    }

    @Test func createGetUpdateDeleteFollowKubernetesBookkeeping() async throws {
        let cluster = try await TestCluster.start()
        let api = try await APIClient(endpoints: [cluster.apiRPC])
        let created = try await Self.create(api, body: Self.deployment("web"))
        #expect(created["metadata"]?["generation"] == 1)
        #expect(created["metadata"]?["uid"]?.string?.count == 36)
        #expect(created["metadata"]?["creationTimestamp"]?.string?.hasSuffix("Z") == true)
        let rv1 = try #require(created.resourceVersion.flatMap { Int64($0) })

        // Read-your-writes: the get right after the create sees it.
        let got = try await api.call(APIRequest(.get, group: "apps", resource: "deployments", namespace: "default", name: "web")).object()
        #expect(got == created)

        // A label change is not a spec change; a replica change is.
        var labelled = got
        labelled["metadata"]["labels"] = ["tier": "front"]
        let afterLabel = try await api.call(APIRequest(.update, group: "apps", resource: "deployments", namespace: "default",
                                                       name: "web", body: labelled)).object()
        #expect(afterLabel["metadata"]?["generation"] == 1)
        var scaled = afterLabel
        scaled["spec"]["replicas"] = 5
        let afterScale = try await api.call(APIRequest(.update, group: "apps", resource: "deployments", namespace: "default",
                                                       name: "web", body: scaled)).object()
        #expect(afterScale["metadata"]?["generation"] == 2)
        #expect(Int64(afterScale.resourceVersion ?? "") ?? 0 > rv1)

        // A stale resourceVersion is a conflict, with Kubernetes' wording.
        await Self.expectStatus(409, "Conflict") {
            _ = try await api.call(APIRequest(.update, group: "apps", resource: "deployments", namespace: "default", name: "web", body: got))
        }
        // A second create is AlreadyExists.
        await Self.expectStatus(409, "AlreadyExists") { _ = try await Self.create(api, body: Self.deployment("web")) }

        let deleted = try await api.call(APIRequest(.delete, group: "apps", resource: "deployments", namespace: "default", name: "web"))
        #expect(deleted.code == 200)
        await Self.expectStatus(404, "NotFound") {
            _ = try await api.call(APIRequest(.get, group: "apps", resource: "deployments", namespace: "default", name: "web"))
        }
        await api.close()
        #expect(try await cluster.stop() == [0, 0])
    }

    @Test func statusAndScaleSubresourcesWriteOnlyTheirPart() async throws {
        let cluster = try await TestCluster.start()
        let api = try await APIClient(endpoints: [cluster.apiRPC])
        var object = try await Self.create(api, body: Self.deployment("web"))
        // A status in a write of the object is ignored; through /status it is stored and the spec is kept.
        object["status"] = ["replicas": 2]
        object["spec"]["replicas"] = 7
        let viaStatus = try await api.call(APIRequest(.update, group: "apps", resource: "deployments", subresource: "status",
                                                      namespace: "default", name: "web", body: object)).object()
        #expect(viaStatus["status"]?["replicas"] == 2)
        #expect(viaStatus["spec"]?["replicas"] == 2)
        #expect(viaStatus["metadata"]?["generation"] == 1)

        let scale = try await api.call(APIRequest(.patch, group: "apps", resource: "deployments", subresource: "scale",
                                                  namespace: "default", name: "web", patchType: "application/merge-patch+json",
                                                  body: ["spec": ["replicas": 4]])).object()
        #expect(scale["kind"] == "Scale")
        #expect(scale["apiVersion"] == "autoscaling/v1")
        #expect(scale["spec"]?["replicas"] == 4)
        #expect(scale["status"]?["selector"] == "app=web")
        let after = try await api.call(APIRequest(.get, group: "apps", resource: "deployments", namespace: "default", name: "web")).object()
        #expect(after["spec"]?["replicas"] == 4)
        #expect(after["status"]?["replicas"] == 2)
        await Self.expectStatus(422, "Invalid") {
            _ = try await api.call(APIRequest(.patch, group: "apps", resource: "deployments", subresource: "scale", namespace: "default",
                                              name: "web", patchType: "application/merge-patch+json", body: ["spec": ["replicas": -1]]))
        }
        await api.close()
        try await cluster.stop()
    }

    @Test func patchesOfEveryKindAndServerSideApplyCreates() async throws {
        let cluster = try await TestCluster.start()
        let api = try await APIClient(endpoints: [cluster.apiRPC])
        func patch(_ type: String, _ body: JSON, query: [String: String] = [:]) async throws -> JSON {
            try await api.call(APIRequest(.patch, group: "apps", resource: "deployments", namespace: "default", name: "web",
                                          query: query, patchType: type, body: body)).object()
        }
        // Server-side apply of an absent object creates it (201).
        let applied = try await api.call(APIRequest(.patch, group: "apps", resource: "deployments", namespace: "default", name: "web",
                                                    query: ["fieldManager": "kubectl"], patchType: "application/apply-patch+yaml",
                                                    body: Self.deployment("web")))
        #expect(applied.code == 201)
        let smp = try await patch("application/strategic-merge-patch+json",
                                  ["spec": ["template": ["spec": ["containers": [["name": "web", "image": "nginx:1.28"]]]]]])
        #expect(smp["spec"]?["template"]?["spec"]?["containers"]?[0]?["image"] == "nginx:1.28")
        let merge = try await patch("application/merge-patch+json", ["metadata": ["annotations": ["a": "b"]]])
        #expect(merge["metadata"]?["annotations"]?["a"] == "b")
        let json = try await patch("application/json-patch+json", [["op": "replace", "path": "/spec/replicas", "value": 3]])
        #expect(json["spec"]?["replicas"] == 3)
        await Self.expectStatus(422, "Invalid") {
            _ = try await patch("application/json-patch+json", [["op": "test", "path": "/spec/replicas", "value": 99]])
        }
        await Self.expectStatus(400, "BadRequest") { _ = try await patch("application/json-patch+json", ["not": "a list"]) }
        await Self.expectStatus(415, "UnsupportedMediaType") { _ = try await patch("text/plain", .emptyObject) }
        // A patch whose resourceVersion is stale is a conflict, not a silent overwrite.
        await Self.expectStatus(409, "Conflict") {
            _ = try await patch("application/merge-patch+json", ["metadata": ["resourceVersion": "1"], "spec": ["replicas": 9]])
        }
        await api.close()
        try await cluster.stop()
    }

    @Test func badRequestsGetStatusesAndWriteNothing() async throws {
        let cluster = try await TestCluster.start()
        let api = try await APIClient(endpoints: [cluster.apiRPC])
        await Self.expectStatus(404, "NotFound") {
            _ = try await api.call(APIRequest(.list, group: "nope", resource: "widgets"))
        }
        await Self.expectStatus(404, "NotFound") {
            _ = try await Self.create(api, "", "pods", namespace: "missing", body: ["metadata": ["name": "p"]])
        }
        await Self.expectStatus(400, "BadRequest") {
            _ = try await Self.create(api, "", "pods", body: ["apiVersion": "apps/v1", "kind": "Pod", "metadata": ["name": "p"]])
        }
        await Self.expectStatus(422, "Invalid") {
            _ = try await Self.create(api, "", "configmaps", body: ["metadata": ["name": "Not_A_Name"]])
        }
        await Self.expectStatus(400, "BadRequest") {
            _ = try await api.call(APIRequest(.list, resource: "pods", query: ["labelSelector": "a in (b"]))
        }
        await Self.expectStatus(400, "BadRequest") {
            _ = try await api.call(APIRequest(.list, resource: "pods", query: ["continue": "!!!"]))
        }
        // A malformed request body at the bus level is a 400, and the server goes on.
        let rpc = try await RPC.Client(connect: [cluster.apiRPC])
        do {
            _ = try await rpc.call("get", Array("{not json".utf8))
            Issue.record("a malformed request was accepted")
        } catch let e as BusError {
            #expect(e.code == 400)
        }
        await rpc.close()
        let list = try await api.call(APIRequest(.list, resource: "pods")).object()
        #expect(list["items"]?.array?.isEmpty == true)
        await api.close()
        try await cluster.stop()
    }

    @Test func listsPageWithLimitAndContinueAndFilterBySelectors() async throws {
        let cluster = try await TestCluster.start()
        let api = try await APIClient(endpoints: [cluster.apiRPC])
        for i in 0..<5 {
            _ = try await Self.create(api, "", "configmaps", body: ["metadata": ["name": .string("cm-\(i)"), "labels": ["even": .string(i % 2 == 0 ? "yes" : "no")]]])
        }
        var names: [String] = []
        var token: String? = nil
        repeat {
            var query = ["limit": "2"]
            if let token { query["continue"] = token }
            let page = try await api.call(APIRequest(.list, resource: "configmaps", namespace: "default", query: query)).object()
            names += (page["items"]?.array ?? []).compactMap(\.name)
            token = page["metadata"]?["continue"]?.string
        } while token != nil
        #expect(names == ["cm-0", "cm-1", "cm-2", "cm-3", "cm-4"])
        let even = try await api.call(APIRequest(.list, resource: "configmaps", query: ["labelSelector": "even=yes"])).object()
        #expect((even["items"]?.array ?? []).compactMap(\.name) == ["cm-0", "cm-2", "cm-4"])
        let one = try await api.call(APIRequest(.list, resource: "configmaps", query: ["fieldSelector": "metadata.name=cm-3"])).object()
        #expect((one["items"]?.array ?? []).compactMap(\.name) == ["cm-3"])
        await api.close()
        try await cluster.stop()
    }

    @Test func watchesCatchUpFromTheCacheAndTooOldIsGone() async throws {
        let cluster = try await TestCluster.start(apiserverArguments: ["--watch-cache-size", "3"])
        let api = try await APIClient(endpoints: [cluster.apiRPC])
        let first = try await Self.create(api, "", "configmaps", body: ["metadata": ["name": "a"]])
        let start = try #require(first.resourceVersion)
        for name in ["b", "c", "d"] { _ = try await Self.create(api, "", "configmaps", body: ["metadata": ["name": .string(name)]]) }
        let reply = try await api.call(APIRequest(.watch, resource: "configmaps", namespace: "default",
                                                  query: ["resourceVersion": start])).object()
        #expect((reply["events"]?.array ?? []).compactMap { $0["object"]?.name } == ["b", "c", "d"])
        #expect((reply["events"]?.array ?? []).allSatisfy { $0["type"] == "ADDED" })
        await Self.expectStatus(410, "Expired") {
            _ = try await api.call(APIRequest(.watch, resource: "configmaps", query: ["resourceVersion": "1"]))
        }
        await api.close()
        try await cluster.stop()
    }

    @Test func theClusterStreamCarriesChangesAndEachNodeSeesOnlyItsPods() async throws {
        let cluster = try await TestCluster.start()
        let api = try await APIClient(endpoints: [cluster.apiRPC])
        let all = try await EventStream.Subscriber(connect: [cluster.apiEvents], streams: ["pods/"])
        let node1 = try await EventStream.Subscriber(connect: [cluster.apiEvents], streams: [ClusterEvent.nodeStream(node: "node-1")])
        // Subscriptions are live once the welcome heartbeats arrive.
        for s in [all, node1] {
            var it = s.deliveries.makeAsyncIterator()
            while let d = await it.next() { if case .live = d { break } }
        }
        for name in ["p1", "p2"] {
            _ = try await Self.create(api, "", "pods", body: ["metadata": ["name": .string(name)],
                                                        "spec": ["containers": [["name": "c", "image": "busybox"]]]])
        }
        let bound = try await api.call(APIRequest(.create, resource: "pods", subresource: "binding", namespace: "default", name: "p1",
                                                  body: ["apiVersion": "v1", "kind": "Binding", "metadata": ["name": "p1"],
                                                         "target": ["kind": "Node", "name": "node-1"]]))
        #expect(bound.code == 201)
        await Self.expectStatus(409, "Conflict") {
            _ = try await api.call(APIRequest(.create, resource: "pods", subresource: "binding", namespace: "default", name: "p1",
                                              body: ["target": ["name": "node-2"]]))
        }
        func events(_ s: EventStream.Subscriber, _ n: Int) async throws -> [String] {
            try await ChildProcess.within(.seconds(30), "\(n) events") {
                var seen: [String] = []
                for await d in s.deliveries {
                    if case .event(let e) = d, let ev = try? ClusterEvent(decoding: e.body) {
                        seen.append("\(ev.type.rawValue) \(e.topic)")
                        if seen.count == n { return seen }
                    }
                }
                return seen
            }
        }
        #expect(try await events(all, 3) == ["ADDED pods/default/p1", "ADDED pods/default/p2", "MODIFIED pods/default/p1"])
        #expect(try await events(node1, 1) == ["ADDED pods@node/node-1/default/p1"])
        await all.close()
        await node1.close()
        await api.close()
        try await cluster.stop()
    }

    @Test func deletionHonoursFinalizersAndPropagationPolicies() async throws {
        let cluster = try await TestCluster.start()
        let api = try await APIClient(endpoints: [cluster.apiRPC])
        func owned(_ name: String, by owner: JSON) -> JSON {
            ["metadata": ["name": .string(name), "ownerReferences": [["apiVersion": "apps/v1", "kind": "Deployment",
                                                                      "name": owner["metadata"]?["name"] ?? "", "uid": owner["metadata"]?["uid"] ?? ""]]]]
        }
        @Sendable func exists(_ resource: String, _ group: String, _ name: String) async throws -> Bool {
            do {
                _ = try await api.call(APIRequest(.get, group: group, resource: resource, namespace: "default", name: name))
                return true
            } catch where error.code == 404 { return false }
        }
        // A finalizer holds the object, marked terminating, until it is removed.
        let held = try await Self.create(api, "", "configmaps", body: ["metadata": ["name": "held", "finalizers": ["example.com/hold"]]])
        let marked = try await api.call(APIRequest(.delete, resource: "configmaps", namespace: "default", name: "held")).object()
        #expect(marked.deletionTimestamp != nil)
        #expect(try await exists("configmaps", "", "held"))
        _ = try await api.call(APIRequest(.patch, resource: "configmaps", namespace: "default", name: "held",
                                          patchType: "application/merge-patch+json", body: ["metadata": ["finalizers": nil]]))
        #expect(try await exists("configmaps", "", "held") == false)
        _ = held

        // Background: the owner goes at once, its dependents right after.
        let bg = try await Self.create(api, body: Self.deployment("bg"))
        _ = try await Self.create(api, "", "configmaps", body: owned("bg-child", by: bg))
        _ = try await api.call(APIRequest(.delete, group: "apps", resource: "deployments", namespace: "default", name: "bg",
                                          body: ["propagationPolicy": "Background"]))
        try await eventually(.seconds(90), "the background dependent to go") { (try? await exists("configmaps", "", "bg-child")) == false }

        // Orphan: the dependent stays, without its owner reference.
        let orphaner = try await Self.create(api, body: Self.deployment("orph"))
        _ = try await Self.create(api, "", "configmaps", body: owned("orph-child", by: orphaner))
        _ = try await api.call(APIRequest(.delete, group: "apps", resource: "deployments", namespace: "default", name: "orph",
                                          query: ["propagationPolicy": "Orphan"]))
        try await eventually(.seconds(90), "the orphaning owner to go") { (try? await exists("deployments", "apps", "orph")) == false }
        let child = try await api.call(APIRequest(.get, resource: "configmaps", namespace: "default", name: "orph-child")).object()
        #expect(child["metadata"]?["ownerReferences"] == nil)

        // Foreground: the dependents go first, then the owner.
        let fg = try await Self.create(api, body: Self.deployment("fg"))
        _ = try await Self.create(api, "", "configmaps", body: owned("fg-child", by: fg))
        let terminating = try await api.call(APIRequest(.delete, group: "apps", resource: "deployments", namespace: "default", name: "fg",
                                                        body: ["propagationPolicy": "Foreground"])).object()
        #expect(terminating.finalizers == ["foregroundDeletion"])
        try await eventually(.seconds(90), "the foreground owner to go") { (try? await exists("deployments", "apps", "fg")) == false }
        #expect(try await exists("configmaps", "", "fg-child") == false)
        await api.close()
        try await cluster.stop()
    }

    @Test func deletingANamespaceDeletesItsContents() async throws {
        let cluster = try await TestCluster.start()
        let api = try await APIClient(endpoints: [cluster.apiRPC])
        _ = try await Self.create(api, "", "namespaces", namespace: nil, body: ["metadata": ["name": "scratch"]])
        _ = try await Self.create(api, "", "configmaps", namespace: "scratch", body: ["metadata": ["name": "x"]])
        let ns = try await api.call(APIRequest(.delete, resource: "namespaces", name: "scratch")).object()
        #expect(ns["status"]?["phase"] == "Terminating")
        try await eventually(.seconds(90), "the namespace to go") {
            do {
                _ = try await api.call(APIRequest(.get, resource: "namespaces", name: "scratch"))
                return false
            } catch { return true }
        }
        let left = try await api.call(APIRequest(.list, resource: "configmaps", namespace: "scratch")).object()
        #expect(left["items"]?.array?.isEmpty == true)
        await api.close()
        try await cluster.stop()
    }

    @Test func stateSurvivesAnAPIServerRestart() async throws {
        let cluster = try await TestCluster.start()
        var api = try await APIClient(endpoints: [cluster.apiRPC])
        _ = try await Self.create(api, body: Self.deployment("kept"))
        await api.close()
        try await cluster.restartAPIServer()
        api = try await APIClient(endpoints: [cluster.apiRPC])
        let got = try await api.call(APIRequest(.get, group: "apps", resource: "deployments", namespace: "default", name: "kept")).object()
        #expect(got.name == "kept")
        let namespaces = try await api.call(APIRequest(.list, resource: "namespaces")).object()
        #expect((namespaces["items"]?.array ?? []).compactMap(\.name) == ["default", "kube-node-lease", "kube-public", "kube-system"])
        await api.close()
        try await cluster.stop()
    }

    @Test func admissionChecksFieldsDefaultsAndValidates() async throws {
        let cluster = try await TestCluster.start()
        let api = try await APIClient(endpoints: [cluster.apiRPC])
        var unknown = Self.deployment("typo")
        unknown["spec"]["replicaz"] = 3
        // Strict: a 400 naming the field; Warn: created, with the warning; Ignore: silent.
        do {
            _ = try await api.call(APIRequest(.create, group: "apps", resource: "deployments", namespace: "default",
                                              query: ["fieldValidation": "Strict"], body: unknown))
            Issue.record("an unknown field passed strict validation")
        } catch {
            #expect(error.code == 400)
            #expect(error.message == "strict decoding error: unknown field \"spec.replicaz\"")
        }
        let warned = try await api.call(APIRequest(.create, group: "apps", resource: "deployments", namespace: "default",
                                                   query: ["fieldValidation": "Warn"], body: unknown))
        #expect(warned.warnings == ["unknown field \"spec.replicaz\""])
        // Defaults are filled in.
        let object = try warned.object()
        #expect(object["spec"]?["strategy"]?["type"] == "RollingUpdate")
        #expect(object["spec"]?["template"]?["spec"]?["restartPolicy"] == "Always")
        #expect(object["spec"]?["template"]?["spec"]?["containers"]?[0]?["imagePullPolicy"] == "IfNotPresent")
        // A wrong type is a 400 whatever the mode.
        var mistyped = Self.deployment("mistyped")
        mistyped["spec"]["replicas"] = "two"
        await Self.expectStatus(400, "BadRequest") {
            _ = try await api.call(APIRequest(.create, group: "apps", resource: "deployments", namespace: "default",
                                              query: ["fieldValidation": "Ignore"], body: mistyped))
        }
        // A selector that does not match the template is Invalid, with the field named.
        var mismatched = Self.deployment("mismatch")
        mismatched["spec"]["selector"] = ["matchLabels": ["app": "other"]]
        do {
            _ = try await Self.create(api, body: mismatched)
            Issue.record("a mismatched selector was accepted")
        } catch let error as StatusError {
            #expect(error.code == 422)
            #expect(error.details?.causes.contains { $0.field == "spec.template.metadata.labels" } == true, "\(error)")
        }
        // A Job gets the generated selector and pod labels; generateName gives a fresh name.
        let job = try await Self.create(api, "batch", "jobs", body: [
            "apiVersion": "batch/v1", "kind": "Job", "metadata": ["generateName": "once-"],
            "spec": ["template": ["spec": ["restartPolicy": "Never", "containers": [["name": "c", "image": "busybox"]]]]]])
        let name = try #require(job.name)
        #expect(name.hasPrefix("once-") && name.count == 10)
        let uid = try #require(job.uid)
        #expect(job["spec"]?["selector"]?["matchLabels"]?["batch.kubernetes.io/controller-uid"]?.string == uid)
        #expect(job["spec"]?["template"]?["metadata"]?["labels"]?["job-name"]?.string == name)
        await api.close()
        try await cluster.stop()
    }

    @Test func dryRunAnswersAsIfWrittenButWritesNothing() async throws {
        let cluster = try await TestCluster.start()
        let api = try await APIClient(endpoints: [cluster.apiRPC])
        let dry = try await api.call(APIRequest(.create, group: "apps", resource: "deployments", namespace: "default",
                                                query: ["dryRun": "All"], body: Self.deployment("ghost")))
        #expect(dry.code == 201)
        #expect(try dry.object()["spec"]?["strategy"]?["type"] == "RollingUpdate")
        await Self.expectStatus(404, "NotFound") {
            _ = try await api.call(APIRequest(.get, group: "apps", resource: "deployments", namespace: "default", name: "ghost"))
        }
        _ = try await Self.create(api, body: Self.deployment("real"))
        _ = try await api.call(APIRequest(.patch, group: "apps", resource: "deployments", namespace: "default", name: "real",
                                          query: ["dryRun": "All"], patchType: "application/merge-patch+json", body: ["spec": ["replicas": 9]]))
        _ = try await api.call(APIRequest(.delete, group: "apps", resource: "deployments", namespace: "default", name: "real",
                                          query: ["dryRun": "All"]))
        let real = try await api.call(APIRequest(.get, group: "apps", resource: "deployments", namespace: "default", name: "real")).object()
        #expect(real["spec"]?["replicas"] == 2)
        await Self.expectStatus(400, "BadRequest") {
            _ = try await api.call(APIRequest(.delete, group: "apps", resource: "deployments", namespace: "default", name: "real",
                                              query: ["dryRun": "Some"]))
        }
        await api.close()
        try await cluster.stop()
    }

    @Test func withoutTheStoreWritesFailAtOnceAndAreNeverCarriedOutLater() async throws {
        let cluster = try await TestCluster.start()
        let api = try await APIClient(endpoints: [cluster.apiRPC])
        try await cluster.stopStore()
        do {
            _ = try await Self.create(api, "", "configmaps", body: ["metadata": ["name": "while-down"]])
            Issue.record("a write succeeded without a store")
        } catch let e as StatusError {
            #expect(e.code == 503 || e.code == 504, "\(e)")
            #expect(e.message.contains("store"), "\(e)")
        }
        // Reads are served from the cache meanwhile.
        let namespaces = try await api.call(APIRequest(.list, resource: "namespaces")).object()
        #expect(namespaces["items"]?.array?.count == 4)
        try await cluster.startStore()
        try await eventually(.seconds(60), "writes to work again") {
            (try? await Self.create(api, "", "configmaps", body: ["metadata": ["name": "after"]])) != nil
        }
        // The write that failed was not carried out when the store came back.
        await Self.expectStatus(404, "NotFound") {
            _ = try await api.call(APIRequest(.get, resource: "configmaps", namespace: "default", name: "while-down"))
        }
        await api.close()
        try await cluster.stop()
    }

    @Test func newPodsGetTheDefaultServiceAccountAndNodeLossTolerations() async throws {
        let cluster = try await TestCluster.start()
        let api = try await APIClient(endpoints: [cluster.apiRPC])
        let pod = try await Self.create(api, "", "pods", body: ["metadata": ["name": "p"], "spec": [
            "containers": [["name": "c", "image": "busybox"]],
            "tolerations": [["key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 30]]]])
        #expect(pod["spec"]?["serviceAccountName"] == "default")
        let tolerations = pod["spec"]?["tolerations"]?.array ?? []
        #expect(tolerations.count == 2)
        #expect(tolerations.contains { $0["key"] == "node.kubernetes.io/not-ready" && $0["tolerationSeconds"] == 300 })
        #expect(tolerations.contains { $0["key"] == "node.kubernetes.io/unreachable" && $0["tolerationSeconds"] == 30 })
        await api.close()
        try await cluster.stop()
    }
}
