import Resources

/// A node as the scheduler sees it (kube-scheduler's `NodeInfo`): what the Node object says,
/// plus the sums of the pods the scheduler counts on it (bound, or assumed while their binding
/// is on its way).
public struct SchedulingNode: Sendable {
    public var name: String
    public var labels: [String: String]
    public var allocatable: ResourceAmounts
    public var allowedPods: Int64
    public var unschedulable: Bool
    /// `spec.taints`, plus `not-ready`/`unreachable` NoSchedule when the Ready condition is not
    /// True and the node does not carry them already.
    public var taints: [Taint]

    /// Sums over the pods on the node.
    public private(set) var requested = ResourceAmounts.zero
    public private(set) var nonZeroRequested = ResourceAmounts.zero
    public private(set) var podCount = 0
    public private(set) var usedPorts: [SchedulingPod.HostPort] = []
    /// Pods on the node per controlling owner uid.
    public private(set) var ownerCounts: [String: Int] = [:]

    public init(name: String, labels: [String: String] = [:], allocatable: ResourceAmounts, allowedPods: Int64 = 110,
                unschedulable: Bool = false, taints: [Taint] = [], ready: Bool = true) {
        self.name = name
        var labels = labels
        if labels["kubernetes.io/hostname"] == nil { labels["kubernetes.io/hostname"] = name }
        self.labels = labels
        self.allocatable = allocatable
        self.allowedPods = allowedPods
        self.unschedulable = unschedulable
        self.taints = taints
        if !ready && !taints.contains(where: { $0.key == Taint.notReady.key || $0.key == Taint.unreachable.key }) {
            self.taints.append(.notReady)
        }
    }

    /// Reads a Node object. A node with no Ready condition counts as not ready; Ready=Unknown
    /// as unreachable.
    public init(json node: JSON) {
        var labels: [String: String] = [:]
        for (k, v) in node["metadata"]?["labels"]?.object ?? [:] { if let s = v.string { labels[k] = s } }
        let allocatableJSON = node["status"]?["allocatable"] ?? node["status"]?["capacity"]
        let pods = allocatableJSON?["pods"].flatMap { try? Quantity(json: $0) }?.value ?? 0
        let taints = (node["spec"]?["taints"]?.array ?? []).compactMap(Taint.init(json:))
        let ready = (node["status"]?["conditions"]?.array ?? []).first { $0["type"]?.string == "Ready" }?["status"]?.string
        self.init(name: node["metadata"]?["name"]?.string ?? "", labels: labels, allocatable: ResourceAmounts(list: allocatableJSON),
                  allowedPods: pods, unschedulable: node["spec"]?["unschedulable"]?.bool ?? false, taints: taints, ready: ready == "True")
        if ready == "Unknown", let i = self.taints.firstIndex(of: .notReady) { self.taints[i] = .unreachable }
    }

    /// The same node with another description (a Node update), keeping the pods counted on it.
    public func replacingSpec(with other: SchedulingNode) -> SchedulingNode {
        var n = other
        n.requested = requested
        n.nonZeroRequested = nonZeroRequested
        n.podCount = podCount
        n.usedPorts = usedPorts
        n.ownerCounts = ownerCounts
        return n
    }

    /// The same description with no pods counted.
    public var withoutPods: SchedulingNode {
        var n = self
        n.requested = .zero
        n.nonZeroRequested = .zero
        n.podCount = 0
        n.usedPorts = []
        n.ownerCounts = [:]
        return n
    }

    /// Whether the Node's description (not its pods) changed in a way that may let a pod fit.
    public func sameSpec(as other: SchedulingNode) -> Bool {
        name == other.name && labels == other.labels && allocatable == other.allocatable && allowedPods == other.allowedPods
            && unschedulable == other.unschedulable && taints == other.taints
    }

    public mutating func add(_ pod: SchedulingPod) {
        requested += pod.requests
        nonZeroRequested += pod.nonZeroRequests
        podCount += 1
        usedPorts.append(contentsOf: pod.hostPorts)
        if let owner = pod.ownerUID { ownerCounts[owner, default: 0] += 1 }
    }

    public mutating func remove(_ pod: SchedulingPod) {
        requested -= pod.requests
        nonZeroRequested -= pod.nonZeroRequests
        podCount -= 1
        for p in pod.hostPorts {
            if let i = usedPorts.firstIndex(of: p) { usedPorts.remove(at: i) }
        }
        if let owner = pod.ownerUID {
            let left = ownerCounts[owner, default: 0] - 1
            ownerCounts[owner] = left > 0 ? left : nil
        }
    }
}
