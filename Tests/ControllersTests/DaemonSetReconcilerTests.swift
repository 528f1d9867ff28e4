import Controllers
import Resources
import Testing

@Suite struct DaemonSetReconcilerTests {
    static func ds(strategy: JSON = ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": 1]], nodeSelector: JSON? = nil,
                   image: String = "v1") -> JSON {
        var spec: JSON = ["containers": [["name": "agent", "image": .string(image)]]]
        if let nodeSelector { spec["nodeSelector"] = nodeSelector }
        return ["apiVersion": "apps/v1", "kind": "DaemonSet",
                "metadata": ["name": "agent", "namespace": "default", "uid": "ds-uid", "generation": 1],
                "spec": ["selector": ["matchLabels": ["app": "agent"]], "updateStrategy": strategy,
                         "template": ["metadata": ["labels": ["app": "agent"]], "spec": spec]]]
    }

    static func node(_ name: String, labels: JSON = .emptyObject, taints: [JSON] = []) -> JSON {
        ["apiVersion": "v1", "kind": "Node", "metadata": ["name": .string(name), "labels": labels], "spec": ["taints": .array(taints)]]
    }

    /// A pod for `node` as the controller would have made it, running and ready.
    static func daemonPod(_ ds: JSON, node: String, hash: String? = nil, ready: Bool = true) -> JSON {
        var p = Fixtures.pod("agent-\(node)", owner: ds, ownerKind: .daemonSets, labels: ["app": "agent"], node: node,
                             phase: "Running", ready: ready)
        p["metadata"]?["labels"]?["controller-revision-hash"] = .string(hash ?? DaemonSetReconciler.templateHash(ds))
        return p
    }

    @Test func onePodPerEligibleNodePinnedByAffinity() {
        let ds = Self.ds(nodeSelector: ["disk": "ssd"])
        let nodes = [Self.node("n1", labels: ["disk": "ssd"]), Self.node("n2"), Self.node("n3", labels: ["disk": "ssd"])]
        let plan = DaemonSetReconciler.plan(daemonSet: ds, nodes: nodes, pods: [], now: Fixtures.now)
        #expect(plan.create.map(\.node) == ["n1", "n3"])
        let pod = plan.create[0].pod
        let field = pod["spec"]?["affinity"]?["nodeAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"]?["nodeSelectorTerms"]?[0]?["matchFields"]?[0]
        #expect(field?["key"]?.string == "metadata.name" && field?["values"]?[0]?.string == "n1")
        #expect(pod["spec"]?["nodeName"] == nil)
        #expect(pod["spec"]?["tolerations"]?.array?.contains { $0["key"]?.string == "node.kubernetes.io/unreachable" } == true)
        #expect(plan.status?["desiredNumberScheduled"]?.int == 2)
        #expect(plan.status?["currentNumberScheduled"]?.int == 0)
    }

    @Test func taintsNeedTolerations() {
        let tainted = Self.node("master", taints: [["key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"]])
        let unschedulable = Self.node("cordoned", taints: [["key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"]])
        let plan = DaemonSetReconciler.plan(daemonSet: Self.ds(), nodes: [tainted, unschedulable, Self.node("n1")], pods: [], now: Fixtures.now)
        #expect(plan.create.map(\.node) == ["cordoned", "n1"])
        var tolerant = Self.ds()
        tolerant["spec"]?["template"]?["spec"]?["tolerations"] = [["key": "node-role.kubernetes.io/control-plane", "operator": "Exists"]]
        #expect(DaemonSetReconciler.plan(daemonSet: tolerant, nodes: [tainted], pods: [], now: Fixtures.now).create.count == 1)
    }

    @Test func podsLeaveNodesThatGoOrStopMatching() {
        let ds = Self.ds(nodeSelector: ["disk": "ssd"])
        let pods = [Self.daemonPod(ds, node: "n1"), Self.daemonPod(ds, node: "gone")]
        let plan = DaemonSetReconciler.plan(daemonSet: ds, nodes: [Self.node("n1")], pods: pods, now: Fixtures.now)
        #expect(Set(plan.delete.map(\.name)) == ["agent-n1", "agent-gone"])
        #expect(plan.create.isEmpty)
    }

    @Test func rollingUpdateRespectsMaxUnavailable() {
        let old = Self.ds(image: "v1")
        let new = Self.ds(image: "v2")
        let nodes = (1...4).map { Self.node("n\($0)") }
        let pods = nodes.map { Self.daemonPod(old, node: $0.name) }
        let plan = DaemonSetReconciler.plan(daemonSet: new, nodes: nodes, pods: pods, now: Fixtures.now)
        #expect(plan.delete.count == 1 && plan.create.isEmpty)
        #expect(plan.status?["updatedNumberScheduled"]?.int == 0)
        // One node already without its pod: no more deletions.
        let plan2 = DaemonSetReconciler.plan(daemonSet: new, nodes: nodes, pods: Array(pods.dropFirst()), now: Fixtures.now)
        #expect(plan2.delete.isEmpty && plan2.create.map(\.node) == ["n1"])
        // OnDelete: nothing is replaced.
        let onDelete = Self.ds(strategy: ["type": "OnDelete"], image: "v2")
        #expect(DaemonSetReconciler.plan(daemonSet: onDelete, nodes: nodes, pods: pods, now: Fixtures.now).delete.isEmpty)
    }

    @Test func statusCounts() {
        let ds = Self.ds()
        let nodes = (1...3).map { Self.node("n\($0)") }
        let pods = [Self.daemonPod(ds, node: "n1"), Self.daemonPod(ds, node: "n2", ready: false)]
        let s = DaemonSetReconciler.plan(daemonSet: ds, nodes: nodes, pods: pods, now: Fixtures.now).status
        #expect(s?["desiredNumberScheduled"]?.int == 3 && s?["currentNumberScheduled"]?.int == 2)
        #expect(s?["numberReady"]?.int == 1 && s?["numberAvailable"]?.int == 1 && s?["updatedNumberScheduled"]?.int == 2)
        #expect(s?["numberUnavailable"]?.int == 2 && s?["observedGeneration"]?.int == 1)
    }
}
