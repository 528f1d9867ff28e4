import Controllers
import Resources
import Testing

@Suite struct CronJobScheduleTests {
    static func s(_ text: String, offset: @escaping @Sendable (Int64) -> Int = { _ in 0 }) -> CronJobSchedule {
        try! CronJobSchedule.parse(text, offset: offset).get()
    }
    static func t(_ text: String) -> Int64 { MetaTime(rfc3339: text)!.seconds }

    @Test func nextRunAfter() {
        #expect(Self.s("* * * * *").next(after: Self.t("2024-05-01T10:00:30Z")) == Self.t("2024-05-01T10:01:00Z"))
        #expect(Self.s("* * * * *").next(after: Self.t("2024-05-01T10:00:00Z")) == Self.t("2024-05-01T10:01:00Z"))
        #expect(Self.s("*/15 9-17 * * mon-fri").next(after: Self.t("2024-05-03T17:50:00Z")) == Self.t("2024-05-06T09:00:00Z"))
        #expect(Self.s("@monthly").next(after: Self.t("2024-02-15T00:00:00Z")) == Self.t("2024-03-01T00:00:00Z"))
        #expect(Self.s("0 0 29 2 *").next(after: Self.t("2024-03-01T00:00:00Z")) == Self.t("2028-02-29T00:00:00Z"))
        #expect(Self.s("0 0 30 2 *").next(after: Self.t("2024-03-01T00:00:00Z")) == nil)
        // Day of month OR day of week when both are restricted.
        #expect(Self.s("0 0 13 * fri").next(after: Self.t("2024-05-01T00:00:00Z")) == Self.t("2024-05-03T00:00:00Z"))
        #expect(Self.s("@every 90s").next(after: 1000) == 1090)
    }

    @Test func timeZoneOffsets() {
        // UTC+2: 10:00 local is 08:00Z.
        let plus2 = Self.s("0 10 * * *") { _ in 7200 }
        #expect(plus2.next(after: Self.t("2024-05-01T00:00:00Z")) == Self.t("2024-05-01T08:00:00Z"))
        // A wall-clock time inside a DST gap (02:30 when clocks jump 02:00 → 03:00) is skipped.
        let gap = Self.t("2024-03-31T01:00:00Z")  // Europe/Berlin jumps at 01:00Z
        let berlin = Self.s("30 2 * * *") { $0 < gap ? 3600 : 7200 }
        #expect(berlin.next(after: Self.t("2024-03-30T12:00:00Z")) == Self.t("2024-04-01T00:30:00Z"))
    }

    @Test func timeZonePrefixesAreRefused() {
        guard case .failure(let e) = CronJobSchedule.parse("CRON_TZ=UTC * * * * *") else { Issue.record("accepted"); return }
        #expect(e.message == "cannot use TZ or CRON_TZ in schedule, use timeZone field instead")
    }

    @Test func missedSchedules() {
        let every = Self.s("* * * * *")
        let start = Self.t("2024-05-01T10:00:00Z")
        #expect(every.missed(after: start, until: start + 30).count == 0)
        let (recent, count) = every.missed(after: start, until: start + 5 * 60 + 10)
        #expect(recent == start + 300)
        #expect(count == 5)
        let (farRecent, farCount) = every.missed(after: start, until: start + 86_400 * 10)
        #expect(farRecent == start + 86_400 * 10)
        #expect(farCount == 14_400)
    }
}

@Suite struct CronJobReconcilerTests {
    static let created = MetaTime(rfc3339: "2024-05-01T10:00:10Z")!

    static func cronJob(policy: String = "Allow", extra: (inout JSON) -> Void = { _ in }) -> JSON {
        var cj: JSON = ["apiVersion": "batch/v1", "kind": "CronJob",
                        "metadata": ["name": "hello", "namespace": "default", "uid": "cj-uid", "creationTimestamp": .string(created.rfc3339)],
                        "spec": ["schedule": "* * * * *", "concurrencyPolicy": .string(policy),
                                 "jobTemplate": ["metadata": ["labels": ["app": "hello"]],
                                                 "spec": ["template": ["spec": ["restartPolicy": "Never", "containers": [["name": "c", "image": "x"]]]]]]]]
        extra(&cj)
        return cj
    }

    static func job(_ name: String, result: String? = nil, start: Int64 = 0) -> JSON {
        var j: JSON = ["metadata": ["name": .string(name), "namespace": "default", "uid": .string("uid-\(name)"),
                                    "ownerReferences": [["uid": "cj-uid", "controller": true, "kind": "CronJob", "name": "hello"]]],
                       "status": ["startTime": .string(MetaTime(seconds: start).rfc3339)]]
        if let result {
            j["status"]["conditions"] = [["type": .string(result), "status": "True"]]
            if result == "Complete" { j["status"]["completionTime"] = .string(MetaTime(seconds: start + 5).rfc3339) }
        }
        return j
    }

    static func at(_ text: String) -> MetaTime { MetaTime(rfc3339: text)! }
    static let utc: @Sendable (Int64) -> Int = { _ in 0 }

    @Test func firesOnceAtTheScheduledMinuteWithKubernetesName() {
        let early = CronJobReconciler.reconcile(cronJob: Self.cronJob(), jobs: [], now: Self.at("2024-05-01T10:00:50Z"), offset: Self.utc)
        #expect(early.createJob == nil)
        #expect(early.requeueAfter == 10.1)
        let plan = CronJobReconciler.reconcile(cronJob: Self.cronJob(), jobs: [], now: Self.at("2024-05-01T10:01:02Z"), offset: Self.utc)
        let minutes = Self.at("2024-05-01T10:01:00Z").seconds / 60
        #expect(plan.createJob?["metadata"]["name"]?.string == "hello-\(minutes)")
        #expect(plan.createJob?["metadata"]["ownerReferences"][0]["kind"]?.string == "CronJob")
        #expect(plan.createJob?["metadata"]["annotations"]["batch.kubernetes.io/cronjob-scheduled-timestamp"]?.string == "2024-05-01T10:01:00Z")
        #expect(plan.status?["lastScheduleTime"]?.string == "2024-05-01T10:01:00Z")
        #expect(plan.status?["active"]?.array?.count == 1)
        #expect(plan.events == [.normal("SuccessfulCreate", "Created job hello-\(minutes)")])
    }

    @Test func forbidWaitsForTheActiveJob() {
        let cj = Self.cronJob(policy: "Forbid") { $0["status"] = ["lastScheduleTime": "2024-05-01T10:01:00Z"] }
        let running = Self.job("hello-28577941")
        let plan = CronJobReconciler.reconcile(cronJob: cj, jobs: [running], now: Self.at("2024-05-01T10:02:01Z"), offset: Self.utc)
        #expect(plan.createJob == nil)
        #expect(plan.events.contains(.normal("JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid")))
    }

    @Test func replaceDeletesTheActiveJob() {
        let cj = Self.cronJob(policy: "Replace") { $0["status"] = ["lastScheduleTime": "2024-05-01T10:01:00Z"] }
        let plan = CronJobReconciler.reconcile(cronJob: cj, jobs: [Self.job("hello-28577941")], now: Self.at("2024-05-01T10:02:01Z"), offset: Self.utc)
        #expect(plan.deleteJobs == ["hello-28577941"])
        #expect(plan.createJob != nil)
        #expect(plan.status?["active"]?.array?.count == 1)
    }

    @Test func startingDeadlineAndTooManyMissed() {
        let cj = Self.cronJob { $0["spec"]["startingDeadlineSeconds"] = 10 }
        let late = CronJobReconciler.reconcile(cronJob: cj, jobs: [], now: Self.at("2024-05-01T10:01:30Z"), offset: Self.utc)
        #expect(late.createJob == nil)
        #expect(late.events.first?.reason == "MissSchedule")
        let plain = Self.cronJob()
        let many = CronJobReconciler.reconcile(cronJob: plain, jobs: [], now: Self.at("2024-05-01T13:00:30Z"), offset: Self.utc)
        #expect(many.events.first?.reason == "TooManyMissedTimes")
        #expect(many.createJob?["metadata"]["name"]?.string == "hello-\(Self.at("2024-05-01T13:00:00Z").seconds / 60)")
    }

    @Test func suspendedAndUnknownZone() {
        let suspended = Self.cronJob { $0["spec"]["suspend"] = true }
        #expect(CronJobReconciler.reconcile(cronJob: suspended, jobs: [], now: Self.at("2024-05-01T10:05:00Z"), offset: Self.utc).createJob == nil)
        let plan = CronJobReconciler.reconcile(cronJob: Self.cronJob(), jobs: [], now: Self.at("2024-05-01T10:05:00Z"), offset: nil)
        #expect(plan.createJob == nil)
        #expect(plan.events.first?.reason == "UnknownTimeZone")
    }

    @Test func completedJobsLeaveActiveAndHistoryIsTrimmed() {
        let cj = Self.cronJob { $0["status"] = ["lastScheduleTime": "2024-05-01T10:05:00Z",
                                               "active": [["name": "hello-5", "uid": "uid-hello-5"]]] }
        let jobs = [Self.job("hello-1", result: "Complete", start: 1), Self.job("hello-2", result: "Complete", start: 2),
                    Self.job("hello-3", result: "Failed", start: 3), Self.job("hello-4", result: "Complete", start: 4),
                    Self.job("hello-5", result: "Complete", start: 5), Self.job("hello-6", result: "Failed", start: 6)]
        let plan = CronJobReconciler.reconcile(cronJob: cj, jobs: jobs, now: Self.at("2024-05-01T10:05:30Z"), offset: Self.utc)
        #expect(Set(plan.deleteJobs) == ["hello-1", "hello-3"])
        #expect(plan.status?["active"] == nil)
        #expect(plan.status?["lastSuccessfulTime"]?.string == MetaTime(seconds: 10).rfc3339)
        #expect(plan.events.contains(.normal("SawCompletedJob", "Saw completed job: hello-5, status: Complete")))
    }

    /// Property: under Forbid, whatever the Jobs and the time, a plan never creates a Job while
    /// one is still running (so at most one runs at once).
    @Test func forbidNeverRunsTwo() {
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<300 {
            let now = Self.at("2024-05-01T10:00:00Z").seconds + Int64.random(in: 0...600, using: &rng)
            let results: [String?] = [nil, "Complete", "Failed"]
            let jobs = (0..<Int.random(in: 0...3, using: &rng)).map { i in
                Self.job("hello-\(i)", result: results.randomElement(using: &rng)!, start: Int64(i))
            }
            let cj = Self.cronJob(policy: "Forbid") { cj in
                if Bool.random(using: &rng) { cj["status"] = ["lastScheduleTime": .string(MetaTime(seconds: now - 120).rfc3339)] }
            }
            let plan = CronJobReconciler.reconcile(cronJob: cj, jobs: jobs, now: MetaTime(seconds: now), offset: Self.utc)
            let running = jobs.filter { CronJobReconciler.finished($0) == nil && !plan.deleteJobs.contains(JobPodFacts.name($0)) }
            if plan.createJob != nil { #expect(running.isEmpty) }
        }
    }
}
