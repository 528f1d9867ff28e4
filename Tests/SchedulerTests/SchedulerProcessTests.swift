import Client
import Foundation
import Resources
import SkiffTestSupport
import Testing

/// `skiff scheduler` as a real process against a real store and API server; nodes are Node
/// objects written through the API (as a kubelet would register them), pods are created through
/// the API, and everything is observed through the API.
@Suite(.serialized) struct SchedulerProcessTests {
    static func withScheduler(_ body: (APIClient) async throws -> Void) async throws {
        let cluster = try await TestCluster.start()
        let environment = ProcessInfo.processInfo.environment.merging(["SKIFF_HOME": cluster.home]) { $1 }
        let scheduler = try ChildProcess(skiff: ["scheduler", "--api", cluster.apiRPC, "--api-events", cluster.apiEvents],
                                         environment: environment)
        let api: APIClient
        do {
            let ready = try await scheduler.line(containing: "skiff scheduler ready")
            #expect(readyFields(ready)["api"] == cluster.apiRPC)
            api = try await APIClient(endpoints: [cluster.apiRPC])
        } catch {
            try await cluster.stop(also: [scheduler])
            throw error
        }
        do {
            try await body(api)
        } catch {
            await api.close()
            try await cluster.stop(also: [scheduler])
            throw error
        }
        await api.close()
        let statuses = try await cluster.stop(also: [scheduler])
        #expect(statuses.first == 0, "the scheduler exits 0 on SIGTERM")
    }

    static func node(_ name: String, cpu: String, memory: String = "4Gi", pods: String = "110", labels: [String: String] = [:],
                     taints: [JSON] = []) -> JSON {
        var l = JSONObject()
        for (k, v) in labels.sorted(by: { $0.key < $1.key }) { l[k] = .string(v) }
        let resources: JSON = ["cpu": .string(cpu), "memory": .string(memory), "pods": .string(pods)]
        var n: JSON = ["apiVersion": "v1", "kind": "Node", "metadata": ["name": .string(name), "labels": .object(l)],
                       "status": ["capacity": resources, "allocatable": resources,
                                  "conditions": [["type": "Ready", "status": "True", "reason": "KubeletReady"]]]]
        if !taints.isEmpty { n["spec"] = ["taints": .array(taints)] }
        return n
    }

    static func pod(_ name: String, cpu: String = "100m", memory: String = "64Mi", spec extra: JSONObject = [:]) -> JSON {
        var spec: JSON = ["containers": [["name": "c", "image": "busybox",
                                          "resources": ["requests": ["cpu": .string(cpu), "memory": .string(memory)]]]]]
        for (k, v) in extra { spec[k] = v }
        return ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name), "namespace": "default"], "spec": spec]
    }

    static func create(_ api: APIClient, _ resource: String, _ object: JSON) async throws {
        _ = try await api.call(APIRequest(.create, resource: resource, namespace: resource == "nodes" ? nil : "default", body: object))
    }

    static func get(_ api: APIClient, _ name: String) async -> JSON? {
        try? await api.call(APIRequest(.get, resource: "pods", namespace: "default", name: name)).object()
    }

    static func nodeName(_ api: APIClient, _ name: String) async -> String? {
        await get(api, name)?["spec"]?["nodeName"]?.string
    }

    static func events(_ api: APIClient, about pod: String) async -> [JSON] {
        let list = try? await api.call(APIRequest(.list, resource: "events", namespace: "default")).object()
        return (list?["items"]?.array ?? []).filter { $0["involvedObject"]?["name"]?.string == pod }
    }

    @Test func podsAreBoundAndATooBigPodWaitsWithItsReasonUntilABigNodeArrives() async throws {
        try await Self.withScheduler { api in
            for n in ["n1", "n2"] { try await Self.create(api, "nodes", Self.node(n, cpu: "2")) }
            for i in 1...3 { try await Self.create(api, "pods", Self.pod("small-\(i)", cpu: "500m")) }
            try await eventually(.seconds(90), "the small pods are bound") {
                var all = true
                for i in 1...3 where await Self.nodeName(api, "small-\(i)") == nil { all = false }
                return all
            }
            let node = await Self.nodeName(api, "small-1") ?? ""
            #expect(["n1", "n2"].contains(node))
            let bound = await Self.get(api, "small-1")
            let scheduledCondition = bound?["status"]?["conditions"]?.array?.first { $0["type"]?.string == "PodScheduled" }
            #expect(scheduledCondition?["status"]?.string == "True")
            try await eventually(.seconds(90), "the Scheduled event") { await !Self.events(api, about: "small-1").isEmpty }
            let scheduled = await Self.events(api, about: "small-1")[0]
            #expect(scheduled["reason"]?.string == "Scheduled")
            #expect(scheduled["type"]?.string == "Normal")
            #expect(scheduled["message"]?.string == "Successfully assigned default/small-1 to \(node)")
            #expect(scheduled["source"]?["component"]?.string == "default-scheduler")

            try await Self.create(api, "pods", Self.pod("huge", cpu: "8"))
            let message = "0/2 nodes are available: 2 Insufficient cpu."
            try await eventually(.seconds(90), "huge is marked unschedulable") {
                let c = await Self.get(api, "huge")?["status"]?["conditions"]?.array?.first { $0["type"]?.string == "PodScheduled" }
                return c?["status"]?.string == "False" && c?["reason"]?.string == "Unschedulable" && c?["message"]?.string == message
            }
            try await eventually(.seconds(90), "the FailedScheduling event") { await !Self.events(api, about: "huge").isEmpty }
            let failed = await Self.events(api, about: "huge")
            #expect(failed.count == 1)
            #expect(failed[0]["reason"]?.string == "FailedScheduling")
            #expect(failed[0]["type"]?.string == "Warning")
            #expect(failed[0]["message"]?.string == message)
            #expect(failed[0]["source"]?["component"]?.string == "default-scheduler")
            #expect(failed[0]["involvedObject"]?["kind"]?.string == "Pod")
            #expect(failed[0]["involvedObject"]?["uid"]?.string == (await Self.get(api, "huge"))?["metadata"]?["uid"]?.string)
            #expect(await Self.nodeName(api, "huge") == nil)

            try await Self.create(api, "nodes", Self.node("big", cpu: "16"))
            try await eventually(.seconds(90), "huge is bound to the big node") { await Self.nodeName(api, "huge") == "big" }
            // One FailedScheduling event for the pod, however often it was tried.
            #expect(await Self.events(api, about: "huge").filter { $0["reason"]?.string == "FailedScheduling" }.count == 1)
        }
    }

    @Test func nodeSelectorsTaintsAndDaemonSetAffinityAreObeyed() async throws {
        try await Self.withScheduler { api in
            try await Self.create(api, "nodes", Self.node("plain", cpu: "4"))
            try await Self.create(api, "nodes", Self.node("fast", cpu: "4", labels: ["disk": "ssd"]))
            try await Self.create(api, "nodes", Self.node("gpu", cpu: "4", labels: ["gpu": "yes"],
                                                          taints: [["key": "dedicated", "value": "gpu", "effect": "NoSchedule"]]))
            try await Self.create(api, "pods", Self.pod("wants-ssd", spec: ["nodeSelector": ["disk": "ssd"]]))
            try await Self.create(api, "pods", Self.pod("tolerates-gpu", spec: [
                "nodeSelector": ["gpu": "yes"], "tolerations": [["key": "dedicated", "operator": "Equal", "value": "gpu", "effect": "NoSchedule"]]]))
            try await Self.create(api, "pods", Self.pod("daemon", spec: ["affinity": ["nodeAffinity": ["requiredDuringSchedulingIgnoredDuringExecution": [
                "nodeSelectorTerms": [["matchFields": [["key": "metadata.name", "operator": "In", "values": ["plain"]]]]]]]]]))
            for i in 0..<8 { try await Self.create(api, "pods", Self.pod("free-\(i)")) }
            try await Self.create(api, "pods", Self.pod("wants-gpu", spec: ["nodeSelector": ["gpu": "yes"]]))

            try await eventually(.seconds(90), "the placeable pods are bound") {
                var names = ["wants-ssd", "tolerates-gpu", "daemon"]
                names += (0..<8).map { "free-\($0)" }
                for n in names where await Self.nodeName(api, n) == nil { return false }
                return true
            }
            #expect(await Self.nodeName(api, "wants-ssd") == "fast")
            #expect(await Self.nodeName(api, "tolerates-gpu") == "gpu")
            #expect(await Self.nodeName(api, "daemon") == "plain")
            for i in 0..<8 { #expect(await Self.nodeName(api, "free-\(i)") != "gpu", "free-\(i) does not tolerate the gpu taint") }
            let message = "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 2 node(s) didn't match Pod's node affinity/selector."
            try await eventually(.seconds(90), "wants-gpu is refused with both reasons") {
                await Self.events(api, about: "wants-gpu").first?["message"]?.string == message
            }
            #expect(await Self.nodeName(api, "wants-gpu") == nil)
        }
    }

    @Test func fiftyPodsOnThreeNodesNeverOvercommit() async throws {
        try await Self.withScheduler { api in
            for n in ["a", "b", "c"] { try await Self.create(api, "nodes", Self.node(n, cpu: "2", memory: "2Gi", pods: "20")) }
            // 250m and 256Mi each: 8 fit on a node by cpu and by memory, 24 in all.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<50 { group.addTask { try await Self.create(api, "pods", Self.pod("p-\(i)", cpu: "250m", memory: "256Mi")) } }
                try await group.waitForAll()
            }
            @Sendable func pods() async -> [JSON] {
                let list = try? await api.call(APIRequest(.list, resource: "pods", namespace: "default")).object()
                return list?["items"]?.array ?? []
            }
            try await eventually(.seconds(60), "24 bound and 26 marked unschedulable") {
                let all = await pods()
                let bound = all.filter { $0["spec"]?["nodeName"]?.string != nil }.count
                let refused = all.filter { p in
                    p["status"]?["conditions"]?.array?.contains { $0["type"]?.string == "PodScheduled" && $0["status"]?.string == "False" } ?? false
                }.count
                return bound == 24 && refused == 26
            }
            var perNode: [String: Int] = [:]
            for p in await pods() { if let n = p["spec"]?["nodeName"]?.string { perNode[n, default: 0] += 1 } }
            #expect(perNode == ["a": 8, "b": 8, "c": 8])
        }
    }
}
