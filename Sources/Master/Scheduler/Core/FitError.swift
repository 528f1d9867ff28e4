/// Why a pod fits no node, worded as kube-scheduler 1.32's `FitError.Error()`:
/// `0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 Insufficient cpu.`
/// — each distinct reason with the number of nodes that gave it, the `"<count> <reason>"` strings
/// sorted byte-wise (Go's `sort.Strings`), so counts sort as text.
///
/// Preemption is not implemented, so the message never carries kube-scheduler's
/// `preemption: …` tail.
public struct FitError: Sendable, Hashable, CustomStringConvertible {
    public var nodeCount: Int
    /// Node name → the reasons of the filter that failed it.
    public var reasons: [String: [String]]
    /// A reason that applies before any node is looked at (NodeAffinity's PreFilter).
    public var preFilterMessage: String?

    public init(nodeCount: Int, reasons: [String: [String]], preFilterMessage: String? = nil) {
        self.nodeCount = nodeCount
        self.reasons = reasons
        self.preFilterMessage = preFilterMessage
    }

    public static let noNodes = "no nodes available to schedule pods"

    public var description: String {
        if nodeCount == 0 { return Self.noNodes }
        var message = "0/\(nodeCount) nodes are available:"
        if let preFilterMessage { return message + " \(preFilterMessage)." }
        var histogram: [String: Int] = [:]
        for list in reasons.values { for r in list { histogram[r, default: 0] += 1 } }
        let parts = histogram.map { "\($0.value) \($0.key)" }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        if !parts.isEmpty { message += " " + parts.joined(separator: ", ") + "." }
        return message
    }
}
