import Controllers
import Resources
import Testing

@Suite struct ReplicaSetReconcilerTests {
    let rs = Fixtures.replicaSet()

    @Test func createsWhatIsMissingFromTheTemplate() {
        let plan = ReplicaSetReconciler.plan(owner: rs, kind: .replicaSets, pods: [Fixtures.pod("web-a", owner: rs)], now: Fixtures.now)
        #expect(plan.create == 2)
        let pod = plan.podTemplate
        #expect(pod?["metadata"]?["generateName"]?.string == "web-")
        #expect(pod?["metadata"]?["labels"]?["tier"]?.string == "front")
        let ref = pod?["metadata"]?["ownerReferences"]?[0]
        #expect(ref?["kind"]?.string == "ReplicaSet" && ref?["uid"]?.string == "rs-uid")
        #expect(ref?["controller"]?.bool == true && ref?["blockOwnerDeletion"]?.bool == true)
        #expect(pod?["spec"]?["containers"]?[0]?["image"]?.string == "nginx")
        #expect(plan.delete.isEmpty)
    }

    @Test func adoptsMatchingOrphansAndReleasesNonMatching() {
        let orphan = Fixtures.pod("stray")
        let other = Fixtures.pod("other", labels: ["app": "db"])
        let changed = Fixtures.pod("web-b", owner: rs, labels: ["app": "api"])
        let plan = ReplicaSetReconciler.plan(owner: rs, kind: .replicaSets, pods: [orphan, other, changed], now: Fixtures.now)
        #expect(plan.adopt.map(\.name) == ["stray"])
        #expect(plan.release.map(\.name) == ["web-b"])
        #expect(plan.create == 2)  // the adopted orphan counts
    }

    @Test func ownedBySomeoneElseIsLeftAlone() {
        let otherOwner = Fixtures.replicaSet("api", uid: "other")
        let plan = ReplicaSetReconciler.plan(owner: rs, kind: .replicaSets, pods: [Fixtures.pod("x", owner: otherOwner)], now: Fixtures.now)
        #expect(plan.adopt.isEmpty && plan.release.isEmpty && plan.create == 3)
    }

    @Test func scaleDownOrderIsKubernetes() {
        let pods = [
            Fixtures.pod("running-ready-old", owner: rs, node: "n1", phase: "Running", ready: true, readySince: -500, created: -900),
            Fixtures.pod("running-ready-new", owner: rs, node: "n2", phase: "Running", ready: true, readySince: -500, created: -100),
            Fixtures.pod("unscheduled", owner: rs, phase: "Pending", created: -2000),
            Fixtures.pod("pending", owner: rs, node: "n3", phase: "Pending"),
            Fixtures.pod("running-notready", owner: rs, node: "n4", phase: "Running"),
            Fixtures.pod("running-ready-restarts", owner: rs, node: "n5", phase: "Running", ready: true, readySince: -500, created: -900, restarts: 3),
        ]
        let order = PodDeletionOrder.sorted(pods).map(\.name)
        #expect(order == ["unscheduled", "pending", "running-notready", "running-ready-restarts", "running-ready-new", "running-ready-old"])
        let plan = ReplicaSetReconciler.plan(owner: Fixtures.replicaSet(replicas: 2), kind: .replicaSets, pods: pods, now: Fixtures.now)
        #expect(plan.delete.map(\.name) == Array(order.prefix(4)))
    }

    @Test func expectationsStopFurtherWrites() {
        let plan = ReplicaSetReconciler.plan(owner: rs, kind: .replicaSets, pods: [], now: Fixtures.now, expectationsSatisfied: false)
        #expect(plan.create == 0 && plan.delete.isEmpty)
        #expect(plan.status?["replicas"]?.int == 0)
    }

    @Test func statusCountsAndMinReadySeconds() {
        let owner = Fixtures.replicaSet(replicas: 3, generation: 4, minReadySeconds: 30)
        let pods = [
            Fixtures.pod("a", owner: owner, node: "n", phase: "Running", ready: true, readySince: -60),
            Fixtures.pod("b", owner: owner, node: "n", phase: "Running", ready: true, readySince: -10),
            Fixtures.pod("c", owner: owner, labels: ["app": "web"], node: "n", phase: "Running"),
            Fixtures.pod("gone", owner: owner, node: "n", phase: "Running", deleting: true),
            Fixtures.pod("done", owner: owner, node: "n", phase: "Succeeded"),
        ]
        let plan = ReplicaSetReconciler.plan(owner: owner, kind: .replicaSets, pods: pods, now: Fixtures.now)
        let s = plan.status
        #expect(s?["replicas"]?.int == 3)
        #expect(s?["fullyLabeledReplicas"]?.int == 2)
        #expect(s?["readyReplicas"]?.int == 2)
        #expect(s?["availableReplicas"]?.int == 1)
        #expect(s?["observedGeneration"]?.int == 4)
        #expect(plan.requeueAfterSeconds == 30)
        #expect(plan.create == 0)
    }

    @Test func replicationControllerSelectorIsALabelMap() {
        var rc = Fixtures.replicaSet()
        rc["spec"]?["selector"] = ["app": "web"]
        let plan = ReplicaSetReconciler.plan(owner: rc, kind: .replicationControllers, pods: [Fixtures.pod("stray")], now: Fixtures.now)
        #expect(plan.adopt.map(\.name) == ["stray"])
        #expect(plan.podTemplate?["metadata"]?["ownerReferences"]?[0]?["kind"]?.string == "ReplicationController")
    }

    /// However stale the cache, creations in flight are never created again: simulate a cache
    /// that shows creations late, with expectations as the controller keeps them.
    @Test func staleCacheNeverOvercreates() {
        for seed in 0..<200 {
            var rng = SeededGenerator(seed: UInt64(seed))
            let replicas = Int.random(in: 0...20, using: &rng)
            let owner = Fixtures.replicaSet(replicas: replicas)
            var visible: [JSON] = [], inFlight: [JSON] = []
            var pending = 0  // expectations: creations not yet seen
            for step in 0..<40 {
                // Some in-flight pods show up in the cache.
                inFlight.shuffle(using: &rng)
                let arrive = Int.random(in: 0...inFlight.count, using: &rng)
                visible += inFlight.prefix(arrive)
                pending -= arrive
                inFlight.removeFirst(arrive)
                let plan = ReplicaSetReconciler.plan(owner: owner, kind: .replicaSets, pods: visible, now: Fixtures.now,
                                                     expectationsSatisfied: pending <= 0)
                for i in 0..<plan.create { inFlight.append(Fixtures.pod("p\(step)-\(i)", owner: owner)) }
                pending += plan.create
                #expect(visible.count + inFlight.count <= max(replicas, 0), "seed \(seed) step \(step)")
            }
        }
    }
}
