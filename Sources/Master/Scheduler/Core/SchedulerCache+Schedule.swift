/// One scheduling decision (kube-scheduler's `schedulePod`): PreFilter, filters over the nodes
/// until enough fit, scores, and the highest-scoring node (ties broken at random).
public enum Decision: Sendable, Hashable {
    case bind(node: String)
    case unschedulable(FitError)
}

extension SchedulerCache {
    /// kube-scheduler's `minFeasibleNodesToFind`.
    public static let minFeasibleNodesToFind = 100

    /// How many feasible nodes to find before scoring (`numFeasibleNodesToFind` with the
    /// adaptive `percentageOfNodesToScore`): every node up to 100, then 50% less 1% per 125
    /// nodes (at least 5%), never fewer than 100.
    public static func feasibleNodesToFind(allNodes n: Int) -> Int {
        if n < minFeasibleNodesToFind { return n }
        let percentage = max(5, 50 - n / 125)
        return max(minFeasibleNodesToFind, n * percentage / 100)
    }

    /// Filters the node at `i` in place.
    static func filter(_ pod: SchedulingPod, _ nodes: [SchedulingNode], _ i: Int) -> [String] {
        Filters.run(pod, on: nodes[i])
    }

    public static let absentNodeReason = "node(s) didn't satisfy plugin(s) [NodeAffinity]"
    public static let conflictingTermsReason = "pod affinity terms conflict"

    /// Chooses a node for `pod`. Moves the search start on, as kube-scheduler does, so that
    /// successive pods look at different nodes first. Does not assume the pod: call
    /// ``assume(_:on:)`` with the chosen node.
    public mutating func schedule(_ pod: SchedulingPod, using rng: inout some RandomNumberGenerator) -> Decision {
        let all = nodes.count
        if all == 0 { return .unschedulable(FitError(nodeCount: 0, reasons: [:])) }
        var reasons: [String: [String]] = [:]
        var feasible: [Int] = []
        if let names = pod.requiredAffinity?.onlyNodeNames {
            // NodeAffinity's PreFilter: only the named nodes are looked at.
            if names.isEmpty {
                return .unschedulable(FitError(nodeCount: all, reasons: [:], preFilterMessage: Self.conflictingTermsReason))
            }
            var looked: Set<String> = []
            for name in names.sorted() {
                guard let i = index[name] else { continue }
                looked.insert(name)
                let r = Filters.run(pod, on: nodes[i])
                if r.isEmpty { feasible.append(i) } else { reasons[name] = r }
            }
            for n in nodes where !looked.contains(n.name) { reasons[n.name] = [Self.absentNodeReason] }
        } else {
            let want = Self.feasibleNodesToFind(allNodes: all)
            var processed = 0
            while processed < all && feasible.count < want {
                let i = (nextStart + processed) % all
                processed += 1
                let r = Self.filter(pod, nodes, i)
                if r.isEmpty { feasible.append(i) } else { reasons[nodes[i].name] = r }
            }
            nextStart = (nextStart + processed) % all
        }
        if feasible.isEmpty { return .unschedulable(FitError(nodeCount: all, reasons: reasons)) }
        if feasible.count == 1 { return .bind(node: nodes[feasible[0]].name) }
        let scores = Scores.total(pod, nodes, feasible)
        // selectHost: the best score; among equals, each equally likely (reservoir sampling).
        var best = 0, ties = 1
        for i in 1..<scores.count {
            if scores[i] > scores[best] {
                best = i
                ties = 1
            } else if scores[i] == scores[best] {
                ties += 1
                if Int.random(in: 0..<ties, using: &rng) == 0 { best = i }
            }
        }
        return .bind(node: nodes[feasible[best]].name)
    }

}
