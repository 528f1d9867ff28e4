import Resources

/// The CronJob controller's pure core (`pkg/controller/cronjob`, the v2 controller): a CronJob,
/// the Jobs it owns, the time, and its time zone's offset function in; a ``CronJobPlan`` out.
public enum CronJobReconciler {
    public static let scheduledTimestampAnnotation = "batch.kubernetes.io/cronjob-scheduled-timestamp"

    /// `offset` is nil when `spec.timeZone` names no zone the system knows.
    public static func reconcile(cronJob cj: JSON, jobs allJobs: [JSON], now: MetaTime,
                                 offset: (@Sendable (Int64) -> Int)?) -> CronJobPlan {
        var plan = CronJobPlan()
        let spec = cj["spec"]
        let oldStatus = cj["status"] ?? .emptyObject
        var status = oldStatus
        let uid = JobPodFacts.uid(cj)
        let jobs = allJobs.filter { JobPodFacts.isControlled($0, byUID: uid) }
        let byName = Dictionary(jobs.map { (JobPodFacts.name($0), $0) }, uniquingKeysWith: { a, _ in a })

        // The active list follows the Jobs.
        var active: [JSON] = []
        for ref in oldStatus["active"]?.array ?? [] {
            let name = ref["name"]?.string ?? ""
            guard let job = byName[name], JobPodFacts.uid(job) == ref["uid"]?.string else {
                plan.events.append(.normal("MissingJob", "Active job went missing: \(name)"))
                continue
            }
            if finished(job) == nil { active.append(ref) }
        }
        for job in jobs.sorted(by: { JobPodFacts.name($0) < JobPodFacts.name($1) }) {
            let name = JobPodFacts.name(job)
            let listed = (oldStatus["active"]?.array ?? []).contains { $0["name"]?.string == name }
            if let result = finished(job) {
                if listed { plan.events.append(.normal("SawCompletedJob", "Saw completed job: \(name), status: \(result)")) }
                if result == "Complete" {
                    let done = MetaTime(json: job["status"]["completionTime"])
                    if !done.isZero, done > MetaTime(json: status["lastSuccessfulTime"]) { status["lastSuccessfulTime"] = JobPodFacts.stamp(done) }
                }
            } else if !listed, !JobPodFacts.isTerminating(job) {
                active.append(reference(job))
            }
        }

        func finish() -> CronJobPlan {
            var p = plan
            var s = status
            s["active"] = active.isEmpty ? nil : .array(active)
            if s != oldStatus { p.status = s }
            return p
        }
        cleanUpHistory(&plan, spec: spec, jobs: jobs)
        guard !JobPodFacts.isTerminating(cj) else { return finish() }

        guard let offset else {
            plan.events.append(.warning("UnknownTimeZone", "invalid timeZone: \"\(spec["timeZone"]?.string ?? "")\""))
            return finish()
        }
        let text = spec["schedule"]?.string ?? ""
        let schedule: CronJobSchedule
        switch CronJobSchedule.parse(text, offset: offset) {
        case .success(let s): schedule = s
        case .failure(let e):
            plan.events.append(.warning("UnparseableSchedule", "unparseable schedule: \"\(text)\" : \(e.message)"))
            return finish()
        }
        if spec["suspend"]?.bool == true { return finish() }

        // Which activation is due.
        // As Kubernetes: the most recent activation since the last one (or the creation); the
        // count of missed ones only within the starting deadline, when there is one.
        var earliest = MetaTime(json: oldStatus["lastScheduleTime"])
        if earliest.isZero { earliest = JobPodFacts.creation(cj) }
        let deadline = spec["startingDeadlineSeconds"]?.int
        let (mostRecent, allMissed) = schedule.missed(after: earliest.seconds, until: now.seconds)
        var missedCount = allMissed
        if let deadline, now.seconds - deadline > earliest.seconds {
            missedCount = schedule.missed(after: now.seconds - deadline, until: now.seconds).count
        }
        if let nextRun = schedule.next(after: now.seconds) {
            plan.requeueAfter = JobPodFacts.seconds(from: now, to: MetaTime(seconds: nextRun)) + 0.1
        }
        if missedCount > 100 {
            plan.events.append(.warning("TooManyMissedTimes",
                "too many missed start times: \(missedCount). Set or decrease .spec.startingDeadlineSeconds or check clock skew"))
        }
        guard let scheduled = mostRecent else { return finish() }
        if let deadline, scheduled + deadline < now.seconds {
            plan.events.append(.warning("MissSchedule", "Missed scheduled time to start a job: \(MetaTime(seconds: scheduled).rfc3339)"))
            return finish()
        }
        let jobName = "\(JobPodFacts.name(cj))-\(scheduled / 60)"
        if byName[jobName] != nil || MetaTime(json: oldStatus["lastScheduleTime"]).seconds >= scheduled { return finish() }

        switch spec["concurrencyPolicy"]?.string ?? "Allow" {
        case "Forbid" where !active.isEmpty:
            plan.events.append(.normal("JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid"))
            return finish()
        case "Replace":
            for ref in active {
                let name = ref["name"]?.string ?? ""
                plan.deleteJobs.append(name)
                plan.events.append(.normal("SuccessfulDelete", "Deleted job \(name)"))
            }
            active = []
        default: break
        }
        let job = makeJob(cj, name: jobName, scheduled: scheduled, offset: offset)
        plan.createJob = job
        plan.events.append(.normal("SuccessfulCreate", "Created job \(jobName)"))
        active.append(["kind": "Job", "namespace": cj["metadata"]["namespace"] ?? "", "name": .string(jobName),
                       "apiVersion": "batch/v1"])
        status["lastScheduleTime"] = JobPodFacts.stamp(MetaTime(seconds: scheduled))
        return finish()
    }

    /// `Complete` or `Failed` once the Job has that condition.
    public static func finished(_ job: JSON) -> String? {
        for c in job["status"]["conditions"]?.array ?? [] where c["status"]?.string == "True" {
            if let t = c["type"]?.string, t == "Complete" || t == "Failed" { return t }
        }
        return nil
    }

    public static func reference(_ job: JSON) -> JSON {
        ["kind": "Job", "namespace": job["metadata"]["namespace"] ?? "", "name": job["metadata"]["name"] ?? "",
         "uid": job["metadata"]["uid"] ?? "", "apiVersion": "batch/v1", "resourceVersion": job["metadata"]["resourceVersion"] ?? ""]
    }

    /// Deletes the oldest finished Jobs beyond the history limits (3 successful, 1 failed).
    static func cleanUpHistory(_ plan: inout CronJobPlan, spec: JSON?, jobs: [JSON]) {
        for (result, field, fallback) in [("Complete", "successfulJobsHistoryLimit", Int64(3)), ("Failed", "failedJobsHistoryLimit", 1)] {
            let limit = spec?[field]?.int ?? fallback
            let done = jobs.filter { finished($0) == result && !JobPodFacts.isTerminating($0) }.sorted { a, b in
                let (sa, sb) = (MetaTime(json: a["status"]["startTime"]), MetaTime(json: b["status"]["startTime"]))
                return sa != sb ? sa < sb : JobPodFacts.name(a) < JobPodFacts.name(b)
            }
            guard done.count > Int(limit) else { continue }
            for job in done.prefix(done.count - Int(limit)) {
                plan.deleteJobs.append(JobPodFacts.name(job))
                plan.events.append(.normal("SuccessfulDelete", "Deleted job \(JobPodFacts.name(job))"))
            }
        }
    }

    /// The Job for one activation, from `spec.jobTemplate`.
    public static func makeJob(_ cj: JSON, name: String, scheduled: Int64, offset: (Int64) -> Int) -> JSON {
        let template = cj["spec"]["jobTemplate"] ?? .emptyObject
        var meta: JSON = ["name": .string(name), "namespace": cj["metadata"]["namespace"] ?? "default"]
        meta["labels"] = template["metadata"]["labels"]
        var annotations = template["metadata"]["annotations"] ?? .emptyObject
        annotations[scheduledTimestampAnnotation] = .string(localRFC3339(scheduled, offset: offset(scheduled)))
        meta["annotations"] = annotations
        meta["ownerReferences"] = [JobPodFacts.controllerRef(of: cj, apiVersion: "batch/v1", kind: "CronJob")]
        return ["apiVersion": "batch/v1", "kind": "Job", "metadata": meta, "spec": template["spec"] ?? .emptyObject]
    }

    /// RFC 3339 with the zone's offset (`2024-05-01T10:00:00+02:00`), `Z` for UTC.
    static func localRFC3339(_ t: Int64, offset: Int) -> String {
        let utc = MetaTime(seconds: t + Int64(offset)).rfc3339  // wall clock, spelled as UTC
        guard offset != 0 else { return utc }
        let sign = offset < 0 ? "-" : "+"
        let a = abs(offset)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return String(utc.dropLast()) + "\(sign)\(two(a / 3600)):\(two(a % 3600 / 60))"
    }
}
