/// kube-scheduler's filter plugins, in the default profile's order. Each returns the reasons a
/// node fails (empty: it passes); a node is judged by the first filter that fails it, so its
/// reasons come from one plugin only, as in the framework's `RunFilterPlugins`.
public enum Filters {
    public static let unschedulableReason = "node(s) were unschedulable"
    public static let affinityReason = "node(s) didn't match Pod's node affinity/selector"
    public static let portsReason = "node(s) didn't have free ports for the requested pod ports"
    public static let tooManyPodsReason = "Too many pods"

    /// Every filter, in order; the reasons of the first that fails.
    public static func run(_ pod: SchedulingPod, on node: SchedulingNode) -> [String] {
        if let r = nodeUnschedulable(pod, node) { return [r] }
        if let r = taintToleration(pod, node) { return [r] }
        if let r = nodeAffinity(pod, node) { return [r] }
        if let r = nodePorts(pod, node) { return [r] }
        return resourcesFit(pod, node)
    }

    /// NodeUnschedulable: `spec.unschedulable` unless the pod tolerates the unschedulable taint.
    public static func nodeUnschedulable(_ pod: SchedulingPod, _ node: SchedulingNode) -> String? {
        guard node.unschedulable, !pod.tolerations.tolerate(.unschedulable) else { return nil }
        return unschedulableReason
    }

    /// TaintToleration: the first NoSchedule or NoExecute taint no toleration matches.
    public static func taintToleration(_ pod: SchedulingPod, _ node: SchedulingNode) -> String? {
        for taint in node.taints where taint.effect != .preferNoSchedule {
            if !pod.tolerations.tolerate(taint) { return "node(s) had untolerated taint {\(taint.key): \(taint.value)}" }
        }
        return nil
    }

    /// NodeAffinity: `spec.nodeSelector` (every label) and the required node affinity (any term).
    public static func nodeAffinity(_ pod: SchedulingPod, _ node: SchedulingNode) -> String? {
        for (k, v) in pod.nodeSelector where node.labels[k] != v { return affinityReason }
        if let required = pod.requiredAffinity, !required.matches(labels: node.labels, nodeName: node.name) { return affinityReason }
        return nil
    }

    /// NodePorts: a host port the pod wants that a pod on the node holds.
    public static func nodePorts(_ pod: SchedulingPod, _ node: SchedulingNode) -> String? {
        for want in pod.hostPorts where node.usedPorts.contains(where: { $0.conflicts(with: want) }) { return portsReason }
        return nil
    }

    /// NodeResourcesFit (`fitsRequest`): the pod count, then each requested resource against
    /// allocatable minus what the node's pods request. One reason per short resource.
    public static func resourcesFit(_ pod: SchedulingPod, _ node: SchedulingNode) -> [String] {
        var reasons: [String] = []
        if Int64(node.podCount) + 1 > node.allowedPods { reasons.append(tooManyPodsReason) }
        let want = pod.requests
        if want.isZero { return reasons }
        let have = node.allocatable, used = node.requested
        if want.milliCPU > 0 && want.milliCPU > have.milliCPU - used.milliCPU { reasons.append("Insufficient cpu") }
        if want.memory > 0 && want.memory > have.memory - used.memory { reasons.append("Insufficient memory") }
        if want.ephemeralStorage > 0 && want.ephemeralStorage > have.ephemeralStorage - used.ephemeralStorage {
            reasons.append("Insufficient ephemeral-storage")
        }
        for (name, amount) in want.scalar.sorted(by: { $0.key < $1.key }) where amount > 0 {
            if amount > have.scalar[name, default: 0] - used.scalar[name, default: 0] { reasons.append("Insufficient \(name)") }
        }
        return reasons
    }
}
