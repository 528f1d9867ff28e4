import Controllers
import Resources
import Testing

@Suite struct NodeLifecycleReconcilerTests {
    static let t0 = MetaTime(seconds: 1_700_000_000)
    static func at(_ s: Int64) -> MetaTime { MetaTime(seconds: t0.seconds + s) }

    static func node(ready: String = "True", taints: [JSON] = [], cidr: String? = "10.244.0.0/24") -> JSON {
        var n: JSON = ["metadata": ["name": "node-1", "uid": "n1", "creationTimestamp": .string(t0.rfc3339)],
                       "spec": .emptyObject,
                       "status": ["conditions": [
                           ["type": "MemoryPressure", "status": "False", "lastHeartbeatTime": .string(t0.rfc3339)],
                           ["type": "Ready", "status": .string(ready), "reason": "KubeletReady", "lastHeartbeatTime": .string(t0.rfc3339)]]]]
        if !taints.isEmpty { n["spec"]["taints"] = .array(taints) }
        if let cidr { n["spec"]["podCIDR"] = .string(cidr) }
        return n
    }
    static func lease(renewed s: Int64) -> JSON { ["spec": ["renewTime": .string(at(s).rfc3339)]] }
    static func pod(_ name: String, tolerationSeconds: Int64?) -> JSON {
        var p: JSON = ["metadata": ["name": .string(name), "namespace": "default", "uid": .string("u-\(name)")],
                       "spec": ["nodeName": "node-1"]]
        if let tolerationSeconds {
            p["spec"]["tolerations"] = [["key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute",
                                         "tolerationSeconds": .int(tolerationSeconds)]]
        }
        return p
    }
    static var settings: NodeLifecycleReconciler.Settings { NodeLifecycleReconciler.Settings() }

    @Test func aFreshLeaseKeepsTheNodeAndRequeuesAtTheGraceDeadline() {
        let plan = NodeLifecycleReconciler.reconcile(node: Self.node(), lease: Self.lease(renewed: 10), pods: [], otherCIDRs: [],
                                                     now: Self.at(30), settings: Self.settings)
        #expect(plan.status == nil && plan.specPatch == nil && plan.evictPods.isEmpty)
        #expect(plan.requeueAfter == 20.1)
    }

    @Test func aStaleLeaseMakesTheNodeUnknownAndTaintsIt() {
        let plan = NodeLifecycleReconciler.reconcile(node: Self.node(), lease: Self.lease(renewed: 10), pods: [], otherCIDRs: [],
                                                     now: Self.at(51), settings: Self.settings)
        let conditions = plan.status?["conditions"]?.array ?? []
        #expect(conditions.allSatisfy { $0["status"]?.string == "Unknown" && $0["reason"]?.string == "NodeStatusUnknown" })
        #expect(conditions.first?["message"]?.string == "Kubelet stopped posting node status.")
        let taints = plan.specPatch?["spec"]["taints"]?.array ?? []
        #expect(taints.map { "\($0["key"]?.string ?? ""):\($0["effect"]?.string ?? "")" }
                == ["node.kubernetes.io/unreachable:NoSchedule", "node.kubernetes.io/unreachable:NoExecute"])
        #expect(plan.nodeEvents == [.normal("NodeNotReady", "Node node-1 status is now: NodeNotReady")])
    }

    @Test func podsAreEvictedWhenTheirTolerationRunsOut() {
        let taints: [JSON] = [["key": "node.kubernetes.io/unreachable", "effect": "NoSchedule"],
                              ["key": "node.kubernetes.io/unreachable", "effect": "NoExecute", "timeAdded": .string(Self.at(51).rfc3339)]]
        let node = Self.node(ready: "Unknown", taints: taints)
        let pods = [Self.pod("short", tolerationSeconds: 5), Self.pod("default", tolerationSeconds: 300), Self.pod("none", tolerationSeconds: nil)]
        let early = NodeLifecycleReconciler.reconcile(node: node, lease: Self.lease(renewed: 10), pods: pods, otherCIDRs: [],
                                                      now: Self.at(52), settings: Self.settings)
        #expect(early.evictPods.map(\.name) == ["none"])
        #expect(early.requeueAfter == 4.05)
        let later = NodeLifecycleReconciler.reconcile(node: node, lease: Self.lease(renewed: 10), pods: pods, otherCIDRs: [],
                                                      now: Self.at(56), settings: Self.settings)
        #expect(later.evictPods.map(\.name) == ["short", "none"])
    }

    @Test func aNodeComingBackLosesTheTaints() {
        let taints: [JSON] = [["key": "node.kubernetes.io/unreachable", "effect": "NoExecute"], ["key": "dedicated", "effect": "NoSchedule"]]
        let plan = NodeLifecycleReconciler.reconcile(node: Self.node(taints: taints), lease: Self.lease(renewed: 100), pods: [],
                                                     otherCIDRs: [], now: Self.at(101), settings: Self.settings)
        #expect(plan.specPatch?["spec"]["taints"]?.array?.compactMap { $0["key"]?.string } == ["dedicated"])
    }

    @Test func podCIDRsAreAllocatedPerNode() {
        let plan = NodeLifecycleReconciler.reconcile(node: Self.node(cidr: nil), lease: Self.lease(renewed: 0), pods: [],
                                                     otherCIDRs: ["10.244.0.0/24", "10.244.1.0/24"], now: Self.at(1), settings: Self.settings)
        #expect(plan.specPatch?["spec"]["podCIDR"]?.string == "10.244.2.0/24")
        #expect(plan.specPatch?["spec"]["podCIDRs"] == ["10.244.2.0/24"])
        #expect(NodeCIDRs.allocate(cluster: "10.0.0.0/23", maskSize: 24, taken: ["10.0.0.0/24", "10.0.1.0/24"]) == nil)
    }

    @Test func aNodeWithABlockKeepsItAndOneWithoutGetsTheAllocatorsBlock() {
        let kept = NodeLifecycleReconciler.reconcile(node: Self.node(cidr: "10.244.7.0/24"), lease: Self.lease(renewed: 0), pods: [],
                                                     podCIDR: "10.244.0.0/24", now: Self.at(1), settings: Self.settings)
        #expect(kept.specPatch == nil)
        let given = NodeLifecycleReconciler.reconcile(node: Self.node(cidr: nil), lease: Self.lease(renewed: 0), pods: [],
                                                      podCIDR: "10.244.3.0/24", now: Self.at(1), settings: Self.settings)
        #expect(given.specPatch?["spec"]["podCIDR"]?.string == "10.244.3.0/24")
        let full = NodeLifecycleReconciler.reconcile(node: Self.node(cidr: nil), lease: Self.lease(renewed: 0), pods: [],
                                                     podCIDR: nil, now: Self.at(1), settings: Self.settings)
        #expect(full.specPatch == nil)
        #expect(full.nodeEvents.map(\.reason) == ["CIDRNotAvailable"])
        #expect(full.requeueAfter != nil)
    }
}

@Suite struct PodCIDRAllocatorTests {
    static func node(_ name: String, _ cidr: String?) -> JSON {
        var n: JSON = ["metadata": ["name": .string(name)], "spec": .emptyObject]
        if let cidr { n["spec"]["podCIDR"] = .string(cidr); n["spec"]["podCIDRs"] = [.string(cidr)] }
        return n
    }

    @Test func malformedRangesAreRefused() {
        #expect(PodCIDRAllocator(cluster: "10.244.0.0/16", maskSize: 24) != nil)
        for (cluster, mask) in [("10.244.0.0", 24), ("10.244.0/16", 24), ("10.244.0.0/33", 34), ("10.244.0.0/16", 8),
                                ("10.244.0.0/16", 33), ("300.1.1.1/16", 24), ("fd00::/64", 80)] {
            #expect(PodCIDRAllocator(cluster: cluster, maskSize: mask) == nil, "\(cluster) /\(mask)")
        }
    }

    /// Rebuilt from the Nodes that have blocks, it never hands one of theirs out, hands each
    /// node one block however often asked, frees a deleted node's block for the next node.
    @Test func blocksAreNeverHandedOutTwiceAndAreFreedOnDeletion() {
        var a = PodCIDRAllocator(cluster: "10.244.0.0/16", maskSize: 24)!
        a.rebuild(from: [Self.node("a", "10.244.0.0/24"), Self.node("b", "10.244.2.0/24"), Self.node("c", nil)])
        #expect(a.used == ["10.244.0.0/24", "10.244.2.0/24"])
        #expect(a.allocate(for: "c") == "10.244.1.0/24")
        // Asked again before its patch is seen: the same block, not a new one.
        #expect(a.allocate(for: "c") == "10.244.1.0/24")
        #expect(a.allocate(for: "d") == "10.244.3.0/24")
        #expect(a.allocate(for: "a") == "10.244.0.0/24")
        a.release(node: "b")
        #expect(a.allocate(for: "e") == "10.244.2.0/24")
        #expect(Set(a.byNode.values).count == a.byNode.count)
    }

    /// Property: any sequence of allocations and deletions keeps the blocks distinct, inside the
    /// cluster range, and exactly one per live node until the range runs out.
    @Test func anySequenceKeepsBlocksDistinct() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            var a = PodCIDRAllocator(cluster: "10.1.0.0/20", maskSize: 24)!  // 16 blocks
            var live = Set<String>()
            for step in 0..<200 {
                if !live.isEmpty && Int.random(in: 0..<3, using: &rng) == 0 {
                    let gone = live.randomElement(using: &rng)!
                    live.remove(gone)
                    a.release(node: gone)
                } else {
                    let name = "n\(step)"
                    let block = a.allocate(for: name)
                    if live.count < 16 {
                        #expect(block != nil)
                        live.insert(name)
                    } else {
                        #expect(block == nil)
                    }
                }
                #expect(Set(a.byNode.keys) == live)
                #expect(a.used.count == live.count)
                #expect(a.used.allSatisfy { $0.hasPrefix("10.1.") && $0.hasSuffix("/24") && Int($0.split(separator: ".")[2])! < 16 })
            }
        }
    }
}

@Suite struct LocalVolumeReconcilerTests {
    static let claim: JSON = ["metadata": ["name": "www-web-0", "namespace": "default", "uid": "c1"],
                              "spec": ["accessModes": ["ReadWriteOnce"], "resources": ["requests": ["storage": "1Gi"]]]]

    @Test func aClaimGetsANewVolumeAndBothAreBound() {
        let plan = LocalVolumeReconciler.reconcile(claim: Self.claim, volumes: [], root: "/h/volumes")
        #expect(plan.createVolume?["metadata"]["name"]?.string == "pvc-c1")
        #expect(plan.createVolume?["spec"]["claimRef"]["uid"]?.string == "c1")
        #expect(plan.createVolume?["spec"]["hostPath"]["path"]?.string == "/h/volumes/pvc-c1")
        #expect(plan.makeDirectory == "/h/volumes/pvc-c1")
        #expect(plan.volumeStatus == ["phase": "Bound"])
        #expect(plan.bindClaim?["spec"]["volumeName"]?.string == "pvc-c1")
        #expect(plan.claimStatus?["phase"]?.string == "Bound")
        #expect(plan.claimStatus?["capacity"]["storage"]?.string == "1Gi")
    }

    @Test func aBoundClaimIsLeftAlone() {
        var claim = Self.claim
        claim["spec"]["volumeName"] = "pvc-c1"
        claim["status"] = ["phase": "Bound", "accessModes": ["ReadWriteOnce"], "capacity": ["storage": "1Gi"]]
        let volume: JSON = ["metadata": ["name": "pvc-c1"], "spec": ["claimRef": ["uid": "c1"]], "status": ["phase": "Bound"]]
        #expect(LocalVolumeReconciler.reconcile(claim: claim, volumes: [volume], root: "/h") == LocalVolumeReconciler.Plan())
    }

    @Test func aVolumeWhoseClaimIsGoneIsDeleted() {
        let volume: JSON = ["metadata": ["name": "pvc-c1"], "spec": ["claimRef": ["uid": "c1"], "hostPath": ["path": "/h/volumes/pvc-c1"]]]
        #expect(LocalVolumeReconciler.release(volume: volume, claimUIDs: ["c1"]).deleteVolume == nil)
        let plan = LocalVolumeReconciler.release(volume: volume, claimUIDs: [])
        #expect(plan.deleteVolume == "pvc-c1")
        #expect(plan.removeDirectory == "/h/volumes/pvc-c1")
    }
}
