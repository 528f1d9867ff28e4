import Controllers
import Resources
import Testing

/// A Job and its pods as the API server would hold them.
enum JobFixtures {
    static let t0 = MetaTime(seconds: 1_700_000_000)

    static func job(completions: Int64? = 4, parallelism: Int64 = 2, backoffLimit: Int64 = 6, policy: String = "Never",
                    indexed: Bool = false, extra: (inout JSON) -> Void = { _ in }) -> JSON {
        var spec: JSON = ["parallelism": .int(parallelism), "backoffLimit": .int(backoffLimit),
                          "selector": ["matchLabels": ["batch.kubernetes.io/controller-uid": "job-uid"]],
                          "template": ["metadata": ["labels": ["batch.kubernetes.io/controller-uid": "job-uid", "job-name": "pi"]],
                                       "spec": ["restartPolicy": .string(policy), "containers": [["name": "c", "image": "busybox"]]]]]
        if let completions { spec["completions"] = .int(completions) }
        if indexed { spec["completionMode"] = "Indexed" }
        var j: JSON = ["apiVersion": "batch/v1", "kind": "Job",
                       "metadata": ["name": "pi", "namespace": "default", "uid": "job-uid", "creationTimestamp": .string(t0.rfc3339)],
                       "spec": spec]
        extra(&j)
        return j
    }

    static func pod(_ name: String, phase: String = "Running", ready: Bool = false, created: Int64 = 0, index: Int64? = nil,
                    finishedAt: Int64? = nil, restarts: Int64 = 0) -> JSON {
        var p: JSON = ["metadata": ["name": .string(name), "namespace": "default", "uid": .string("uid-\(name)"),
                                    "creationTimestamp": .string(MetaTime(seconds: t0.seconds + created).rfc3339),
                                    "ownerReferences": [["uid": "job-uid", "controller": true, "kind": "Job", "name": "pi"]]],
                       "status": ["phase": .string(phase),
                                  "conditions": [["type": "Ready", "status": .string(ready ? "True" : "False")]],
                                  "containerStatuses": [["name": "c", "restartCount": .int(restarts)]]]]
        if let index { p["metadata"]["annotations"] = ["batch.kubernetes.io/job-completion-index": .string(String(index))] }
        if let finishedAt {
            p["status"]["containerStatuses"] = [["name": "c", "restartCount": 0,
                "state": ["terminated": ["exitCode": .int(phase == "Failed" ? 1 : 0),
                                         "finishedAt": .string(MetaTime(seconds: t0.seconds + finishedAt).rfc3339)]]]]
        }
        return p
    }

    static func at(_ s: Int64) -> MetaTime { MetaTime(seconds: t0.seconds + s) }

    static func conditionTypes(_ status: JSON?) -> [String] {
        (status?["conditions"]?.array ?? []).filter { $0["status"]?.string == "True" }.compactMap { $0["type"]?.string }
    }
}

@Suite struct JobReconcilerTests {
    typealias F = JobFixtures

    @Test func aNewJobStartsParallelismPodsWithOwnerAndLabels() {
        let plan = JobReconciler.reconcile(job: F.job(), pods: [], now: F.t0)
        #expect(plan.createPods.count == 2)
        let pod = plan.createPods[0]
        #expect(pod["metadata"]["generateName"]?.string == "pi-")
        #expect(pod["metadata"]["labels"]["job-name"]?.string == "pi")
        #expect(pod["metadata"]["ownerReferences"][0]["uid"]?.string == "job-uid")
        #expect(pod["metadata"]["ownerReferences"][0]["controller"]?.bool == true)
        #expect(plan.status?["active"]?.int == 2)
        #expect(plan.status?["startTime"]?.string == F.t0.rfc3339)
    }

    @Test func neverMoreThanRemainingCompletions() {
        let job = F.job()
        let pods = [F.pod("a", phase: "Succeeded"), F.pod("b", phase: "Succeeded"), F.pod("c", phase: "Succeeded"), F.pod("d")]
        let plan = JobReconciler.reconcile(job: job, pods: pods, now: F.t0)
        #expect(plan.createPods.isEmpty)  // one left to complete, one running
        #expect(plan.status?["succeeded"]?.int == 3)
    }

    @Test func completesWithSuccessCriteriaMetThenComplete() {
        var job = F.job()
        let pods = (0..<4).map { F.pod("p\($0)", phase: "Succeeded") }
        let plan = JobReconciler.reconcile(job: job, pods: pods, now: F.at(30))
        #expect(F.conditionTypes(plan.status) == ["SuccessCriteriaMet", "Complete"])
        #expect(plan.status?["completionTime"]?.string == F.at(30).rfc3339)
        #expect(plan.events.contains(.normal("Completed", "Job completed")))
        job["status"] = plan.status
        #expect(JobReconciler.reconcile(job: job, pods: pods, now: F.at(31)).status == nil)
    }

    @Test func aFailedPodUnderNeverIsReplacedAfterTheBackoff() {
        let job = F.job(completions: 1, parallelism: 1)
        let failed = F.pod("a", phase: "Failed", finishedAt: 5)
        let early = JobReconciler.reconcile(job: job, pods: [failed], now: F.at(6))
        #expect(early.createPods.isEmpty)
        #expect(early.requeueAfter == 9)
        #expect(early.deletePods.isEmpty)  // never deleted: it is counted
        let late = JobReconciler.reconcile(job: job, pods: [failed], now: F.at(15))
        #expect(late.createPods.count == 1)
        #expect(late.status?["failed"]?.int == 1)
    }

    @Test func backoffDoublesUpToSixMinutes() {
        #expect(JobReconciler.backoff(failures: 1) == 10)
        #expect(JobReconciler.backoff(failures: 2) == 20)
        #expect(JobReconciler.backoff(failures: 6) == 320)
        #expect(JobReconciler.backoff(failures: 7) == 360)
        #expect(JobReconciler.backoff(failures: 100) == 360)
    }

    @Test func backoffLimitExceededFailsTheJob() {
        var job = F.job(completions: 4, parallelism: 2, backoffLimit: 1)
        let pods = [F.pod("a", phase: "Failed", finishedAt: 1), F.pod("b", phase: "Failed", finishedAt: 2), F.pod("c")]
        let plan = JobReconciler.reconcile(job: job, pods: pods, now: F.at(40))
        #expect(F.conditionTypes(plan.status) == ["FailureTarget"])
        #expect(plan.deletePods == ["c"])
        #expect(plan.events.contains(.warning("BackoffLimitExceeded", "Job has reached the specified backoff limit")))
        job["status"] = plan.status
        let after = JobReconciler.reconcile(job: job, pods: Array(pods.prefix(2)), now: F.at(41))
        #expect(F.conditionTypes(after.status) == ["FailureTarget", "Failed"])
        let failed = after.status?["conditions"]?.array?.first { $0["type"]?.string == "Failed" }
        #expect(failed?["reason"]?.string == "BackoffLimitExceeded")
        #expect(after.createPods.isEmpty)
    }

    @Test func onFailureCountsRestarts() {
        let job = F.job(completions: 1, parallelism: 1, backoffLimit: 2, policy: "OnFailure")
        let plan = JobReconciler.reconcile(job: job, pods: [F.pod("a", restarts: 2)], now: F.at(1))
        #expect(F.conditionTypes(plan.status) == ["FailureTarget"])
        #expect(plan.deletePods == ["a"])
    }

    @Test func activeDeadline() {
        let job = F.job { $0["spec"]["activeDeadlineSeconds"] = 10; $0["status"] = ["startTime": .string(F.t0.rfc3339)] }
        let before = JobReconciler.reconcile(job: job, pods: [F.pod("a"), F.pod("b")], now: F.at(4))
        #expect(before.requeueAfter == 6)
        let after = JobReconciler.reconcile(job: job, pods: [F.pod("a"), F.pod("b")], now: F.at(10))
        #expect(Set(after.deletePods) == ["a", "b"])
        #expect(after.status?["conditions"]?[0]["reason"]?.string == "DeadlineExceeded")
    }

    @Test func suspendDeletesPodsAndResumeRestarts() {
        var job = F.job { $0["spec"]["suspend"] = true }
        let plan = JobReconciler.reconcile(job: job, pods: [F.pod("a")], now: F.at(1))
        #expect(plan.deletePods == ["a"])
        #expect(plan.events == [.normal("Suspended", "Job suspended")])
        #expect(plan.createPods.isEmpty)
        job["status"] = plan.status
        job["spec"]["suspend"] = false
        let resumed = JobReconciler.reconcile(job: job, pods: [], now: F.at(5))
        #expect(resumed.events == [.normal("Resumed", "Job resumed")])
        #expect(resumed.createPods.count == 2)
        #expect(resumed.status?["startTime"]?.string == F.at(5).rfc3339)
    }

    @Test func ttlDeletesTheFinishedJob() {
        let job = F.job {
            $0["spec"]["ttlSecondsAfterFinished"] = 30
            $0["status"] = ["completionTime": .string(F.at(100).rfc3339),
                            "conditions": [["type": "Complete", "status": "True"]]]
        }
        #expect(JobReconciler.reconcile(job: job, pods: [], now: F.at(110)).requeueAfter == 20)
        #expect(JobReconciler.reconcile(job: job, pods: [], now: F.at(130)).deleteJob)
    }

    @Test func indexedJobsCreateOnePodPerMissingIndex() {
        let job = F.job(completions: 3, parallelism: 3, indexed: true)
        let pods = [F.pod("pi-0-x", phase: "Succeeded", index: 0), F.pod("pi-2-y", index: 2)]
        let plan = JobReconciler.reconcile(job: job, pods: pods, now: F.t0)
        #expect(plan.createPods.count == 1)
        let pod = plan.createPods[0]
        #expect(pod["metadata"]["annotations"]["batch.kubernetes.io/job-completion-index"]?.string == "1")
        #expect(pod["metadata"]["generateName"]?.string == "pi-1-")
        #expect(pod["spec"]["hostname"]?.string == "pi-1")
        #expect(pod["spec"]["containers"][0]["env"][0]["name"]?.string == "JOB_COMPLETION_INDEX")
        #expect(plan.status?["completedIndexes"]?.string == "0")
    }

    @Test func completedIndexesFormat() {
        #expect(JobIndexes.format([0, 1, 2, 4, 6, 7]) == "0-2,4,6-7")
        #expect(JobIndexes.parse("0-2,4,6-7") == [0, 1, 2, 4, 6, 7])
    }

    /// Property: whatever the pods, a plan never leaves more than `parallelism` pods running.
    @Test func neverMoreThanParallelismActive() {
        var rng = SeededGenerator(seed: 6)
        for _ in 0..<500 {
            let parallelism = Int64.random(in: 1...5, using: &rng)
            let completions: Int64? = Bool.random(using: &rng) ? Int64.random(in: 1...8, using: &rng) : nil
            let indexed = completions != nil && Bool.random(using: &rng)
            let job = F.job(completions: completions, parallelism: parallelism, backoffLimit: 20, indexed: indexed)
            let phases = ["Pending", "Running", "Succeeded", "Failed"]
            let pods = (0..<Int.random(in: 0...10, using: &rng)).map { i in
                F.pod("p\(i)", phase: phases.randomElement(using: &rng)!, ready: Bool.random(using: &rng), created: Int64(i),
                      index: indexed ? Int64.random(in: 0...9, using: &rng) : nil, finishedAt: 0)
            }
            let plan = JobReconciler.reconcile(job: job, pods: pods, now: F.at(1000))
            let running = pods.filter { JobPodFacts.isActive($0) && !plan.deletePods.contains(JobPodFacts.name($0)) }.count
            #expect(running + plan.createPods.count <= Int(parallelism))
        }
    }
}
