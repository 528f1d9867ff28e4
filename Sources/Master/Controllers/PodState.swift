import Resources

/// What controllers read from a pod, as Kubernetes' `podutil` reads it.
public enum PodState {
    public static func phase(_ pod: JSON) -> String { pod["status"]?["phase"]?.string ?? "Pending" }

    /// Not finished (Succeeded/Failed) and not being deleted: `controller.IsPodActive`.
    public static func isActive(_ pod: JSON) -> Bool {
        let p = phase(pod)
        return p != "Succeeded" && p != "Failed" && !pod.isBeingDeleted
    }

    /// The Ready condition, if any.
    public static func readyCondition(_ pod: JSON) -> JSON? {
        (pod["status"]?["conditions"]?.array ?? []).first { $0["type"]?.string == "Ready" }
    }

    /// Ready condition True.
    public static func isReady(_ pod: JSON) -> Bool { readyCondition(pod)?["status"]?.string == "True" }

    /// Ready for at least `minReadySeconds` at `now` (`podutil.IsPodAvailable`).
    public static func isAvailable(_ pod: JSON, minReadySeconds: Int, now: MetaTime) -> Bool {
        guard let c = readyCondition(pod), c["status"]?.string == "True" else { return false }
        if minReadySeconds == 0 { return true }
        let since = MetaTime(json: c["lastTransitionTime"])
        return !since.isZero && since.adding(seconds: Int64(minReadySeconds)) <= now
    }

    /// Sum of the containers' restart counts.
    public static func restarts(_ pod: JSON) -> Int {
        (pod["status"]?["containerStatuses"]?.array ?? []).reduce(0) { $0 + Int($1["restartCount"]?.int ?? 0) }
    }

    public static func nodeName(_ pod: JSON) -> String { pod["spec"]?["nodeName"]?.string ?? "" }

    public static func created(_ object: JSON) -> MetaTime { MetaTime(json: object["metadata"]?["creationTimestamp"]) }
}
