import Resources
@testable import Scheduler
import Testing

/// The scheduler's cache: assumed pods, confirmation, expiry, DaemonSet pinning, the search
/// window.
@Suite struct CacheTests {
    static func bound(_ pod: JSON, to node: String) -> JSON {
        var p = pod
        p["spec"]["nodeName"] = .string(node)
        return p
    }

    @Test func anAssumedPodCountsSoTheNextPodIsNotDoubleBooked() {
        var cache = Fixture.cache([Fixture.node("n", cpu: "2")])
        var rng = SeededGenerator(seed: 1)
        let a = SchedulingPod(json: Fixture.pod("a", cpu: "1500m"))
        #expect(cache.schedule(a, using: &rng) == .bind(node: "n"))
        cache.assume(a, on: "n")
        #expect(cache.isAssumed(a.key))
        let b = SchedulingPod(json: Fixture.pod("b", cpu: "1"))
        #expect(cache.schedule(b, using: &rng) == .unschedulable(FitError(nodeCount: 1, reasons: ["n": ["Insufficient cpu"]])))
        // Seen bound: confirmed, still counted once.
        cache.podSeen(SchedulingPod(json: Self.bound(Fixture.pod("a", cpu: "1500m"), to: "n")))
        #expect(!cache.isAssumed(a.key))
        #expect(cache.node(named: "n")?.requested.milliCPU == 1500)
        #expect(cache.node(named: "n")?.podCount == 1)
    }

    @Test func aPendingUpdateOfAnAssumedPodKeepsTheAssumption() {
        var cache = Fixture.cache([Fixture.node("n", cpu: "2")])
        let a = SchedulingPod(json: Fixture.pod("a", cpu: "1500m"))
        cache.assume(a, on: "n")
        cache.podSeen(a)  // e.g. a status write seen before the binding
        #expect(cache.isAssumed(a.key))
        #expect(cache.node(named: "n")?.requested.milliCPU == 1500)
    }

    @Test func aFailedBindingIsForgotten() {
        var cache = Fixture.cache([Fixture.node("n", cpu: "2")])
        let a = SchedulingPod(json: Fixture.pod("a", cpu: "1500m"))
        cache.assume(a, on: "n")
        cache.forget(a.key)
        #expect(cache.node(named: "n")?.requested.milliCPU == 0)
        #expect(cache.pods.isEmpty)
    }

    @Test func anAssumptionExpiresOnlyAfterItsBindingAnsweredAndTheTTLPassed() {
        var cache = SchedulerCache(assumedTTL: .seconds(30))
        cache.setNode(SchedulingNode(json: Fixture.node("n")))
        let a = SchedulingPod(json: Fixture.pod("a", cpu: "1")), b = SchedulingPod(json: Fixture.pod("b", cpu: "1"))
        let t0 = ContinuousClock.now
        cache.assume(a, on: "n")
        cache.assume(b, on: "n")
        cache.bindingFinished(a.key, now: t0)
        #expect(cache.expire(now: t0 + .seconds(29)) == [])
        #expect(cache.expire(now: t0 + .seconds(30)) == [a.key])
        #expect(cache.expire(now: t0 + .seconds(3600)) == [])  // b's binding has not answered
        #expect(cache.node(named: "n")?.requested.milliCPU == 1000)
        // A confirmed pod never expires.
        cache.bindingFinished(b.key, now: t0)
        cache.podSeen(SchedulingPod(json: Self.bound(Fixture.pod("b", cpu: "1"), to: "n")))
        #expect(cache.expire(now: t0 + .seconds(3600)) == [])
    }

    @Test func finishedAndDeletedPodsFreeTheirNode() {
        var cache = Fixture.cache([Fixture.node("n", cpu: "2")], pods: [Self.bound(Fixture.pod("a", cpu: "2"), to: "n")])
        #expect(cache.node(named: "n")?.requested.milliCPU == 2000)
        var done = Self.bound(Fixture.pod("a", cpu: "2"), to: "n")
        done["status"] = ["phase": "Succeeded"]
        cache.podSeen(SchedulingPod(json: done))
        #expect(cache.node(named: "n")?.requested.milliCPU == 0)
        cache.podSeen(SchedulingPod(json: Self.bound(Fixture.pod("b", cpu: "1"), to: "n")))
        cache.removePod(.init(namespace: "default", name: "b"))
        #expect(cache.node(named: "n")?.podCount == 0)
    }

    @Test func podsSeenBeforeTheirNodeCountOnceItArrivesAndANodeUpdateKeepsThem() {
        var cache = SchedulerCache()
        cache.podSeen(SchedulingPod(json: Self.bound(Fixture.pod("a", cpu: "1"), to: "late")))
        cache.setNode(SchedulingNode(json: Fixture.node("late", cpu: "2")))
        #expect(cache.node(named: "late")?.requested.milliCPU == 1000)
        #expect(cache.setNode(SchedulingNode(json: Fixture.node("late", cpu: "2"))) == false)
        #expect(cache.setNode(SchedulingNode(json: Fixture.node("late", cpu: "4"))) == true)
        #expect(cache.node(named: "late")?.requested.milliCPU == 1000)
        cache.removeNode(named: "late")
        #expect(cache.nodes.isEmpty)
    }

    static func daemonPod(for node: String, cpu: String? = nil) -> SchedulingPod {
        SchedulingPod(json: Fixture.pod("ds-\(node)", cpu: cpu) {
            $0["spec"]["affinity"] = Fixture.requiredAffinity([([], [Fixture.requirement("metadata.name", "In", [node])])])
            $0["spec"]["tolerations"] = [Fixture.toleration(key: "node.kubernetes.io/unschedulable", op: "Exists", effect: "NoSchedule")]
        })
    }

    @Test func daemonSetPodsGoToTheirNodeThroughMatchFields() {
        var cache = Fixture.cache(["n1", "n2", "n3"].map { Fixture.node($0, cpu: "1") })
        var rng = SeededGenerator(seed: 3)
        for n in ["n1", "n2", "n3"] {
            #expect(cache.schedule(Self.daemonPod(for: n), using: &rng) == .bind(node: n))
        }
        // Only the named node is looked at; the others are reported as NodeAffinity's PreFilter leaves them.
        #expect(cache.schedule(Self.daemonPod(for: "n2", cpu: "2"), using: &rng).message
            == "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity].")
        #expect(cache.schedule(Self.daemonPod(for: "gone"), using: &rng).message
            == "0/3 nodes are available: 3 node(s) didn't satisfy plugin(s) [NodeAffinity].")
    }

    @Test func theSelectorsOnlyNodeNames() {
        func selector(_ terms: [[NodeSelectorRequirement]]) -> NodeSelector {
            NodeSelector(terms: terms.map { NodeSelectorTerm(matchFields: $0) })
        }
        let in1 = NodeSelectorRequirement(key: "metadata.name", operator: .in, values: ["a", "b"])
        let in2 = NodeSelectorRequirement(key: "metadata.name", operator: .in, values: ["b", "c"])
        #expect(selector([[in1]]).onlyNodeNames == ["a", "b"])
        #expect(selector([[in1, in2]]).onlyNodeNames == ["b"])
        #expect(selector([[in1], [in2]]).onlyNodeNames == ["a", "b", "c"])
        #expect(NodeSelector(terms: [NodeSelectorTerm(matchExpressions: [NodeSelectorRequirement(key: "k", operator: .exists)])]).onlyNodeNames == nil)
    }

    @Test(arguments: [(1, 1), (99, 99), (100, 100), (500, 230), (1000, 420), (5000, 500), (20000, 1000)])
    func howManyFeasibleNodesAreSoughtBeforeScoring(nodes: Int, sought: Int) {
        #expect(SchedulerCache.feasibleNodesToFind(allNodes: nodes) == sought)
    }

    @Test func onLargeClustersTheSearchStopsEarlyAndMovesOn() {
        var cache = Fixture.cache((0..<500).map { Fixture.node(String(format: "n%03d", $0)) })
        var rng = SeededGenerator(seed: 5)
        _ = cache.schedule(SchedulingPod(json: Fixture.pod("p")), using: &rng)
        #expect(cache.nextStart == 230)
        _ = cache.schedule(SchedulingPod(json: Fixture.pod("q")), using: &rng)
        #expect(cache.nextStart == 460)
    }
}

extension Decision {
    var message: String? { if case .unschedulable(let f) = self { f.description } else { nil } }
}
