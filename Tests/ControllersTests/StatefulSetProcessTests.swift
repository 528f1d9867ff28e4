import Client
import Controllers
import Foundation
import Resources
import SkiffTestSupport
import Testing

@Suite(.serialized) struct StatefulSetProcessTests {
    static let web: JSON = [
        "apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": ["name": "web"],
        "spec": ["replicas": 3, "serviceName": "nginx", "selector": ["matchLabels": ["app": "nginx"]],
                 "template": ["metadata": ["labels": ["app": "nginx"]],
                              "spec": ["containers": [["name": "c", "image": "nginx", "volumeMounts": [["name": "www", "mountPath": "/usr/share/nginx/html"]]]]]],
                 "volumeClaimTemplates": [["metadata": ["name": "www"],
                                           "spec": ["accessModes": ["ReadWriteOnce"], "resources": ["requests": ["storage": "1Gi"]]]]]]]

    func names(_ c: ManagedCluster) async -> [String] {
        await c.list("pods", labelSelector: "app=nginx").filter { !JobPodFacts.isTerminating($0) }.map(JobPodFacts.name).sorted()
    }

    @Test func comesUpInOrderAndAPodComesBackWithItsClaim() async throws {
        let c = try await ManagedCluster.start(controllers: "statefulset,localvolume")
        do {
            _ = try await c.create("statefulsets", group: "apps", Self.web)
            for ord in 0..<3 {
                try await eventually(.seconds(90), "web-\(ord)") { await names(c).contains("web-\(ord)") }
                // Nothing after it until it is Running and Ready.
                #expect(await names(c) == (0...ord).map { "web-\($0)" })
                let pod = await c.get("pods", "web-\(ord)")
                #expect(pod?["spec"]["hostname"]?.string == "web-\(ord)")
                #expect(pod?["spec"]["subdomain"]?.string == "nginx")
                #expect(pod?["metadata"]["labels"]["statefulset.kubernetes.io/pod-name"]?.string == "web-\(ord)")
                #expect(pod?["spec"]["volumes"]?.array?.contains { $0["persistentVolumeClaim"]["claimName"]?.string == "www-web-\(ord)" } == true)
                try await c.setPod("web-\(ord)", phase: "Running", ready: true)
            }
            try await eventually(.seconds(90), "readyReplicas 3") {
                await c.get("statefulsets", group: "apps", "web")?["status"]["readyReplicas"]?.int == 3
            }
            let set = await c.get("statefulsets", group: "apps", "web")
            #expect(set?["status"]["currentRevision"]?.string == set?["status"]["updateRevision"]?.string)
            #expect(await c.list("controllerrevisions", group: "apps").map(JobPodFacts.name) == [set?["status"]["updateRevision"]?.string ?? "?"])
            // Claims are bound to local volumes.
            try await eventually(.seconds(90), "three bound claims") {
                await c.list("persistentvolumeclaims").filter { $0["status"]["phase"]?.string == "Bound" }.count == 3
            }
            let claim = await c.get("persistentvolumeclaims", "www-web-1")
            let volumeName = claim?["spec"]["volumeName"]?.string ?? ""
            let volume = await c.get("persistentvolumes", volumeName, namespace: nil)
            #expect(volume?["spec"]["claimRef"]["name"]?.string == "www-web-1")
            #expect(volume?["status"]["phase"]?.string == "Bound")
            let path = volume?["spec"]["hostPath"]["path"]?.string ?? ""
            #expect(path.hasPrefix(c.cluster.home + "/volumes/"))
            #expect(FileManager.default.fileExists(atPath: path))

            // web-1 deleted: it comes back as web-1, with the same claim.
            let oldUID = JobPodFacts.uid(await c.get("pods", "web-1") ?? .null)
            _ = try await c.client.call(APIRequest(.delete, resource: "pods", namespace: "default", name: "web-1"))
            try await eventually(.seconds(90), "a new web-1") {
                let uid = await c.get("pods", "web-1").map(JobPodFacts.uid)
                return uid != nil && uid != oldUID
            }
            let again = await c.get("pods", "web-1")
            #expect(again?["spec"]["volumes"]?.array?.contains { $0["persistentVolumeClaim"]["claimName"]?.string == "www-web-1" } == true)
            #expect(JobPodFacts.uid(await c.get("persistentvolumeclaims", "www-web-1") ?? .null) == JobPodFacts.uid(claim ?? .null))
            try await eventually(.seconds(90), "the SuccessfulCreate event") { await c.events(about: "web").contains("SuccessfulCreate") }
        } catch {
            try await c.stop()
            throw error
        }
        try await c.stop()
    }
}

@Suite(.serialized) struct NodeLifecycleProcessTests {
    @Test func aNodeWithAStaleLeaseIsTaintedAndItsPodsEvicted() async throws {
        let c = try await ManagedCluster.start(controllers: "nodelifecycle", extra: ["--node-monitor-grace-period", "2s"])
        do {
            let now = JSON.string(MetaTime.current().rfc3339)
            _ = try await c.create("nodes", ["apiVersion": "v1", "kind": "Node", "metadata": ["name": "node-1"],
                                             "status": ["conditions": [["type": "Ready", "status": "True", "reason": "KubeletReady",
                                                                        "lastHeartbeatTime": now, "lastTransitionTime": now]]]],
                                   namespace: nil)
            var lease = try await c.create("leases", group: "coordination.k8s.io",
                                           ["apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": ["name": "node-1"],
                                            "spec": ["holderIdentity": "node-1", "leaseDurationSeconds": 40, "renewTime": now]],
                                           namespace: "kube-node-lease")
            for (name, seconds) in [("quick", Int64(1)), ("patient", nil)] as [(String, Int64?)] {
                var pod: JSON = ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name)],
                                 "spec": ["nodeName": "node-1", "containers": [["name": "c", "image": "busybox"]]]]
                if let seconds {
                    pod["spec"]["tolerations"] = [["key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute",
                                                   "tolerationSeconds": .int(seconds)]]
                }
                _ = try await c.create("pods", pod)
            }
            try await eventually(.seconds(90), "a pod CIDR") {
                await c.get("nodes", "node-1", namespace: nil)?["spec"]["podCIDR"]?.string == "10.244.0.0/24"
            }
            try await eventually(.seconds(90), "the unreachable taints") {
                let taints = await c.get("nodes", "node-1", namespace: nil)?["spec"]["taints"]?.array ?? []
                return taints.filter { $0["key"]?.string == "node.kubernetes.io/unreachable" }.count == 2
            }
            let node = await c.get("nodes", "node-1", namespace: nil)
            let ready = node?["status"]["conditions"]?.array?.first { $0["type"]?.string == "Ready" }
            #expect(ready?["status"]?.string == "Unknown")
            #expect(ready?["reason"]?.string == "NodeStatusUnknown")
            #expect(ready?["message"]?.string == "Kubelet stopped posting node status.")
            try await eventually(.seconds(90), "the quick pod evicted") {
                await c.get("pods", "quick").map(JobPodFacts.isTerminating) ?? true
            }
            // The other has the API server's 300 s toleration.
            #expect(await c.get("pods", "patient").map(JobPodFacts.isTerminating) == false)
            try await eventually(.seconds(90), "the NodeNotReady event") { await c.events(about: "node-1").contains("NodeNotReady") }

            // The kubelet comes back: the taints go.
            lease["spec"]["renewTime"] = .string(MetaTime.current().rfc3339)
            _ = try await c.client.call(APIRequest(.update, group: "coordination.k8s.io", resource: "leases", namespace: "kube-node-lease",
                                                   name: "node-1", body: lease))
            try await eventually(.seconds(90), "no taints") {
                (await c.get("nodes", "node-1", namespace: nil)?["spec"]["taints"]?.array ?? []).isEmpty
            }
        } catch {
            try await c.stop()
            throw error
        }
        try await c.stop()
    }
}

@Suite(.serialized) struct StatefulSetRollingUpdateProcessTests {
    /// A new template replaces pods from the highest ordinal down, one at a time, each once the
    /// one before is Ready again; the revisions follow.
    @Test func rollingUpdateGoesDownOneReadyPodAtATime() async throws {
        let c = try await ManagedCluster.start(controllers: "statefulset")
        do {
            var set = StatefulSetProcessTests.web
            set["spec"]["volumeClaimTemplates"] = nil
            set["spec"]["template"]["spec"]["containers"] = [["name": "c", "image": "nginx:1"]]
            set["spec"]["replicas"] = 2
            _ = try await c.create("statefulsets", group: "apps", set)
            for ord in 0..<2 {
                try await eventually(.seconds(90), "web-\(ord)") { await c.get("pods", "web-\(ord)") != nil }
                try await c.setPod("web-\(ord)", phase: "Running", ready: true)
            }
            try await eventually(.seconds(90), "readyReplicas 2") {
                await c.get("statefulsets", group: "apps", "web")?["status"]["readyReplicas"]?.int == 2
            }
            var current = await c.get("statefulsets", group: "apps", "web") ?? .null
            let firstRevision = current["status"]["currentRevision"]?.string ?? ""
            current["spec"]["template"]["spec"]["containers"] = [["name": "c", "image": "nginx:2"]]
            _ = try await c.client.call(APIRequest(.update, group: "apps", resource: "statefulsets", namespace: "default", name: "web", body: current))
            @Sendable func image(_ name: String) async -> String? { await c.get("pods", name)?["spec"]["containers"][0]["image"]?.string }
            try await eventually(.seconds(90), "web-1 replaced") { await image("web-1") == "nginx:2" }
            #expect(await image("web-0") == "nginx:1")  // waits for web-1 to be Ready
            try await c.setPod("web-1", phase: "Running", ready: true)
            try await eventually(.seconds(90), "web-0 replaced") { await image("web-0") == "nginx:2" }
            try await c.setPod("web-0", phase: "Running", ready: true)
            try await eventually(.seconds(90), "the update revision current") {
                let s = await c.get("statefulsets", group: "apps", "web")
                return s?["status"]["currentRevision"] == s?["status"]["updateRevision"] && s?["status"]["updatedReplicas"]?.int == 2
                    && s?["status"]["currentRevision"]?.string != firstRevision
            }
            #expect(await c.list("controllerrevisions", group: "apps").count == 2)
        } catch {
            try await c.stop()
            throw error
        }
        try await c.stop()
    }
}

@Suite(.serialized) struct PodCIDRProcessTests {
    static func node(_ name: String) -> JSON {
        ["apiVersion": "v1", "kind": "Node", "metadata": ["name": .string(name)]]
    }

    /// Nodes created at once get distinct blocks of `--cluster-cidr`; a full range leaves a node
    /// without one (CIDRNotAvailable) until a deleted node frees its block; a restarted
    /// controller manager rebuilds what is taken from the Nodes and hands out only free blocks.
    @Test func nodesGetDistinctBlocksFreedOnDeletionAndRememberedAcrossRestarts() async throws {
        let flags = ["--cluster-cidr", "10.9.0.0/22", "--node-cidr-mask-size", "24"]
        let c = try await ManagedCluster.start(controllers: "nodelifecycle", extra: flags)
        var second: ChildProcess?
        do {
            @Sendable func cidr(_ name: String) async -> String? { await c.get("nodes", name, namespace: nil)?["spec"]["podCIDR"]?.string }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for name in ["a", "b", "c", "d"] { group.addTask { _ = try await c.create("nodes", Self.node(name), namespace: nil) } }
                try await group.waitForAll()
            }
            try await eventually(.seconds(90), "four nodes with blocks") {
                var all: [String] = []
                for name in ["a", "b", "c", "d"] { if let b = await cidr(name) { all.append(b) } }
                return all.count == 4
            }
            var found: [String: String] = [:]
            for name in ["a", "b", "c", "d"] { found[name] = await cidr(name) }
            let blocks = found
            #expect(Set(blocks.values) == ["10.9.0.0/24", "10.9.1.0/24", "10.9.2.0/24", "10.9.3.0/24"])
            let a = await c.get("nodes", "a", namespace: nil)
            #expect(a?["spec"]["podCIDRs"]?.array?.compactMap(\.string) == [blocks["a"]!])

            _ = try await c.create("nodes", Self.node("e"), namespace: nil)
            try await eventually(.seconds(90), "the CIDRNotAvailable event") { await c.events(about: "e").contains("CIDRNotAvailable") }
            #expect(await cidr("e") == nil)
            _ = try await c.client.call(APIRequest(.delete, resource: "nodes", name: "b"))
            try await eventually(.seconds(90), "e gets b's block") { await cidr("e") == blocks["b"] }

            // A new controller manager: it must not hand out a block the Nodes carry.
            c.manager.send(SIGTERM)
            _ = try await c.manager.exit()
            _ = try await c.client.call(APIRequest(.delete, resource: "nodes", name: "c"))
            _ = try await c.create("nodes", Self.node("f"), namespace: nil)
            let env = ProcessInfo.processInfo.environment.merging(["SKIFF_HOME": c.cluster.home]) { $1 }
            let next = try ChildProcess(skiff: ["controller-manager", "--api", c.cluster.apiRPC, "--api-events", c.cluster.apiEvents,
                                                "--controllers", "nodelifecycle"] + flags, environment: env)
            second = next
            _ = try await next.line(containing: "skiff controller-manager ready")
            try await eventually(.seconds(90), "f gets c's block") { await cidr("f") == blocks["c"] }
            for name in ["a", "d", "e"] { #expect(await cidr(name) != blocks["c"]) }
        } catch {
            await c.client.close()
            _ = try? await c.cluster.stop(also: [second].compactMap { $0 })
            throw error
        }
        await c.client.close()
        _ = try await c.cluster.stop(also: [second].compactMap { $0 })
    }
}
