import Resources

/// The Job controller's pure core (`pkg/controller/job`): one Job, its pods, and the time in;
/// a ``JobPlan`` out.
///
/// Counting scheme (simpler than Kubernetes' `batch.kubernetes.io/job-tracking` finalizers,
/// documented here on purpose): the controller never deletes a finished pod of a Job that is
/// still running, so `succeeded`/`failed` are the Job's finished pods, and never go below what
/// the status already says (a finished pod deleted by someone else is not forgotten).
/// `uncountedTerminatedPods` is therefore always empty.
///
/// Terminal conditions are added as Kubernetes 1.32 does: `SuccessCriteriaMet` or
/// `FailureTarget` first, then `Complete` or `Failed` once no pod of the Job is still running
/// or terminating.
public enum JobReconciler {
    public static let completionIndexAnnotation = "batch.kubernetes.io/job-completion-index"
    /// The Job's own pod back-off: 10 s, doubling per failure, at most 6 minutes.
    public static func backoff(failures: Int64) -> Double {
        guard failures > 0 else { return 0 }
        return min(360, 10 * pow2(failures - 1))
    }
    static func pow2(_ n: Int64) -> Double { n >= 16 ? 65536 : Double(1 << n) }

    public static func reconcile(job: JSON, pods allPods: [JSON], now: MetaTime) -> JobPlan {
        var plan = JobPlan()
        let spec = job["spec"]
        let oldStatus = job["status"] ?? .emptyObject
        var status = oldStatus
        var conditions = oldStatus["conditions"]?.array ?? []
        func hasCondition(_ type: String) -> Bool {
            conditions.contains { $0["type"]?.string == type && $0["status"]?.string == "True" }
        }
        let pods = allPods.filter { JobPodFacts.isControlled($0, byUID: JobPodFacts.uid(job)) }
        let active = pods.filter(JobPodFacts.isActive)
        let terminating = pods.filter { JobPodFacts.isTerminating($0) && !JobPodFacts.isTerminal($0) }
        let succeededPods = pods.filter { JobPodFacts.phase($0) == "Succeeded" }
        let failedPods = pods.filter { JobPodFacts.phase($0) == "Failed" }

        // A finished Job: only its TTL is left.
        if hasCondition("Complete") || hasCondition("Failed") {
            if let ttl = spec["ttlSecondsAfterFinished"]?.int {
                let finished = finishTime(oldStatus, conditions)
                let due = JobPodFacts.adding(Double(ttl), to: finished)
                if now >= due { plan.deleteJob = true } else { plan.requeueAfter = JobPodFacts.seconds(from: now, to: due) }
            }
            plan.deletePods = active.map(JobPodFacts.name)
            return plan
        }

        let indexed = spec["completionMode"]?.string == "Indexed"
        let completions = spec["completions"]?.int
        let parallelism = spec["parallelism"]?.int ?? 1
        let backoffLimit = spec["backoffLimit"]?.int ?? 6
        let onFailure = spec["template"]["spec"]["restartPolicy"]?.string == "OnFailure"
        let suspended = spec["suspend"]?.bool == true

        var succeededIndexes = JobIndexes.parse(oldStatus["completedIndexes"]?.string ?? "")
        if indexed {
            for p in succeededPods { if let i = index(of: p), i < (completions ?? 0) { succeededIndexes.insert(i) } }
        }
        let succeeded = indexed ? Int64(succeededIndexes.count)
                                : max(oldStatus["succeeded"]?.int ?? 0, Int64(succeededPods.count))
        let failed = max(oldStatus["failed"]?.int ?? 0, Int64(failedPods.count))

        // Suspension: no pods, the clock stops.
        let wasSuspended = conditions.contains { $0["type"]?.string == "Suspended" && $0["status"]?.string == "True" }
        if suspended {
            if !wasSuspended {
                setCondition(&conditions, JobPodFacts.conditionJSON("Suspended", "True", reason: "JobSuspended", message: "Job suspended", now: now))
                plan.events.append(.normal("Suspended", "Job suspended"))
            }
            plan.deletePods = active.map(JobPodFacts.name)
            status["startTime"] = nil
        } else if wasSuspended {
            setCondition(&conditions, JobPodFacts.conditionJSON("Suspended", "False", reason: "JobResumed", message: "Job resumed", now: now))
            plan.events.append(.normal("Resumed", "Job resumed"))
            status["startTime"] = JobPodFacts.stamp(now)
        }
        if !suspended, status["startTime"] == nil { status["startTime"] = JobPodFacts.stamp(now) }
        let startTime = MetaTime(json: status["startTime"])

        // Failure: back-off limit or deadline.
        var failure: (reason: String, message: String)?
        if let target = conditions.first(where: { $0["type"]?.string == "FailureTarget" && $0["status"]?.string == "True" }) {
            failure = (target["reason"]?.string ?? "", target["message"]?.string ?? "")
        } else if !suspended {
            let restarts = onFailure ? active.reduce(0) { $0 + JobPodFacts.restarts($1) } : 0
            let pastOnFailure = onFailure && (backoffLimit == 0 ? restarts > 0 : restarts >= backoffLimit)
            if failed > backoffLimit || pastOnFailure {
                failure = ("BackoffLimitExceeded", "Job has reached the specified backoff limit")
            } else if let deadline = spec["activeDeadlineSeconds"]?.int {
                let due = JobPodFacts.adding(Double(deadline), to: startTime)
                if now >= due {
                    failure = ("DeadlineExceeded", "Job was active longer than specified deadline")
                } else {
                    plan.requeueAfter = JobPodFacts.seconds(from: now, to: due)
                }
            }
            if let failure {
                setCondition(&conditions, JobPodFacts.conditionJSON("FailureTarget", "True", reason: failure.reason, message: failure.message, now: now))
                plan.events.append(.warning(failure.reason, failure.message))
            }
        }

        // Success.
        let complete: Bool
        if indexed {
            complete = Int64(succeededIndexes.count) >= (completions ?? 0)
        } else if let completions {
            complete = succeeded >= completions
        } else {
            complete = succeeded > 0 && active.isEmpty
        }
        if failure == nil, complete, !hasCondition("SuccessCriteriaMet") {
            setCondition(&conditions, JobPodFacts.conditionJSON("SuccessCriteriaMet", "True", reason: "CompletionsReached",
                                                                message: "Reached expected number of succeeded pods", now: now))
        }
        let finishing = failure != nil || hasCondition("SuccessCriteriaMet")

        if finishing {
            plan.deletePods = active.map(JobPodFacts.name)
            if active.isEmpty && terminating.isEmpty {
                if let failure {
                    setCondition(&conditions, JobPodFacts.conditionJSON("Failed", "True", reason: failure.reason, message: failure.message, now: now))
                } else {
                    setCondition(&conditions, JobPodFacts.conditionJSON("Complete", "True", reason: "CompletionsReached",
                                                                        message: "Reached expected number of succeeded pods", now: now))
                    status["completionTime"] = JobPodFacts.stamp(now)
                    plan.events.append(.normal("Completed", "Job completed"))
                }
                if let ttl = spec["ttlSecondsAfterFinished"]?.int { plan.requeueAfter = Double(ttl) }
            }
        } else if !suspended {
            plan.requeueAfter = min(plan.requeueAfter ?? .infinity, managePods(&plan, job: job, active: active, failedPods: failedPods, failed: failed,
                                                                               succeeded: succeeded, succeededIndexes: succeededIndexes,
                                                                               indexed: indexed, completions: completions, parallelism: parallelism,
                                                                               onFailure: onFailure, now: now) ?? .infinity)
            if plan.requeueAfter == .infinity { plan.requeueAfter = nil }
        }

        let stillActive = Int64(active.count - plan.deletePods.count) + Int64(plan.createPods.count)
        status["active"] = stillActive > 0 ? .int(stillActive) : nil
        let ready = Int64(active.filter { JobPodFacts.isReady($0) && !plan.deletePods.contains(JobPodFacts.name($0)) }.count)
        status["ready"] = .int(ready)
        status["terminating"] = .int(Int64(terminating.count + plan.deletePods.count))
        status["succeeded"] = succeeded > 0 ? .int(succeeded) : nil
        status["failed"] = failed > 0 ? .int(failed) : nil
        if indexed { status["completedIndexes"] = succeededIndexes.isEmpty ? nil : .string(JobIndexes.format(succeededIndexes)) }
        status["uncountedTerminatedPods"] = .emptyObject
        status["conditions"] = conditions.isEmpty ? nil : .array(conditions)
        if status != oldStatus { plan.status = status }
        return plan
    }

    /// Creates and deletes pods toward `parallelism` active ones; returns when to look again
    /// (the back-off), if creation is being held back.
    static func managePods(_ plan: inout JobPlan, job: JSON, active: [JSON], failedPods: [JSON], failed: Int64, succeeded: Int64,
                           succeededIndexes: Set<Int64>, indexed: Bool, completions: Int64?, parallelism: Int64,
                           onFailure: Bool, now: MetaTime) -> Double? {
        // How many should run.
        let wanted: Int64
        if let completions {
            wanted = max(0, min(parallelism, completions - succeeded))
        } else {
            wanted = succeeded > 0 ? 0 : parallelism
        }
        var keep = active
        if indexed {
            // Pods of a finished or out-of-range index, and duplicates of one index, go.
            var seen: Set<Int64> = []
            keep = []
            for p in active.sorted(by: { JobPodFacts.creation($0) < JobPodFacts.creation($1) }) {
                guard let i = index(of: p), i < (completions ?? 0), !succeededIndexes.contains(i), !seen.contains(i) else {
                    plan.deletePods.append(JobPodFacts.name(p))
                    continue
                }
                seen.insert(i)
                keep.append(p)
            }
        }
        if Int64(keep.count) > wanted {
            // Delete the least progressed first: not ready, then newest.
            let ranked = keep.sorted { a, b in
                let (ra, rb) = (JobPodFacts.isReady(a), JobPodFacts.isReady(b))
                if ra != rb { return !ra }
                return JobPodFacts.creation(a) > JobPodFacts.creation(b)
            }
            let extra = ranked.prefix(keep.count - Int(wanted))
            plan.deletePods += extra.map(JobPodFacts.name)
            return nil
        }
        var missing = Int(wanted) - keep.count
        guard missing > 0 else { return nil }

        // The Job's own back-off after failures.
        if !onFailure, failed > 0 {
            let last = failedPods.map(JobPodFacts.finishTime).max() ?? now
            let due = JobPodFacts.adding(backoff(failures: failed), to: last)
            if now < due { return JobPodFacts.seconds(from: now, to: due) }
        }
        if indexed {
            let held = Set(keep.compactMap(index(of:)))
            var i: Int64 = 0
            while missing > 0, i < (completions ?? 0) {
                if !held.contains(i) && !succeededIndexes.contains(i) {
                    plan.createPods.append(pod(for: job, index: i))
                    missing -= 1
                }
                i += 1
            }
        } else {
            for _ in 0..<missing { plan.createPods.append(pod(for: job, index: nil)) }
        }
        return nil
    }

    /// A new pod from the Job's template.
    public static func pod(for job: JSON, index: Int64?) -> JSON {
        let template = job["spec"]["template"] ?? .emptyObject
        let name = JobPodFacts.name(job)
        var meta = template["metadata"] ?? .emptyObject
        meta["name"] = nil
        meta["namespace"] = job["metadata"]["namespace"]
        meta["generateName"] = .string(index.map { "\(name)-\($0)-" } ?? "\(name)-")
        meta["ownerReferences"] = [JobPodFacts.controllerRef(of: job, apiVersion: "batch/v1", kind: "Job")]
        var podSpec = template["spec"] ?? .emptyObject
        if let index {
            meta["annotations"][completionIndexAnnotation] = .string(String(index))
            meta["labels"][completionIndexAnnotation] = .string(String(index))
            if podSpec["hostname"] == nil { podSpec["hostname"] = .string("\(name)-\(index)") }
            let env: JSON = ["name": "JOB_COMPLETION_INDEX", "valueFrom": ["fieldRef": [
                "apiVersion": "v1", "fieldPath": .string("metadata.annotations['\(completionIndexAnnotation)']")]]]
            for field in ["containers", "initContainers"] {
                guard var containers = podSpec[field]?.array else { continue }
                for c in containers.indices {
                    var vars = containers[c]["env"]?.array ?? []
                    if !vars.contains(where: { $0["name"]?.string == "JOB_COMPLETION_INDEX" }) { vars.append(env) }
                    containers[c]["env"] = .array(vars)
                }
                podSpec[field] = .array(containers)
            }
        }
        return ["apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": podSpec]
    }

    /// The completion index a pod carries, if any.
    public static func index(of pod: JSON) -> Int64? {
        (pod["metadata"]["annotations"][completionIndexAnnotation]?.string ?? pod["metadata"]["labels"][completionIndexAnnotation]?.string)
            .flatMap { Int64($0) }
    }

    static func finishTime(_ status: JSON, _ conditions: [JSON]) -> MetaTime {
        let completion = MetaTime(json: status["completionTime"])
        if !completion.isZero { return completion }
        let terminal = conditions.first { ["Complete", "Failed"].contains($0["type"]?.string ?? "") && $0["status"]?.string == "True" }
        return MetaTime(json: terminal?["lastTransitionTime"])
    }

    /// Adds or replaces the condition of `condition`'s type; an unchanged status keeps its time.
    static func setCondition(_ conditions: inout [JSON], _ condition: JSON) {
        if let i = conditions.firstIndex(where: { $0["type"] == condition["type"] }) {
            if conditions[i]["status"] == condition["status"], conditions[i]["reason"] == condition["reason"] { return }
            conditions[i] = condition
        } else {
            conditions.append(condition)
        }
    }
}
