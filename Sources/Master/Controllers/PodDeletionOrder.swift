import Resources

/// Which pods a scale-down removes first: `controller.ActivePodsWithRanks` (Kubernetes 1.32,
/// without the logarithmic bucketing). Earlier in the order = deleted first.
public enum PodDeletionOrder {
    /// `pods` sorted deletion-first. `rank` is the number of the pods' owner's active pods on the
    /// same node (doubled-up pods go first).
    public static func sorted(_ pods: [JSON]) -> [JSON] {
        var perNode: [String: Int] = [:]
        for p in pods where !PodState.nodeName(p).isEmpty { perNode[PodState.nodeName(p), default: 0] += 1 }
        return pods.sorted { a, b in deletedBefore(a, b, rank: { perNode[PodState.nodeName($0)] ?? 0 }) }
    }

    static func phaseOrder(_ pod: JSON) -> Int {
        switch PodState.phase(pod) {
        case "Pending": 0
        case "Unknown": 1
        case "Running": 2
        default: 3
        }
    }

    /// True when `a` should be deleted before `b`.
    static func deletedBefore(_ a: JSON, _ b: JSON, rank: (JSON) -> Int) -> Bool {
        let (na, nb) = (PodState.nodeName(a), PodState.nodeName(b))
        // 1. Unassigned < assigned.
        if na.isEmpty != nb.isEmpty { return na.isEmpty }
        // 2. Pending < Unknown < Running.
        if phaseOrder(a) != phaseOrder(b) { return phaseOrder(a) < phaseOrder(b) }
        // 3. Not ready < ready.
        let (ra, rb) = (PodState.isReady(a), PodState.isReady(b))
        if ra != rb { return !ra }
        // 4. Doubled up (more pods on its node) < not.
        if rank(a) != rank(b) { return rank(a) > rank(b) }
        // 5. Ready for less time < more.
        if ra && rb {
            let ta = MetaTime(json: PodState.readyCondition(a)?["lastTransitionTime"])
            let tb = MetaTime(json: PodState.readyCondition(b)?["lastTransitionTime"])
            if ta != tb { return ta > tb }
        }
        // 6. More restarts < fewer.
        if PodState.restarts(a) != PodState.restarts(b) { return PodState.restarts(a) > PodState.restarts(b) }
        // 7. Newer < older.
        let (ca, cb) = (PodState.created(a), PodState.created(b))
        if ca != cb { return ca > cb }
        return a.name < b.name
    }
}
