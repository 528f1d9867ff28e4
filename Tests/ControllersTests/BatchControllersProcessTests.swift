import Client
import Controllers
import Foundation
import Resources
import SkiffTestSupport
import Testing

/// A store, an API server and `skiff controller-manager` running some controllers, as real
/// processes; pods make progress only when the test writes their status (no kubelet).
struct ManagedCluster {
    /// The processes and client; this type adds calls by resource name.
    let base: ControllerCluster
    var cluster: TestCluster { base.cluster }
    var manager: ChildProcess { base.manager }
    var client: APIClient { base.client }

    static func start(controllers: String, extra: [String] = []) async throws -> ManagedCluster {
        ManagedCluster(base: try await ControllerCluster.start(controllers: controllers, extra: extra))
    }

    func stop() async throws { try await base.stop() }

    func create(_ resource: String, group: String = "", _ object: JSON, namespace: String? = "default") async throws -> JSON {
        try await client.call(APIRequest(.create, group: group, resource: resource, namespace: namespace, body: object)).object()
    }

    func get(_ resource: String, group: String = "", _ name: String, namespace: String? = "default") async -> JSON? {
        try? await client.call(APIRequest(.get, group: group, resource: resource, namespace: namespace, name: name)).object()
    }

    func list(_ resource: String, group: String = "", namespace: String? = "default", labelSelector: String? = nil) async -> [JSON] {
        var query: [String: String] = [:]
        if let labelSelector { query["labelSelector"] = labelSelector }
        let list = try? await client.call(APIRequest(.list, group: group, resource: resource, namespace: namespace, query: query)).object()
        return list?["items"]?.array ?? []
    }

    /// Writes a pod's status as its kubelet would: a phase, Ready, and a terminated container for
    /// finished phases.
    func setPod(_ name: String, phase: String, ready: Bool = false, namespace: String = "default") async throws {
        guard var pod = await get("pods", name, namespace: namespace) else { throw Missing(what: "pod \(name)") }
        let now = JSON.string(MetaTime.current().rfc3339)
        var status: JSON = ["phase": .string(phase), "startTime": now,
                            "conditions": [["type": "Ready", "status": .string(ready ? "True" : "False"), "lastTransitionTime": now]]]
        if phase == "Succeeded" || phase == "Failed" {
            status["containerStatuses"] = [["name": "c", "restartCount": 0, "ready": false, "image": "busybox", "imageID": "",
                "state": ["terminated": ["exitCode": .int(phase == "Failed" ? 1 : 0), "reason": .string(phase == "Failed" ? "Error" : "Completed"),
                                         "startedAt": now, "finishedAt": now]]]]
        }
        pod["status"] = status
        _ = try await client.call(APIRequest(.update, resource: "pods", subresource: "status", namespace: namespace, name: name, body: pod))
    }

    func events(about name: String) async -> [String] {
        await list("events").filter { $0["involvedObject"]["name"]?.string == name }.compactMap { $0["reason"]?.string }
    }
}

struct Missing: Error { let what: String }

func jobPods(_ c: ManagedCluster, _ job: String) async -> [JSON] {
    await c.list("pods", labelSelector: "job-name=\(job)")
}

@Suite(.serialized) struct BatchControllersProcessTests {
    static func job(_ name: String, completions: Int64, parallelism: Int64, backoffLimit: Int64 = 6) -> JSON {
        ["apiVersion": "batch/v1", "kind": "Job", "metadata": ["name": .string(name)],
         "spec": ["completions": .int(completions), "parallelism": .int(parallelism), "backoffLimit": .int(backoffLimit),
                  "template": ["spec": ["restartPolicy": "Never", "containers": [["name": "c", "image": "busybox"]]]]]]
    }

    @Test func aJobWithFourCompletionsTwoAtATimeCompletes() async throws {
        let c = try await ManagedCluster.start(controllers: "job")
        do {
            _ = try await c.create("jobs", group: "batch", Self.job("pi", completions: 4, parallelism: 2))
            var seen = Set<String>()
            while seen.count < 4 {
                let done = seen
                try await eventually(.seconds(90), "a running pod of the Job") {
                    await jobPods(c, "pi").contains { JobPodFacts.phase($0) == "Pending" && !done.contains(JobPodFacts.name($0)) }
                }
                let pods = await jobPods(c, "pi")
                let active = pods.filter(JobPodFacts.isActive)
                #expect(active.count <= 2)
                for p in active where seen.count < 4 && !seen.contains(JobPodFacts.name(p)) {
                    seen.insert(JobPodFacts.name(p))
                    try await c.setPod(JobPodFacts.name(p), phase: "Succeeded")
                }
            }
            try await eventually(.seconds(90), "the Job Complete") {
                let job = await c.get("jobs", group: "batch", "pi")
                return CronJobReconciler.finished(job ?? .null) == "Complete"
            }
            let job = await c.get("jobs", group: "batch", "pi")
            #expect(job?["status"]["succeeded"]?.int == 4)
            #expect(job?["status"]["completionTime"]?.string != nil)
            #expect(await jobPods(c, "pi").count == 4)
            // Events are written after the changes they describe: wait for them.
            try await eventually(.seconds(90), "the pi Job's events") {
                let reasons = await c.events(about: "pi")
                return reasons.filter { $0 == "SuccessfulCreate" }.count == 4 && reasons.contains("Completed")
            }
        } catch {
            try await c.stop()
            throw error
        }
        try await c.stop()
    }

    @Test func aFailingJobStopsAtItsBackoffLimit() async throws {
        let c = try await ManagedCluster.start(controllers: "job")
        do {
            _ = try await c.create("jobs", group: "batch", Self.job("fails", completions: 1, parallelism: 1, backoffLimit: 1))
            for attempt in 1...2 {
                try await eventually(.seconds(90), "attempt \(attempt)") {
                    await jobPods(c, "fails").filter(JobPodFacts.isActive).count == 1
                }
                let pod = await jobPods(c, "fails").first(where: JobPodFacts.isActive)!
                try await c.setPod(JobPodFacts.name(pod), phase: "Failed")
            }
            try await eventually(.seconds(90), "the Job Failed") {
                CronJobReconciler.finished(await c.get("jobs", group: "batch", "fails") ?? .null) == "Failed"
            }
            let job = await c.get("jobs", group: "batch", "fails")
            let failed = job?["status"]["conditions"]?.array?.first { $0["type"]?.string == "Failed" }
            #expect(failed?["reason"]?.string == "BackoffLimitExceeded")
            #expect(job?["status"]["failed"]?.int == 2)
            // Never restarted in place: two pods, both Failed.
            #expect(await jobPods(c, "fails").map(JobPodFacts.phase) == ["Failed", "Failed"])
            try await eventually(.seconds(90), "the BackoffLimitExceeded event") { await c.events(about: "fails").contains("BackoffLimitExceeded") }
        } catch {
            try await c.stop()
            throw error
        }
        try await c.stop()
    }

    /// Fires at once for a missed minute (its lastScheduleTime is set in the past), then at the
    /// next real minute (at most ~60 s) refuses to start a second Job under Forbid, and starts
    /// it once the first completes.
    @Test func aCronJobFiresAndObeysForbid() async throws {
        let c = try await ManagedCluster.start(controllers: "job,cronjob")
        do {
            var cj: JSON = ["apiVersion": "batch/v1", "kind": "CronJob", "metadata": ["name": "tick"],
                            "spec": ["schedule": "* * * * *", "concurrencyPolicy": "Forbid",
                                     "jobTemplate": ["spec": ["template": ["spec": ["restartPolicy": "Never",
                                                                                    "containers": [["name": "c", "image": "busybox"]]]]]]]]
            cj = try await c.create("cronjobs", group: "batch", cj)
            cj["status"] = ["lastScheduleTime": .string(MetaTime(seconds: MetaTime.current().seconds - 120).rfc3339)]
            _ = try await c.client.call(APIRequest(.update, group: "batch", resource: "cronjobs", subresource: "status",
                                                   namespace: "default", name: "tick", body: cj))
            try await eventually(.seconds(90), "the first Job") { await c.list("jobs", group: "batch").count == 1 }
            let first = await c.list("jobs", group: "batch")[0]
            let name = JobPodFacts.name(first)
            #expect(name.hasPrefix("tick-"))
            #expect(Int64(name.dropFirst(5)).map { $0 * 60 <= MetaTime.current().seconds } == true)
            try await eventually(.seconds(75), "JobAlreadyActive at the next minute") {
                await c.events(about: "tick").contains("JobAlreadyActive")
            }
            #expect(await c.list("jobs", group: "batch").count == 1)
            // The first completes: the missed run starts.
            try await eventually(.seconds(90), "the first Job's pod") { await !jobPods(c, name).isEmpty }
            try await c.setPod(JobPodFacts.name(await jobPods(c, name)[0]), phase: "Succeeded")
            try await eventually(.seconds(90), "the second Job") { await c.list("jobs", group: "batch").count == 2 }
            // The CronJob's status is written after the Job it creates: wait for it.
            try await eventually(.seconds(90), "lastSuccessfulTime and one active Job in the status") {
                let tick = await c.get("cronjobs", group: "batch", "tick")
                return tick?["status"]["lastSuccessfulTime"]?.string != nil && tick?["status"]["active"]?.array?.count == 1
            }
            // Events are written after the changes they describe: wait for them.
            try await eventually(.seconds(90), "the SuccessfulCreate and SawCompletedJob events") {
                let reasons = await c.events(about: "tick")
                return reasons.contains("SuccessfulCreate") && reasons.contains("SawCompletedJob")
            }
        } catch {
            try await c.stop()
            throw error
        }
        try await c.stop()
    }
}

@Suite(.serialized) struct IndexedJobProcessTests {
    /// Indexed pods carry their index (annotation, hostname, env); the finished Job goes at its TTL.
    @Test func anIndexedJobCompletesEveryIndexAndIsDeletedAtItsTTL() async throws {
        let c = try await ManagedCluster.start(controllers: "job")
        do {
            let created = try await c.create("jobs", group: "batch", [
                "apiVersion": "batch/v1", "kind": "Job", "metadata": ["name": "idx"],
                "spec": ["completions": 3, "parallelism": 3, "completionMode": "Indexed", "ttlSecondsAfterFinished": 1,
                         "template": ["spec": ["restartPolicy": "Never", "containers": [["name": "c", "image": "busybox"]]]]]])
            try await eventually(.seconds(90), "three indexed pods") { await jobPods(c, "idx").count == 3 }
            let pods = await jobPods(c, "idx")
            let indexes = pods.compactMap { $0["metadata"]["annotations"]["batch.kubernetes.io/job-completion-index"]?.string }.sorted()
            #expect(indexes == ["0", "1", "2"])
            for p in pods {
                let index = p["metadata"]["annotations"]["batch.kubernetes.io/job-completion-index"]?.string ?? "?"
                #expect(p["spec"]["hostname"]?.string == "idx-\(index)")
                #expect(JobPodFacts.name(p).hasPrefix("idx-\(index)-"))
                #expect(p["spec"]["containers"][0]["env"]?.array?.contains { $0["name"]?.string == "JOB_COMPLETION_INDEX" } == true)
                try await c.setPod(JobPodFacts.name(p), phase: "Succeeded")
            }
            // The completed state lasts only until the 1 s TTL deletes the Job, so it is read
            // from the Job's history (the API server's watch window), where it cannot be missed.
            let since = created["metadata"]["resourceVersion"]?.string ?? "0"
            try await eventually(.seconds(60), "completedIndexes 0-2") {
                let history = try? await c.client.call(APIRequest(.watch, group: "batch", resource: "jobs", namespace: "default",
                                                                  query: ["resourceVersion": since])).object()
                return (history?["events"]?.array ?? []).contains {
                    $0["object"]?["metadata"]?["name"] == "idx" && $0["object"]?["status"]?["completedIndexes"]?.string == "0-2"
                }
            }
            // Deleted with Background propagation once the TTL has passed: its pods follow.
            try await eventually(.seconds(60), "the Job deleted at its TTL") { await c.get("jobs", group: "batch", "idx") == nil }
            try await eventually(.seconds(60), "its pods collected") { await jobPods(c, "idx").isEmpty }
        } catch {
            try await c.stop()
            throw error
        }
        try await c.stop()
    }
}
