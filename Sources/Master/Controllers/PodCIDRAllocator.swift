import Addresses
import Resources

/// The range allocator's state (`pkg/controller/nodeipam/ipam/range_allocator.go`), a pure
/// value: which `/maskSize` blocks of the cluster CIDR are handed to which node. It is rebuilt
/// from the Nodes that already carry a `spec.podCIDR` when the controller starts, takes each new
/// allocation at once (before the Node's patch comes back through the informer, so a second node
/// synced meanwhile never gets the same block), and frees a block when its Node is deleted.
public struct PodCIDRAllocator: Sendable, Hashable {
    public let cluster: String
    public let maskSize: Int
    /// node name → its block.
    public private(set) var byNode: [String: String] = [:]

    /// nil when `cluster` is not an IPv4 CIDR or `maskSize` is not between its prefix and 32.
    public init?(cluster: String, maskSize: Int) {
        let parts = cluster.split(separator: "/")
        guard parts.count == 2, let prefix = Int(parts[1]), (0...32).contains(prefix), prefix <= maskSize, maskSize <= 32,
              IPv4.parse(String(parts[0])) != nil else { return nil }
        self.cluster = cluster
        self.maskSize = maskSize
    }

    /// Every block in use.
    public var used: Set<String> { Set(byNode.values) }

    /// Forgets everything and takes the blocks the given Nodes already carry.
    public mutating func rebuild(from nodes: [JSON]) {
        byNode = [:]
        for node in nodes { occupy(node) }
    }

    /// Records the block a Node already carries (no-op for a Node without one).
    public mutating func occupy(_ node: JSON) {
        let name = JobPodFacts.name(node)
        if let cidr = Self.cidr(of: node) { byNode[name] = cidr }
    }

    /// The node's block: the one it has, else the first free one (recorded), nil when the range is full.
    public mutating func allocate(for node: String) -> String? {
        if let mine = byNode[node] { return mine }
        guard let cidr = NodeCIDRs.allocate(cluster: cluster, maskSize: maskSize, taken: used) else { return nil }
        byNode[node] = cidr
        return cidr
    }

    /// Frees the node's block (its Node was deleted, or the patch giving it the block failed).
    public mutating func release(node: String) {
        byNode[node] = nil
    }

    /// A Node's `spec.podCIDR` (or first `podCIDRs` entry), nil if it has none.
    public static func cidr(of node: JSON) -> String? {
        if let c = node["spec"]["podCIDR"]?.string, !c.isEmpty { return c }
        return node["spec"]["podCIDRs"]?.array?.first?.string.flatMap { $0.isEmpty ? nil : $0 }
    }
}
