import Client
import Controllers
import Foundation
import Resources
import SkiffTestSupport
import Testing

@Suite(.serialized) struct ControllerManagerProcessTests {
    static func owned(_ pods: [JSON], by owner: JSON) -> [JSON] {
        pods.filter { OwnerReference.controller(of: $0)?.uid == owner.uid && !$0.isBeingDeleted }
    }

    @Test func replicaSetKeepsItsPodsAndReportsStatus() async throws {
        let c = try await ControllerCluster.start()
        do {
            let rs = try await c.create(.replicaSets, [
                "apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": ["name": "web"],
                "spec": ["replicas": 3, "selector": ["matchLabels": ["app": "web"]],
                         "template": ["metadata": ["labels": ["app": "web"]], "spec": ["containers": [["name": "c", "image": "nginx"]]]]],
            ])
            try await eventually(.seconds(60), "3 pods") { Self.owned(await c.list(.pods), by: rs).count == 3 }
            let pods = Self.owned(await c.list(.pods), by: rs)
            #expect(pods.allSatisfy { $0.name.hasPrefix("web-") && $0.name.count == 9 })
            #expect(pods.allSatisfy { $0["metadata"]?["ownerReferences"]?[0]?["blockOwnerDeletion"]?.bool == true })

            // A deleted pod is replaced; never more than three exist.
            try await c.delete(.pods, pods[0].name)
            try await eventually(.seconds(60), "a replacement") {
                let now = Self.owned(await c.list(.pods), by: rs)
                return now.count == 3 && !now.contains { $0.name == pods[0].name }
            }
            // An orphan with the labels is adopted, and one pod goes.
            try await c.create(.pods, ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "stray", "labels": ["app": "web"]],
                                       "spec": ["containers": [["name": "c", "image": "nginx"]]]])
            try await eventually(.seconds(60), "adoption and scale-down to 3") {
                let now = Self.owned(await c.list(.pods), by: rs)
                let all = await c.list(.pods).filter { !$0.isBeingDeleted }
                return now.count == 3 && all.count == 3
            }
            try await eventually(.seconds(60), "all ready") { await c.markPodsReady() == 3 }
            try await eventually(.seconds(60), "status") {
                let s = await c.get(.replicaSets, "web")?["status"]
                return s?["readyReplicas"]?.int == 3 && s?["availableReplicas"]?.int == 3 && s?["replicas"]?.int == 3
                    && s?["fullyLabeledReplicas"]?.int == 3 && s?["observedGeneration"]?.int == 1
            }
            let events = await c.list(.events)
            #expect(events.contains { $0["reason"]?.string == "SuccessfulCreate" && ($0["message"]?.string ?? "").hasPrefix("Created pod: web-")
                && $0["involvedObject"]?["kind"]?.string == "ReplicaSet" })
            #expect(events.contains { $0["reason"]?.string == "SuccessfulDelete" })
            #expect(Self.owned(await c.list(.pods), by: rs).count == 3)
        } catch {
            try? await c.stop()
            throw error
        }
        try await c.stop()
    }

    @Test func daemonSetFollowsNodes() async throws {
        let c = try await ControllerCluster.start()
        do {
            func node(_ name: String) -> JSON {
                ["apiVersion": "v1", "kind": "Node", "metadata": ["name": .string(name), "labels": ["kubernetes.io/hostname": .string(name)]]]
            }
            try await c.create(.nodes, node("n1"))
            try await c.create(.nodes, node("n2"))
            let ds = try await c.create(.daemonSets, [
                "apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": ["name": "agent"],
                "spec": ["selector": ["matchLabels": ["app": "agent"]],
                         "template": ["metadata": ["labels": ["app": "agent"]], "spec": ["containers": [["name": "c", "image": "agent"]]]]],
            ])
            @Sendable func nodesWithPods() async -> [String] {
                Self.owned(await c.list(.pods), by: ds).compactMap { DaemonSetReconciler.node(of: $0) }.sorted()
            }
            try await eventually(.seconds(60), "a pod per node") { await nodesWithPods() == ["n1", "n2"] }
            try await c.create(.nodes, node("n3"))
            try await eventually(.seconds(60), "a pod on the new node") { await nodesWithPods() == ["n1", "n2", "n3"] }
            try await c.delete(.nodes, "n1")
            try await eventually(.seconds(60), "the pod of the gone node removed") { await nodesWithPods() == ["n2", "n3"] }
            try await eventually(.seconds(60), "status") {
                let s = await c.get(.daemonSets, "agent")?["status"]
                return s?["desiredNumberScheduled"]?.int == 2 && s?["currentNumberScheduled"]?.int == 2
            }
        } catch {
            try? await c.stop()
            throw error
        }
        try await c.stop()
    }

    @Test func endpointsFollowPodReadiness() async throws {
        let c = try await ControllerCluster.start()
        do {
            try await c.create(.services, [
                "apiVersion": "v1", "kind": "Service", "metadata": ["name": "web"],
                "spec": ["selector": ["app": "web"], "ports": [["name": "http", "port": 80, "targetPort": "http"]]],
            ])
            for name in ["a", "b"] {
                try await c.create(.pods, ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name), "labels": ["app": "web"]],
                                           "spec": ["containers": [["name": "c", "image": "nginx", "ports": [["name": "http", "containerPort": 8080]]]]]])
            }
            await c.markPodsReady { $0.name == "a" }
            try await eventually(.seconds(60), "a ready in the endpoints") {
                let s = await c.get(.endpoints, "web")?["subsets"]?[0]
                return s?["addresses"]?.array?.count == 1 && s?["addresses"]?[0]?["targetRef"]?["name"]?.string == "a"
                    && s?["ports"]?[0]?["port"]?.int == 8080
            }
            await c.markPodsReady()
            try await eventually(.seconds(60), "both ready") { await c.get(.endpoints, "web")?["subsets"]?[0]?["addresses"]?.array?.count == 2 }
            try await eventually(.seconds(60), "a slice with both, ready") {
                let slices = await c.list(.endpointSlices).filter { $0.labels["kubernetes.io/service-name"] == "web" }
                return slices.count == 1 && slices[0]["endpoints"]?.array?.count == 2
                    && slices[0]["endpoints"]?.array?.allSatisfy { $0["conditions"]?["ready"]?.bool == true } == true
            }
            try await c.delete(.pods, "a")
            try await eventually(.seconds(60), "a gone from the endpoints") {
                let a = await c.get(.endpoints, "web")?["subsets"]?[0]?["addresses"]?.array
                return a?.count == 1 && a?[0]["targetRef"]?["name"]?.string == "b"
            }
        } catch {
            try? await c.stop()
            throw error
        }
        try await c.stop()
    }

    static let deploymentYAML = """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      replicas: 3
      selector:
        matchLabels: {app: web}
      template:
        metadata:
          labels: {app: web}
        spec:
          containers:
          - name: web
            image: nginx:1.0
    """

    @Test func deploymentRollsOutAndBackWithKubectl() async throws {
        let c = try await ControllerCluster.start(gateway: true)
        do {
            _ = try await c.kubectl(["apply", "-f", "-"], stdin: Self.deploymentYAML)
            try await eventually(.seconds(60), "3 pods") { (await c.list(.pods)).filter { !$0.isBeingDeleted }.count == 3 }
            // The kubelet's part, while kubectl waits.
            async let status = c.kubectl(["rollout", "status", "deployment/web", "--timeout=60s"], timeout: .seconds(90))
            try await eventually(.seconds(60), "ready pods") { await c.markPodsReady() == 3 }
            let first = try await status
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout.contains("successfully rolled out"))

            let set = try await c.kubectl(["set", "image", "deployment/web", "web=nginx:2.0"])
            #expect(set.status == 0, "\(set.stderr)")
            async let second = c.kubectl(["rollout", "status", "deployment/web", "--timeout=90s"], timeout: .seconds(120))
            try await eventually(.seconds(90), "rolled to nginx:2.0") {
                await c.markPodsReady()
                let d = await c.get(.deployments, "web")?["status"]
                return d?["updatedReplicas"]?.int == 3 && d?["availableReplicas"]?.int == 3 && d?["replicas"]?.int == 3
            }
            let r2 = try await second
            #expect(r2.status == 0, "\(r2.stderr)")
            let sets = await c.list(.replicaSets)
            #expect(sets.count == 2)
            #expect(Set(sets.compactMap { $0["metadata"]?["annotations"]?["deployment.kubernetes.io/revision"]?.string }) == ["1", "2"])
            let history = try await c.kubectl(["rollout", "history", "deployment/web"])
            #expect(history.stdout.contains("1") && history.stdout.contains("2"), "\(history.stdout)")

            let undo = try await c.kubectl(["rollout", "undo", "deployment/web"])
            #expect(undo.status == 0, "\(undo.stderr)")
            try await eventually(.seconds(90), "back on nginx:1.0") {
                await c.markPodsReady()
                let d = await c.get(.deployments, "web")
                let image = d?["spec"]?["template"]?["spec"]?["containers"]?[0]?["image"]?.string
                let s = d?["status"]
                return image == "nginx:1.0" && s?["updatedReplicas"]?.int == 3 && s?["availableReplicas"]?.int == 3
                    && s?["replicas"]?.int == 3 && d?["metadata"]?["annotations"]?["deployment.kubernetes.io/revision"]?.string == "3"
            }
            let describe = try await c.kubectl(["describe", "deployment", "web"])
            #expect(describe.stdout.contains("ScalingReplicaSet"), "\(describe.stdout)")
        } catch {
            try? await c.stop()
            throw error
        }
        try await c.stop()
    }
}
