import Controllers
import Resources
import Testing

@Suite struct StatefulSetReconcilerTests {
    static let t0 = MetaTime(seconds: 1_700_000_000)

    static func set(replicas: Int64 = 3, parallel: Bool = false, extra: (inout JSON) -> Void = { _ in }) -> JSON {
        var s: JSON = ["apiVersion": "apps/v1", "kind": "StatefulSet",
                       "metadata": ["name": "web", "namespace": "default", "uid": "set-uid", "generation": 1],
                       "spec": ["replicas": .int(replicas), "serviceName": "nginx",
                                "podManagementPolicy": .string(parallel ? "Parallel" : "OrderedReady"),
                                "selector": ["matchLabels": ["app": "nginx"]],
                                "template": ["metadata": ["labels": ["app": "nginx"]],
                                             "spec": ["containers": [["name": "nginx", "image": "nginx"]]]],
                                "volumeClaimTemplates": [["metadata": ["name": "www"],
                                                          "spec": ["accessModes": ["ReadWriteOnce"], "resources": ["requests": ["storage": "1Gi"]]]]]]]
        extra(&s)
        return s
    }

    static func revision(_ set: JSON) -> String { StatefulSetRevision.name(set: set, template: set["spec"]["template"]!) }

    /// The pod the controller would make for `ord`, in some state.
    static func pod(_ set: JSON, _ ord: Int, ready: Bool = true, phase: String = "Running", revision: String? = nil) -> JSON {
        let rev = revision ?? Self.revision(set)
        var p = StatefulSetReconciler.makePod(set: set, ordinal: ord, template: set["spec"]["template"]!, revision: rev)
        p["metadata"]["uid"] = .string("uid-\(ord)")
        p["status"] = ["phase": .string(phase), "conditions": [["type": "Ready", "status": .string(ready ? "True" : "False"),
                                                                "lastTransitionTime": .string(t0.rfc3339)]]]
        return p
    }

    static func claims(_ set: JSON, _ ords: Range<Int>) -> [JSON] { ords.flatMap { StatefulSetReconciler.claimsFor(set: set, ordinal: $0) } }

    @Test func createsOrdinalZeroWithItsClaimAndIdentity() {
        let s = Self.set()
        let plan = StatefulSetReconciler.reconcile(set: s, pods: [], claims: [], revisions: [], now: Self.t0)
        #expect(plan.createPods.count == 1)
        let pod = plan.createPods[0]
        #expect(pod["metadata"]["name"]?.string == "web-0")
        #expect(pod["spec"]["hostname"]?.string == "web-0")
        #expect(pod["spec"]["subdomain"]?.string == "nginx")
        #expect(pod["metadata"]["labels"]["statefulset.kubernetes.io/pod-name"]?.string == "web-0")
        #expect(pod["metadata"]["labels"]["apps.kubernetes.io/pod-index"]?.string == "0")
        #expect(pod["spec"]["volumes"][0]["persistentVolumeClaim"]["claimName"]?.string == "www-web-0")
        #expect(plan.createClaims.map(JobPodFacts.name) == ["www-web-0"])
        #expect(plan.createRevision?["metadata"]["name"]?.string == Self.revision(s))
        #expect(plan.events.contains(.normal("SuccessfulCreate", "create Pod web-0 in StatefulSet web successful")))
        #expect(plan.events.contains(.normal("SuccessfulCreate", "create Claim www-web-0 Pod web-0 in StatefulSet web success")))
    }

    @Test func waitsForReadyBeforeTheNext() {
        let s = Self.set()
        let notReady = StatefulSetReconciler.reconcile(set: s, pods: [Self.pod(s, 0, ready: false)], claims: Self.claims(s, 0..<1), revisions: [], now: Self.t0)
        #expect(notReady.createPods.isEmpty)
        let ready = StatefulSetReconciler.reconcile(set: s, pods: [Self.pod(s, 0)], claims: Self.claims(s, 0..<1), revisions: [], now: Self.t0)
        #expect(ready.createPods.map(JobPodFacts.name) == ["web-1"])
    }

    @Test func parallelCreatesAllAtOnce() {
        let s = Self.set(parallel: true)
        let plan = StatefulSetReconciler.reconcile(set: s, pods: [], claims: [], revisions: [], now: Self.t0)
        #expect(plan.createPods.map(JobPodFacts.name) == ["web-0", "web-1", "web-2"])
    }

    @Test func scaleDownDeletesHighestFirstOneAtATime() {
        let s = Self.set(replicas: 1)
        let pods = (0..<3).map { Self.pod(s, $0) }
        let plan = StatefulSetReconciler.reconcile(set: s, pods: pods, claims: Self.claims(s, 0..<3), revisions: [], now: Self.t0)
        #expect(plan.deletePods == ["web-2"])
        #expect(plan.deleteClaims.isEmpty)  // claims survive by default
        let deleteClaims = Self.set(replicas: 1) { $0["spec"]["persistentVolumeClaimRetentionPolicy"] = ["whenScaled": "Delete"] }
        #expect(StatefulSetReconciler.reconcile(set: deleteClaims, pods: pods, claims: Self.claims(s, 0..<3), revisions: [], now: Self.t0).deleteClaims == ["www-web-2"])
    }

    @Test func aDeletedPodComesBackWithTheSameNameAndClaim() {
        let s = Self.set()
        let pods = [Self.pod(s, 0), Self.pod(s, 2)]
        let plan = StatefulSetReconciler.reconcile(set: s, pods: pods, claims: Self.claims(s, 0..<3), revisions: [], now: Self.t0)
        #expect(plan.createPods.map(JobPodFacts.name) == ["web-1"])
        #expect(plan.createClaims.isEmpty)
        #expect(plan.createPods[0]["spec"]["volumes"][0]["persistentVolumeClaim"]["claimName"]?.string == "www-web-1")
    }

    @Test func rollingUpdateFromTheTopDownToThePartition() {
        let old = Self.set()
        var new = Self.set { $0["spec"]["template"]["spec"]["containers"] = [["name": "nginx", "image": "nginx:2"]]; $0["spec"]["updateStrategy"] = ["type": "RollingUpdate", "rollingUpdate": ["partition": 1]] }
        let oldName: String = Self.revision(old)
        new["status"] = ["currentRevision": .string(oldName)]
        let oldRev = StatefulSetRevision.object(set: old, revision: 1)
        var pods = (0..<3).map { Self.pod(old, $0) }
        let first = StatefulSetReconciler.reconcile(set: new, pods: pods, claims: Self.claims(old, 0..<3), revisions: [oldRev], now: Self.t0)
        #expect(first.deletePods == ["web-2"])
        #expect(first.createRevision?["revision"]?.int == 2)
        pods[2] = Self.pod(new, 2)
        let second = StatefulSetReconciler.reconcile(set: new, pods: pods, claims: Self.claims(old, 0..<3), revisions: [oldRev], now: Self.t0)
        #expect(second.deletePods == ["web-1"])
        pods[1] = Self.pod(new, 1)
        let third = StatefulSetReconciler.reconcile(set: new, pods: pods, claims: Self.claims(old, 0..<3), revisions: [oldRev], now: Self.t0)
        #expect(third.deletePods.isEmpty)  // web-0 is below the partition
        #expect(third.status?["updatedReplicas"]?.int == 2)
        #expect(third.status?["currentReplicas"]?.int == 1)
        // A pod recreated below the partition gets the current revision's template.
        let recreated = StatefulSetReconciler.reconcile(set: new, pods: Array(pods[1...]), claims: Self.claims(old, 0..<3), revisions: [oldRev], now: Self.t0)
        #expect(recreated.createPods.first?["spec"]["containers"][0]["image"]?.string == "nginx")
    }

    @Test func onDeleteLeavesPodsAlone() {
        let old = Self.set()
        let new = Self.set { $0["spec"]["template"]["spec"]["containers"] = [["name": "nginx", "image": "nginx:2"]]; $0["spec"]["updateStrategy"] = ["type": "OnDelete"] }
        let plan = StatefulSetReconciler.reconcile(set: new, pods: (0..<3).map { Self.pod(old, $0) }, claims: Self.claims(old, 0..<3), revisions: [], now: Self.t0)
        #expect(plan.deletePods.isEmpty)
    }

    @Test func statusCounts() {
        let s = Self.set()
        let plan = StatefulSetReconciler.reconcile(set: s, pods: [Self.pod(s, 0), Self.pod(s, 1, ready: false)], claims: Self.claims(s, 0..<3), revisions: [], now: Self.t0)
        #expect(plan.status?["replicas"]?.int == 2)
        #expect(plan.status?["readyReplicas"]?.int == 1)
        #expect(plan.status?["availableReplicas"]?.int == 1)
        #expect(plan.status?["updatedReplicas"]?.int == 2)
        #expect(plan.status?["observedGeneration"]?.int == 1)
        #expect(plan.status?["updateRevision"]?.string == Self.revision(s))
    }

    /// Property: under OrderedReady a plan creates ordinal n only when every lower ordinal
    /// exists, is Running and Ready, and is not being deleted — ordinals are never skipped.
    @Test func orderedReadyNeverSkipsAnOrdinal() {
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<500 {
            let s = Self.set(replicas: Int64.random(in: 0...6, using: &rng))
            let pods = (0..<7).compactMap { ord -> JSON? in
                guard Bool.random(using: &rng) else { return nil }
                var p = Self.pod(s, ord, ready: Bool.random(using: &rng), phase: ["Pending", "Running", "Failed"].randomElement(using: &rng)!)
                if Int.random(in: 0..<5, using: &rng) == 0 { p["metadata"]["deletionTimestamp"] = .string(Self.t0.rfc3339) }
                return p
            }
            let plan = StatefulSetReconciler.reconcile(set: s, pods: pods, claims: [], revisions: [], now: Self.t0)
            #expect(plan.createPods.count <= 1)
            for created in plan.createPods {
                let n = StatefulSetReconciler.ordinal(of: created, set: "web")!
                for lower in 0..<n {
                    let p = pods.first { StatefulSetReconciler.ordinal(of: $0, set: "web") == lower }
                    #expect(p.map { JobPodFacts.isRunningAndReady($0) && !JobPodFacts.isTerminating($0) } == true)
                    #expect(!plan.deletePods.contains("web-\(lower)"))
                }
            }
        }
    }
}
