import Resources

/// What the workload controllers read from a pod (pure helpers over its JSON).
public enum JobPodFacts {
    public static func phase(_ pod: JSON) -> String { pod["status"]["phase"]?.string ?? "Pending" }
    public static func name(_ o: JSON) -> String { o["metadata"]["name"]?.string ?? "" }
    public static func uid(_ o: JSON) -> String { o["metadata"]["uid"]?.string ?? "" }
    public static func isTerminating(_ o: JSON) -> Bool { o["metadata"]["deletionTimestamp"]?.string != nil }
    public static func isTerminal(_ pod: JSON) -> Bool { ["Succeeded", "Failed"].contains(phase(pod)) }
    /// Not terminal and not being deleted: what a controller counts as running.
    public static func isActive(_ pod: JSON) -> Bool { !isTerminal(pod) && !isTerminating(pod) }
    public static func creation(_ o: JSON) -> MetaTime { MetaTime(json: o["metadata"]["creationTimestamp"]) }

    /// The pod's condition of this type has status True.
    public static func condition(_ pod: JSON, _ type: String) -> Bool {
        (pod["status"]["conditions"]?.array ?? []).contains { $0["type"]?.string == type && $0["status"]?.string == "True" }
    }
    public static func isReady(_ pod: JSON) -> Bool { condition(pod, "Ready") }
    public static func isRunningAndReady(_ pod: JSON) -> Bool { phase(pod) == "Running" && isReady(pod) }

    /// The sum of the restart counts of the pod's containers and init containers.
    public static func restarts(_ pod: JSON) -> Int64 {
        let statuses = (pod["status"]["containerStatuses"]?.array ?? []) + (pod["status"]["initContainerStatuses"]?.array ?? [])
        return statuses.reduce(0) { $0 + ($1["restartCount"]?.int ?? 0) }
    }

    /// When the pod finished: the latest container `terminated.finishedAt`, else its start, else its creation.
    public static func finishTime(_ pod: JSON) -> MetaTime {
        let statuses = (pod["status"]["containerStatuses"]?.array ?? []) + (pod["status"]["initContainerStatuses"]?.array ?? [])
        let finished = statuses.map { MetaTime(json: $0["state"]["terminated"]["finishedAt"]) }.filter { !$0.isZero }
        if let latest = finished.max() { return latest }
        let start = MetaTime(json: pod["status"]["startTime"])
        return start.isZero ? creation(pod) : start
    }

    /// True if `o` has a controller owner reference with this uid.
    public static func isControlled(_ o: JSON, byUID uid: String) -> Bool {
        (o["metadata"]["ownerReferences"]?.array ?? []).contains { $0["uid"]?.string == uid && $0["controller"]?.bool == true }
    }

    /// The controller owner reference Kubernetes' controllers put on what they create.
    public static func controllerRef(of owner: JSON, apiVersion: String, kind: String) -> JSON {
        ["apiVersion": .string(apiVersion), "kind": .string(kind), "name": .string(name(owner)),
         "uid": .string(uid(owner)), "controller": true, "blockOwnerDeletion": true]
    }

    /// Seconds from `a` to `b` (may be negative).
    public static func seconds(from a: MetaTime, to b: MetaTime) -> Double {
        Double(b.seconds - a.seconds) + Double(b.nanoseconds - a.nanoseconds) / 1e9
    }

    public static func adding(_ seconds: Double, to t: MetaTime) -> MetaTime {
        let whole = Int64(seconds.rounded(.down))
        var ns = Int64(t.nanoseconds) + Int64(((seconds - Double(whole)) * 1e9).rounded())
        var s = t.seconds + whole
        if ns >= 1_000_000_000 { s += 1; ns -= 1_000_000_000 }
        return MetaTime(seconds: s, nanoseconds: Int32(ns))
    }

    /// A timestamp at whole seconds, as `metav1.Time` serializes.
    public static func stamp(_ t: MetaTime) -> JSON { .string(MetaTime(seconds: t.seconds).rfc3339) }

    /// A condition object as the controllers write them.
    public static func conditionJSON(_ type: String, _ status: String, reason: String, message: String, now: MetaTime) -> JSON {
        ["type": .string(type), "status": .string(status), "lastProbeTime": stamp(now), "lastTransitionTime": stamp(now),
         "reason": .string(reason), "message": .string(message)]
    }
}
