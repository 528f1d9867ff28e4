/// kube-scheduler's score plugins with their default-profile weights. Raw scores are per node;
/// ``normalize(_:reverse:)`` maps a plugin's raw scores of all feasible nodes to 0–100
/// (`DefaultNormalizeScore`).
public enum Scores {
    public static let maxNodeScore: Int64 = 100

    /// Plugin weights of the default profile.
    public enum Weight {
        public static let taintToleration: Int64 = 3
        public static let nodeAffinity: Int64 = 2
        public static let leastAllocated: Int64 = 1
        public static let balancedAllocation: Int64 = 1
        /// Spreading by owner: the weight of PodTopologySpread, the plugin whose system-default
        /// constraints replaced SelectorSpread in Kubernetes 1.24+.
        public static let spread: Int64 = 2
    }

    /// NodeResourcesFit, LeastAllocated strategy: cpu and memory (weight 1 each), each
    /// `(allocatable - requested) * 100 / allocatable`, with the non-zero defaults for pods
    /// that request nothing.
    public static func leastAllocated(_ pod: SchedulingPod, _ node: SchedulingNode) -> Int64 {
        func score(_ requested: Int64, _ capacity: Int64) -> Int64 {
            guard capacity > 0, requested <= capacity else { return 0 }
            return (capacity - requested) * maxNodeScore / capacity
        }
        let cpu = score(node.nonZeroRequested.milliCPU + pod.nonZeroRequests.milliCPU, node.allocatable.milliCPU)
        let memory = score(node.nonZeroRequested.memory + pod.nonZeroRequests.memory, node.allocatable.memory)
        return (cpu + memory) / 2
    }

    /// NodeResourcesBalancedAllocation: `(1 - |cpuFraction - memoryFraction| / 2) * 100` over the
    /// actual requests (fractions capped at 1; a resource the node has none of is left out).
    public static func balancedAllocation(_ pod: SchedulingPod, _ node: SchedulingNode) -> Int64 {
        func fraction(_ requested: Int64, _ capacity: Int64) -> Double? {
            capacity > 0 ? min(1, Double(requested) / Double(capacity)) : nil
        }
        guard let cpu = fraction(node.requested.milliCPU + pod.requests.milliCPU, node.allocatable.milliCPU),
              let memory = fraction(node.requested.memory + pod.requests.memory, node.allocatable.memory) else {
            return maxNodeScore  // one fraction or none: a deviation of 0
        }
        return Int64((1 - abs((cpu - memory) / 2)) * Double(maxNodeScore))
    }

    /// TaintToleration's raw score: PreferNoSchedule taints the pod does not tolerate (fewer is
    /// better: normalize reversed).
    public static func intolerablePreferNoSchedule(_ pod: SchedulingPod, _ node: SchedulingNode) -> Int64 {
        var count: Int64 = 0
        for taint in node.taints where taint.effect == .preferNoSchedule {
            let tolerated = pod.tolerations.contains {
                ($0.effect.isEmpty || $0.effect == Taint.Effect.preferNoSchedule.rawValue) && $0.tolerates(taint)
            }
            if !tolerated { count += 1 }
        }
        return count
    }

    /// NodeAffinity's raw score: the weights of the preferred terms the node matches.
    public static func preferredAffinity(_ pod: SchedulingPod, _ node: SchedulingNode) -> Int64 {
        pod.preferredAffinity.reduce(0) { sum, p in
            p.weight != 0 && p.term.matches(labels: node.labels, nodeName: node.name) ? sum + p.weight : sum
        }
    }

    /// `DefaultNormalizeScore`: scale to 0–100 by the largest; reversed, 100 minus that (all 100
    /// when every raw score is 0).
    public static func normalize(_ raw: [Int64], reverse: Bool) -> [Int64] {
        let top = raw.max() ?? 0
        if top == 0 { return raw.map { _ in reverse ? maxNodeScore : 0 } }
        return raw.map { reverse ? maxNodeScore - maxNodeScore * $0 / top : maxNodeScore * $0 / top }
    }

    /// Spreading the pods of one owner (SelectorSpread's normalization): a node with none of the
    /// owner's pods scores 100, the node with the most scores 0. A pod without a controlling owner
    /// scores 0 everywhere.
    public static func spread(_ pod: SchedulingPod, _ nodes: [SchedulingNode]) -> [Int64] {
        spread(pod, nodes, Array(nodes.indices))
    }

    static func spread(_ pod: SchedulingPod, _ nodes: [SchedulingNode], _ indices: [Int]) -> [Int64] {
        guard let owner = pod.ownerUID else { return indices.map { _ in 0 } }
        let counts = indices.map { Int64(nodes[$0].ownerCounts.isEmpty ? 0 : nodes[$0].ownerCounts[owner, default: 0]) }
        let top = counts.max() ?? 0
        if top == 0 { return counts.map { _ in maxNodeScore } }
        return counts.map { maxNodeScore * (top - $0) / top }
    }

    /// The weighted sum of every plugin's normalized score, per node (same order as `nodes`).
    public static func total(_ pod: SchedulingPod, _ nodes: [SchedulingNode]) -> [Int64] {
        total(pod, nodes, Array(nodes.indices))
    }

    /// The same for the nodes at `indices`, read in place (a scheduling cycle scores hundreds of
    /// nodes; copying each would cost more than scoring it).
    static func total(_ pod: SchedulingPod, _ nodes: [SchedulingNode], _ indices: [Int]) -> [Int64] {
        let taints = normalize(indices.map { intolerablePreferNoSchedule(pod, nodes[$0]) }, reverse: true)
        let affinity = pod.preferredAffinity.isEmpty
            ? indices.map { _ in 0 } : normalize(indices.map { preferredAffinity(pod, nodes[$0]) }, reverse: false)
        let spreads = spread(pod, nodes, indices)
        return indices.indices.map { k in
            let i = indices[k]
            return Weight.taintToleration * taints[k] + Weight.nodeAffinity * affinity[k] + Weight.spread * spreads[k]
                + Weight.leastAllocated * leastAllocated(pod, nodes[i]) + Weight.balancedAllocation * balancedAllocation(pod, nodes[i])
        }
    }
}
