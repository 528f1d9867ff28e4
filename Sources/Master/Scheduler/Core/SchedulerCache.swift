/// The scheduler's picture of the cluster (kube-scheduler's cache + snapshot, as one value):
/// the nodes, and every pod counted on a node — bound pods the informer reported, and *assumed*
/// pods the scheduler has chosen a node for while their binding is on its way, so that two
/// pods are never placed on room only one of them fits (no double booking).
///
/// An assumed pod stays until the informer shows it bound (``podBound(_:)`` confirms it), its
/// binding fails (``forget(_:)``), or — its binding answered but the pod was never seen bound —
/// ``expire(now:)`` drops it `assumedTTL` after the answer. Time is an input.
public struct SchedulerCache: Sendable {
    public struct Counted: Sendable {
        public var pod: SchedulingPod
        public var node: String
        /// nil: bound (seen by the informer). Otherwise assumed; `expires` is set once the
        /// binding call has answered.
        public var assumed: Assumed?
    }
    public struct Assumed: Sendable { public var expires: ContinuousClock.Instant? }

    public private(set) var nodes: [SchedulingNode] = []
    var index: [String: Int] = [:]
    public private(set) var pods: [SchedulingPod.Key: Counted] = [:]
    private var podsByNode: [String: Set<SchedulingPod.Key>] = [:]
    public let assumedTTL: Duration
    /// Where the next search for feasible nodes starts (kube-scheduler's `nextStartNodeIndex`).
    var nextStart = 0

    public init(assumedTTL: Duration = .seconds(30)) { self.assumedTTL = assumedTTL }

    public func node(named name: String) -> SchedulingNode? { index[name].map { nodes[$0] } }
    public func isAssumed(_ key: SchedulingPod.Key) -> Bool { pods[key]?.assumed != nil }
    public var assumedCount: Int { pods.values.reduce(0) { $0 + ($1.assumed == nil ? 0 : 1) } }

    // MARK: Nodes

    /// Adds or updates a node; returns whether its description changed (a reason to retry
    /// unschedulable pods).
    @discardableResult
    public mutating func setNode(_ node: SchedulingNode) -> Bool {
        if let i = index[node.name] {
            let changed = !nodes[i].sameSpec(as: node)
            nodes[i] = nodes[i].replacingSpec(with: node)
            return changed
        }
        var fresh = node.withoutPods
        for key in podsByNode[node.name] ?? [] { if let c = pods[key] { fresh.add(c.pod) } }
        index[node.name] = nodes.count
        nodes.append(fresh)
        return true
    }

    public mutating func removeNode(named name: String) {
        guard let i = index.removeValue(forKey: name) else { return }
        let last = nodes.count - 1
        if i != last {
            nodes.swapAt(i, last)
            index[nodes[i].name] = i
        }
        nodes.removeLast()
    }

    // MARK: Pods

    /// The informer saw `pod` (bound to a node, or not): counts it where it is bound, confirms an
    /// assumption, and stops counting a pod that finished or was unbound.
    public mutating func podSeen(_ pod: SchedulingPod) {
        if pod.nodeName.isEmpty || pod.terminal {
            // Not (or no longer) holding anything; an assumed pod keeps its assumption until bound.
            if pod.terminal || pods[pod.key]?.assumed == nil { removePod(pod.key) }
            return
        }
        if let old = pods[pod.key] {
            if old.node == pod.nodeName && old.pod.requests == pod.requests && old.pod.hostPorts == pod.hostPorts
                && old.pod.ownerUID == pod.ownerUID {
                pods[pod.key] = Counted(pod: pod, node: pod.nodeName, assumed: nil)
                return
            }
            removePod(pod.key)
        }
        count(pod, on: pod.nodeName, assumed: nil)
    }

    /// The pod is gone: it no longer counts anywhere.
    public mutating func removePod(_ key: SchedulingPod.Key) {
        guard let old = pods.removeValue(forKey: key) else { return }
        podsByNode[old.node]?.remove(key)
        if podsByNode[old.node]?.isEmpty == true { podsByNode[old.node] = nil }
        if let i = index[old.node] { nodes[i].remove(old.pod) }
    }

    /// Counts `pod` on `node` before its binding is written.
    public mutating func assume(_ pod: SchedulingPod, on node: String) {
        removePod(pod.key)
        var p = pod
        p.nodeName = node
        count(p, on: node, assumed: Assumed(expires: nil))
    }

    /// The binding call answered OK: the assumption now expires unless the pod is seen bound.
    public mutating func bindingFinished(_ key: SchedulingPod.Key, now: ContinuousClock.Instant) {
        guard pods[key]?.assumed != nil else { return }
        pods[key]?.assumed = Assumed(expires: now + assumedTTL)
    }

    /// The binding failed: the pod stops counting on the node it was assumed on.
    public mutating func forget(_ key: SchedulingPod.Key) {
        if pods[key]?.assumed != nil { removePod(key) }
    }

    /// Drops assumptions whose binding answered `assumedTTL` ago without the pod being seen
    /// bound; returns their keys.
    public mutating func expire(now: ContinuousClock.Instant) -> [SchedulingPod.Key] {
        let due = pods.filter { if let e = $0.value.assumed?.expires { e <= now } else { false } }.map(\.key).sorted()
        for key in due { removePod(key) }
        return due
    }

    private mutating func count(_ pod: SchedulingPod, on node: String, assumed: Assumed?) {
        pods[pod.key] = Counted(pod: pod, node: node, assumed: assumed)
        podsByNode[node, default: []].insert(pod.key)
        if let i = index[node] { nodes[i].add(pod) }
    }
}
