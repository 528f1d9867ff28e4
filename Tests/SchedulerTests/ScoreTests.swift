import Resources
@testable import Scheduler
import Testing

/// Score plugins with figures worked out by hand from kube-scheduler's formulas.
@Suite struct ScoreTests {
    static let node = SchedulingNode(json: Fixture.node("n", cpu: "4", memory: "8Gi"))

    @Test(arguments: [
        // (cpu, memory, LeastAllocated score on an empty 4-cpu/8Gi node)
        ("1", "2Gi", 75 as Int64),      // (3000/4000, 6/8) → 75, 75
        ("2", "2Gi", 62),               // 50, 75 → 62 (integer mean)
        (nil, nil, 97),                 // the non-zero defaults: 100m → 97, 200Mi → 97
        ("4", "8Gi", 0),
        ("5", "1Gi", 43),               // over capacity scores 0 for cpu; memory 87 → 43
    ] as [(String?, String?, Int64)])
    func leastAllocated(cpu: String?, memory: String?, score: Int64) {
        #expect(Scores.leastAllocated(SchedulingPod(json: Fixture.pod("p", cpu: cpu, memory: memory)), Self.node) == score)
    }

    @Test(arguments: [
        ("1", "4Gi", 87 as Int64),  // fractions .25 and .5: 1 - .125
        ("2", "4Gi", 100),          // .5 and .5
        (nil, nil, 100),            // nothing requested: 0 and 0
        ("4", "0", 50),             // 1 and 0
        ("8", "0", 50),             // fractions cap at 1
    ] as [(String?, String?, Int64)])
    func balancedAllocation(cpu: String?, memory: String?, score: Int64) {
        #expect(Scores.balancedAllocation(SchedulingPod(json: Fixture.pod("p", cpu: cpu, memory: memory)), Self.node) == score)
    }

    @Test func leastAllocatedCountsThePodsAlreadyOnTheNode() {
        var n = Self.node
        n.add(SchedulingPod(json: Fixture.pod("a", cpu: "2", memory: "4Gi")))
        #expect(Scores.leastAllocated(SchedulingPod(json: Fixture.pod("p", cpu: "1", memory: "2Gi")), n) == 25)
        // A pod with no requests still counts 100m/200Mi for scoring, never for fitting.
        var m = Self.node
        m.add(SchedulingPod(json: Fixture.pod("a")))
        #expect(m.requested.milliCPU == 0 && m.nonZeroRequested.milliCPU == 100)
    }

    @Test func normalizeScalesToTheLargestAndReversesWhenFewerIsBetter() {
        #expect(Scores.normalize([0, 2, 4], reverse: false) == [0, 50, 100])
        #expect(Scores.normalize([0, 2, 4], reverse: true) == [100, 50, 0])
        #expect(Scores.normalize([0, 0], reverse: true) == [100, 100])
        #expect(Scores.normalize([0, 0], reverse: false) == [0, 0])
        #expect(Scores.normalize([3, 1], reverse: false) == [100, 33])
    }

    @Test func spreadingFavoursNodesWithFewerPodsOfTheSameOwner() {
        func owned(_ name: String) -> SchedulingPod {
            SchedulingPod(json: Fixture.pod(name) { $0["metadata"]["ownerReferences"] = [["uid": "rs-1", "controller": true, "kind": "ReplicaSet", "name": "rs", "apiVersion": "apps/v1"]] })
        }
        var a = SchedulingNode(json: Fixture.node("a")), b = SchedulingNode(json: Fixture.node("b"))
        let c = SchedulingNode(json: Fixture.node("c"))
        a.add(owned("x"))
        a.add(owned("y"))
        b.add(owned("z"))
        #expect(Scores.spread(owned("p"), [a, b, c]) == [0, 50, 100])
        #expect(Scores.spread(SchedulingPod(json: Fixture.pod("orphan")), [a, b, c]) == [0, 0, 0])
        #expect(Scores.spread(owned("p"), [c, c]) == [100, 100])
    }

    @Test func preferNoScheduleTaintsAndPreferredAffinityScoreWithTheirWeights() {
        let tainted = SchedulingNode(json: Fixture.node("t") { $0["spec"]["taints"] = [Fixture.taint("soft", "", "PreferNoSchedule")] })
        let clean = SchedulingNode(json: Fixture.node("c", labels: ["disk": "ssd"]))
        let pod = SchedulingPod(json: Fixture.pod("p") {
            $0["spec"]["affinity"] = ["nodeAffinity": ["preferredDuringSchedulingIgnoredDuringExecution": [
                ["weight": 10, "preference": ["matchExpressions": [Fixture.requirement("disk", "In", ["ssd"])]]]]]]
        })
        #expect(Scores.intolerablePreferNoSchedule(pod, tainted) == 1)
        #expect(Scores.intolerablePreferNoSchedule(pod, clean) == 0)
        #expect(Scores.preferredAffinity(pod, clean) == 10)
        #expect(Scores.preferredAffinity(pod, tainted) == 0)
        let totals = Scores.total(pod, [tainted, clean])
        // Equal resource scores; the clean node wins 3×100 (taints) + 2×100 (affinity).
        #expect(totals[1] - totals[0] == 500)
        let tolerant = SchedulingPod(json: Fixture.pod("q") { $0["spec"]["tolerations"] = [Fixture.toleration(key: "soft", op: "Exists")] })
        #expect(Scores.intolerablePreferNoSchedule(tolerant, tainted) == 0)
    }

    @Test func theLeastAllocatedNodeIsChosen() {
        var cache = Fixture.cache([Fixture.node("busy"), Fixture.node("idle")], pods: [Fixture.pod("a", cpu: "3", memory: "6Gi") { $0["spec"]["nodeName"] = "busy" }])
        var rng = SeededGenerator(seed: 1)
        #expect(cache.schedule(SchedulingPod(json: Fixture.pod("p", cpu: "100m")), using: &rng) == .bind(node: "idle"))
    }

    @Test func tiesAreBrokenAtRandomAcrossEveryEqualNode() {
        var seen: Set<String> = []
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<200 {
            var cache = Fixture.cache((1...4).map { Fixture.node("n\($0)") })
            if case .bind(let n) = cache.schedule(SchedulingPod(json: Fixture.pod("p")), using: &rng) { seen.insert(n) }
        }
        #expect(seen == ["n1", "n2", "n3", "n4"])
    }
}
