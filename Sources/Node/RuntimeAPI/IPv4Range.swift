import Addresses
import Foundation

/// IPv4 ranges and the pod address allocator: pure.
///
/// A node's podCIDR (say 10.244.1.0/24) gives its bridge the first address (10.244.1.1) and
/// its pods the others up to the last but one; the allocator hands out the lowest free one, so
/// an address is used again once its sandbox is removed. What is in use is what the runtime's
/// sandbox records hold (they are on disk), so a restarted runtime never hands out an address
/// twice.
public struct IPv4Range: Sendable, Equatable, CustomStringConvertible {
    public var network: UInt32
    public var prefixLength: Int

    public init?(_ cidr: String) {
        guard let (network, length) = IPv4.parseCIDR(cidr) else { return nil }
        self.network = network
        prefixLength = length
    }

    public var description: String { "\(IPv4.format(network))/\(prefixLength)" }
    /// The bridge's address: the range's first.
    public var gateway: UInt32 { network + 1 }
    public var broadcast: UInt32 { network | ~IPv4.mask(prefixLength) }

    public func contains(_ address: UInt32) -> Bool { address & IPv4.mask(prefixLength) == network }

    /// The lowest address of the range that is neither the network, the gateway, the broadcast
    /// address nor in `used`; nil when the range is full.
    public func allocate(used: Set<String>) -> String? {
        guard prefixLength <= 30 else { return nil }
        var candidate = gateway + 1
        while candidate < broadcast {
            let text = IPv4.format(candidate)
            if !used.contains(text) { return text }
            candidate += 1
        }
        return nil
    }

    /// The node's bridge for this range: `skiff` + the network address in hex (13 characters;
    /// interface names have at most 15), so each node of a machine has its own.
    public var bridgeName: String { "skiff" + String(format: "%08x", network) }
}
