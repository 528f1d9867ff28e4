import Controllers
import Resources
import Testing

/// A Deployment and its ReplicaSets with instant pods whose availability the test decides.
struct DeploymentWorld {
    var deployment: JSON
    var sets: [JSON] = []
    var clock: Int64 = 0
    var uids = 0

    init(replicas: Int, surge: JSON = "25%", unavailable: JSON = "25%", strategy: String = "RollingUpdate", image: String = "v1") {
        deployment = ["apiVersion": "apps/v1", "kind": "Deployment",
                      "metadata": ["name": "web", "namespace": "default", "uid": "d-uid", "generation": 1, "resourceVersion": "1"],
                      "spec": ["replicas": .int(Int64(replicas)), "selector": ["matchLabels": ["app": "web"]],
                               "strategy": strategy == "Recreate" ? ["type": "Recreate"]
                                   : ["type": "RollingUpdate", "rollingUpdate": ["maxSurge": surge, "maxUnavailable": unavailable]],
                               "revisionHistoryLimit": 2, "progressDeadlineSeconds": 600,
                               "template": ["metadata": ["labels": ["app": "web"]],
                                            "spec": ["containers": [["name": "c", "image": .string(image)]]]]]]
    }

    var now: MetaTime { MetaTime(seconds: Fixtures.now.seconds + clock) }

    /// One sync, applied; returns the plan.
    @discardableResult
    mutating func sync() -> DeploymentPlan {
        clock += 1
        let plan = DeploymentReconciler.plan(deployment: deployment, replicaSets: sets, now: now)
        if var rs = plan.create {
            uids += 1
            rs["metadata"]["uid"] = .string("rs-\(uids)")
            rs["metadata"]["creationTimestamp"] = .string(now.rfc3339)
            rs["status"] = ["replicas": 0, "availableReplicas": 0]
            sets.append(rs)
        }
        for u in plan.update { if let i = sets.firstIndex(where: { $0.uid == u.uid }) { sets[i] = u } }
        sets.removeAll { s in plan.delete.contains { $0.uid == s.uid } }
        if let a = plan.annotations?["metadata"]?["annotations"]?.object {
            for (k, v) in a { deployment["metadata"]["annotations"][k] = v }
        }
        if let s = plan.status { deployment["status"] = s }
        return plan
    }

    /// The ReplicaSet controller and kubelets: pods follow spec at once; scale-down removes
    /// unavailable pods first; `ready` of the unavailable pods become available.
    mutating func settle(becomeAvailable: (Int) -> Int) {
        for i in sets.indices {
            let spec = sets[i].int("spec", "replicas", default: 0)
            var available = min(sets[i].int("status", "availableReplicas", default: 0), spec)
            available += min(becomeAvailable(spec - available), spec - available)
            sets[i]["status"] = ["replicas": .int(Int64(spec)), "readyReplicas": .int(Int64(available)),
                                 "availableReplicas": .int(Int64(available))]
        }
    }

    func total(_ f: String, spec: Bool = false) -> Int {
        sets.reduce(0) { $0 + $1.int(spec ? "spec" : "status", .key(f), default: 0) }
    }
    var newSet: JSON? { sets.first { $0.int("spec", "replicas", default: 0) > 0 && $0["spec"]?["template"]?["spec"] == deployment["spec"]?["template"]?["spec"] } }

    mutating func changeImage(_ image: String) {
        deployment["spec"]?["template"]?["spec"]?["containers"]?[0]?["image"] = .string(image)
        let generation = deployment.int("metadata", "generation", default: 1)
        deployment["metadata"]["generation"] = .int(Int64(generation + 1))
    }

    /// Syncs and settles (all pods available) until nothing changes.
    mutating func rollOut(steps: Int = 60) {
        for _ in 0..<steps {
            let p = sync()
            settle { $0 }
            if p.create == nil && p.update.isEmpty && p.delete.isEmpty && p.status == nil { return }
        }
    }
}

@Suite struct DeploymentReconcilerTests {
    @Test func fenceposts() {
        #expect(RollingParameters(["maxSurge": "25%", "maxUnavailable": "25%"], replicas: 10) == .init(maxSurge: 3, maxUnavailable: 2))
        #expect(RollingParameters(nil, replicas: 1) == .init(maxSurge: 1, maxUnavailable: 0))
        #expect(RollingParameters(["maxSurge": 0, "maxUnavailable": 0], replicas: 5) == .init(maxSurge: 0, maxUnavailable: 1))
        #expect(RollingParameters(["maxSurge": "50%", "maxUnavailable": 1], replicas: 3) == .init(maxSurge: 2, maxUnavailable: 1))
    }

    @Test func firstSyncCreatesTheHashedReplicaSet() {
        var w = DeploymentWorld(replicas: 3)
        let plan = w.sync()
        let rs = try! #require(plan.create)
        let hash = rs["metadata"]?["labels"]?["pod-template-hash"]?.string ?? ""
        #expect(!hash.isEmpty && rs.name == "web-\(hash)")
        #expect(rs["spec"]?["selector"]?["matchLabels"]?["pod-template-hash"]?.string == hash)
        #expect(rs["spec"]?["template"]?["metadata"]?["labels"]?["pod-template-hash"]?.string == hash)
        #expect(rs["spec"]?["replicas"]?.int == 3)
        #expect(rs["metadata"]?["annotations"]?["deployment.kubernetes.io/revision"]?.string == "1")
        #expect(rs["metadata"]?["annotations"]?["deployment.kubernetes.io/desired-replicas"]?.string == "3")
        #expect(rs["metadata"]?["annotations"]?["deployment.kubernetes.io/max-replicas"]?.string == "4")
        #expect(rs["metadata"]?["ownerReferences"]?[0]?["kind"]?.string == "Deployment")
        #expect(plan.events.map(\.message) == ["Scaled up replica set \(rs.name) from 0 to 3"])
        #expect(plan.status?["conditions"]?.array?.contains { $0["reason"]?.string == "NewReplicaSetCreated" } == true)
        #expect(PodTemplateHash.compute(w.deployment["spec"]?["template"] ?? .null) == hash)
    }

    @Test func rolloutCompletesWithStatusRolloutStatusAccepts() {
        var w = DeploymentWorld(replicas: 3)
        w.rollOut()
        let s = w.deployment["status"]
        #expect(s?["updatedReplicas"]?.int == 3 && s?["availableReplicas"]?.int == 3 && s?["replicas"]?.int == 3)
        #expect(s?["observedGeneration"]?.int == 1 && s?["unavailableReplicas"]?.int == 0)
        let conditions = s?["conditions"]?.array ?? []
        #expect(conditions.contains { $0["type"]?.string == "Available" && $0["status"]?.string == "True" })
        #expect(conditions.contains { $0["type"]?.string == "Progressing" && $0["reason"]?.string == "NewReplicaSetAvailable" })

        w.changeImage("v2")
        w.rollOut()
        #expect(w.sets.count == 2)
        let revisions = w.sets.map { $0["metadata"]?["annotations"]?["deployment.kubernetes.io/revision"]?.string }
        #expect(Set(revisions) == ["1", "2"])
        #expect(w.newSet?["spec"]?["template"]?["spec"]?["containers"]?[0]?["image"]?.string == "v2")
        #expect(w.total("replicas", spec: true) == 3)
        #expect(w.deployment["metadata"]?["annotations"]?["deployment.kubernetes.io/revision"]?.string == "2")

        // Undo as kubectl does it: the template goes back; the old set becomes new with revision 3.
        w.changeImage("v1")
        w.rollOut()
        #expect(w.sets.count == 2)
        #expect(w.newSet?["metadata"]?["annotations"]?["deployment.kubernetes.io/revision"]?.string == "3")
        #expect(w.deployment["metadata"]?["annotations"]?["deployment.kubernetes.io/revision"]?.string == "3")
    }

    @Test func historyLimitDeletesOldestIdleSets() {
        var w = DeploymentWorld(replicas: 2)
        for image in ["v1", "v2", "v3", "v4", "v5"] {
            w.changeImage(image)
            w.rollOut()
        }
        #expect(w.sets.count == 3)  // the new one and revisionHistoryLimit 2
        let revisions = w.sets.compactMap { $0["metadata"]?["annotations"]?["deployment.kubernetes.io/revision"]?.string }.sorted()
        #expect(revisions == ["3", "4", "5"])
    }

    @Test func recreateScalesOldToZeroFirst() {
        var w = DeploymentWorld(replicas: 3, strategy: "Recreate")
        w.rollOut()
        w.changeImage("v2")
        var sawBoth = false
        for _ in 0..<20 {
            w.sync()
            let up = w.sets.filter { $0.int("status", "replicas", default: 0) > 0 }
            if up.count > 1 { sawBoth = true }
            w.settle { $0 }
        }
        #expect(!sawBoth)
        #expect(w.newSet?["spec"]?["replicas"]?.int == 3)
    }

    @Test func pausedDoesNotRollAndSaysSo() {
        var w = DeploymentWorld(replicas: 2)
        w.rollOut()
        w.deployment["spec"]["paused"] = true
        w.changeImage("v2")
        let plan = w.sync()
        #expect(plan.create == nil)
        #expect(w.deployment["status"]?["conditions"]?.array?.contains { $0["reason"]?.string == "DeploymentPaused" } == true)
    }

    @Test func progressDeadlineExceeded() {
        var w = DeploymentWorld(replicas: 2)
        w.deployment["spec"]["progressDeadlineSeconds"] = 10
        w.sync()
        for _ in 0..<30 { w.sync(); w.settle { _ in 0 } }  // pods never become available
        let progressing = w.deployment["status"]?["conditions"]?.array?.first { $0["type"]?.string == "Progressing" }
        #expect(progressing?["reason"]?.string == "ProgressDeadlineExceeded")
        #expect(progressing?["status"]?.string == "False")
    }

    @Test func scalingASteadyDeployment() {
        var w = DeploymentWorld(replicas: 2)
        w.rollOut()
        w.deployment["spec"]["replicas"] = 5
        w.rollOut()
        #expect(w.sets.count == 1 && w.sets[0].int("spec", "replicas", default: 0) == 5)
        #expect(w.deployment["status"]?["availableReplicas"]?.int == 5)
    }

    /// During any rollout: never more than replicas + maxSurge pods, never fewer than
    /// replicas − maxUnavailable available, and it finishes.
    @Test func rollingUpdateInvariants() {
        for seed in 0..<150 {
            var rng = SeededGenerator(seed: UInt64(seed))
            let replicas = Int.random(in: 1...12, using: &rng)
            let surge: JSON = Bool.random(using: &rng) ? .int(Int64.random(in: 0...3, using: &rng)) : .string("\(Int.random(in: 0...100, using: &rng))%")
            let unavailable: JSON = Bool.random(using: &rng) ? .int(Int64.random(in: 0...3, using: &rng)) : .string("\(Int.random(in: 0...100, using: &rng))%")
            var w = DeploymentWorld(replicas: replicas, surge: surge, unavailable: unavailable)
            let p = RollingParameters(w.deployment["spec"]?["strategy"]?["rollingUpdate"], replicas: replicas)
            w.rollOut()
            #expect(w.total("availableReplicas") == replicas)
            for round in 0..<2 {
                w.changeImage("v\(round + 2)")
                var finished = false
                for _ in 0..<400 {
                    w.sync()
                    #expect(w.total("replicas", spec: true) <= replicas + p.maxSurge, "seed \(seed): too many pods")
                    w.settle { n in n == 0 ? 0 : Int.random(in: 0...n, using: &rng) }
                    #expect(w.total("availableReplicas") >= replicas - p.maxUnavailable, "seed \(seed): too few available")
                    let s = w.deployment["status"]
                    if s?["updatedReplicas"]?.int == Int64(replicas), s?["availableReplicas"]?.int == Int64(replicas),
                       s?["replicas"]?.int == Int64(replicas), w.total("replicas", spec: true) == replicas {
                        finished = true
                        break
                    }
                }
                #expect(finished, "seed \(seed): rollout did not finish")
            }
        }
    }
}

/// Proportional scaling, with the cases of Kubernetes' `TestScale` (sync_test.go).
@Suite struct DeploymentProportionalScalingTests {
    /// A ReplicaSet of `size` made `age` seconds after the epoch, last scaled when the
    /// Deployment allowed `max` (its max-replicas annotation).
    static func rs(_ name: String, _ size: Int, max: Int, age: Int64) -> JSON {
        ["metadata": ["name": .string(name), "creationTimestamp": .string(MetaTime(seconds: 1_700_000_000 + age).rfc3339),
                      "annotations": ["deployment.kubernetes.io/max-replicas": .string(String(max))]],
         "spec": ["replicas": .int(Int64(size))]]
    }

    static func sizes(_ replicas: Int, surge: Int = 0, _ sets: [JSON]) -> [Int] {
        let out = DeploymentReconciler.proportionalSizes(replicas: replicas, maxSurge: surge, active: sets, statusReplicas: 0)
        return sets.map { out[$0.name] ?? -1 }
    }

    @Test func growthAndShrinkageFollowTheSetsShares() {
        // new, old…: 5 → 10, 5 → 3, 9 → 4.
        #expect(Self.sizes(10, [Self.rs("new", 2, max: 5, age: 2), Self.rs("old", 3, max: 5, age: 1)]) == [4, 6])
        #expect(Self.sizes(3, [Self.rs("new", 2, max: 5, age: 2), Self.rs("old", 3, max: 5, age: 1)]) == [1, 2])
        #expect(Self.sizes(4, [Self.rs("new", 8, max: 9, age: 2), Self.rs("old", 1, max: 9, age: 1)]) == [4, 0])
        // 7 → 10 and 13 → 8 over three sets.
        #expect(Self.sizes(10, [Self.rs("new", 2, max: 7, age: 3), Self.rs("old", 3, max: 7, age: 1), Self.rs("older", 2, max: 7, age: 0)])
                == [3, 4, 3])
        #expect(Self.sizes(8, [Self.rs("new", 2, max: 13, age: 3), Self.rs("old", 8, max: 13, age: 1), Self.rs("older", 3, max: 13, age: 0)])
                == [1, 5, 2])
    }

    @Test func roundingLeftoversGoToTheLargestNewestWhenGrowingOldestWhenShrinking() {
        #expect(Self.sizes(4, [Self.rs("new", 1, max: 3, age: 3), Self.rs("old", 1, max: 3, age: 1), Self.rs("older", 1, max: 3, age: 0)])
                == [2, 1, 1])
        #expect(Self.sizes(3, [Self.rs("new", 1, max: 4, age: 3), Self.rs("old", 2, max: 4, age: 1), Self.rs("older", 1, max: 4, age: 0)])
                == [1, 1, 1])
        #expect(Self.sizes(0, [Self.rs("new", 4, max: 9, age: 3), Self.rs("old", 5, max: 9, age: 1)]) == [0, 0])
    }

    /// Property: the sets end at replicas + maxSurge in all, none below 0, each moving the way
    /// the Deployment moved.
    @Test func anyScalingFillsTheAllowanceExactly() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let count = Int.random(in: 2...4, using: &rng)
            let before = Int.random(in: count...60, using: &rng)
            let surge = Int.random(in: 0...3, using: &rng)
            var left = before + surge
            var sets: [JSON] = []
            for i in 0..<count {
                let size = i == count - 1 ? left : Int.random(in: 1...max(1, left - (count - 1 - i)), using: &rng)
                left -= size
                sets.append(Self.rs("rs-\(i)", size, max: before + surge, age: Int64(i)))
            }
            let replicas = Int.random(in: 0...120, using: &rng)
            let after = Self.sizes(replicas, surge: replicas == 0 ? 0 : surge, sets)
            #expect(after.allSatisfy { $0 >= 0 })
            #expect(after.reduce(0, +) == (replicas == 0 ? 0 : replicas + surge), "\(before)+\(surge) → \(replicas): \(after)")
            for (rs, n) in zip(sets, after) {
                let size = rs.int("spec", "replicas", default: 0)
                #expect(replicas + surge >= before + surge ? n >= size : n <= size)
            }
        }
    }

    /// Mid-rollout, the Deployment doubles: both ReplicaSets grow (not just the new one), the
    /// total is the new allowance, and the rollout then finishes on the new set alone.
    @Test func scalingMidRolloutGrowsEverySetAndTheRolloutFinishes() {
        var w = DeploymentWorld(replicas: 10)
        w.rollOut()
        w.changeImage("v2")
        for _ in 0..<3 {
            w.sync()
            w.settle { _ in 0 }  // the new pods never become available yet
        }
        let before = Dictionary(uniqueKeysWithValues: w.sets.map { ($0.name, $0.int("spec", "replicas", default: 0)) })
        #expect(before.values.filter { $0 > 0 }.count == 2)
        w.deployment["spec"]["replicas"] = 20
        w.deployment["metadata"]["generation"] = .int(Int64(w.deployment.int("metadata", "generation", default: 1) + 1))
        w.sync()
        let after = Dictionary(uniqueKeysWithValues: w.sets.map { ($0.name, $0.int("spec", "replicas", default: 0)) })
        for (name, size) in before where size > 0 { #expect(after[name]! > size, "\(name): \(size) → \(after[name]!)") }
        #expect(after.values.reduce(0, +) == 25)  // 20 + 25% surge
        #expect(w.sets.allSatisfy { $0.int("spec", "replicas", default: 0) == 0
                || $0["metadata"]?["annotations"]?["deployment.kubernetes.io/desired-replicas"]?.string == "20" })
        w.settle { $0 }  // now they do
        w.rollOut()
        #expect(w.newSet?.int("spec", "replicas", default: 0) == 20)
        #expect(w.total("replicas", spec: true) == 20)
    }
}
