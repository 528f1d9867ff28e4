import CRuntimeShim
import Foundation
import RuntimeAPI
import Synchronization

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
        let parts = cidr.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let length = Int(parts[1]), (0...32).contains(length),
              let address = Self.parse(String(parts[0])) else { return nil }
        prefixLength = length
        network = address & Self.mask(length)
    }

    public static func mask(_ length: Int) -> UInt32 { length == 0 ? 0 : ~UInt32(0) << UInt32(32 - length) }

    public static func parse(_ text: String) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for o in octets {
            guard !o.isEmpty, o.count <= 3, o.allSatisfy(\.isASCII), let n = UInt32(o), n <= 255 else { return nil }
            value = value << 8 | n
        }
        return value
    }

    public static func format(_ address: UInt32) -> String {
        "\(address >> 24).\(address >> 16 & 0xff).\(address >> 8 & 0xff).\(address & 0xff)"
    }

    public var description: String { "\(Self.format(network))/\(prefixLength)" }
    /// The bridge's address: the range's first.
    public var gateway: UInt32 { network + 1 }
    public var broadcast: UInt32 { network | ~Self.mask(prefixLength) }

    public func contains(_ address: UInt32) -> Bool { address & Self.mask(prefixLength) == network }

    /// The lowest address of the range that is neither the network, the gateway, the broadcast
    /// address nor in `used`; nil when the range is full.
    public func allocate(used: Set<String>) -> String? {
        guard prefixLength <= 30 else { return nil }
        var candidate = gateway + 1
        while candidate < broadcast {
            let text = Self.format(candidate)
            if !used.contains(text) { return text }
            candidate += 1
        }
        return nil
    }

    /// The node's bridge for this range: `skiff` + the network address in hex (13 characters;
    /// interface names have at most 15), so each node of a machine has its own.
    public var bridgeName: String { "skiff" + String(format: "%08x", network) }
}

/// Sets up pod networks on this machine (root): the node's bridge, and per sandbox a veth pair
/// whose pod end becomes `eth0` in the holder's network namespace. Blocking: runs off the pool.
final class PodNetworking: Sendable {
    private let bridges = Mutex<Set<String>>([])
    private let bridgeLock = NSLock()

    static let ip: String? = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// The host end of a sandbox's veth pair (at most 15 characters).
    static func hostInterface(sandboxID: String) -> String { "skv" + sandboxID.prefix(12) }

    /// Creates the bridge for `range` unless it exists: up, with the gateway address, and
    /// forwarding on for it alone (so pods of the machine's nodes reach each other; nothing
    /// else on the machine starts forwarding).
    func ensureBridge(_ range: IPv4Range) throws -> String {
        let name = range.bridgeName
        if bridges.withLock({ $0.contains(name) }) { return name }
        bridgeLock.lock()
        defer { bridgeLock.unlock() }
        if bridges.withLock({ $0.contains(name) }) { return name }
        if !FileManager.default.fileExists(atPath: "/sys/class/net/\(name)") {
            try Self.run(["link", "add", name, "type", "bridge"])
        }
        try Self.run(["addr", "replace", "\(IPv4Range.format(range.gateway))/\(range.prefixLength)", "dev", name])
        try Self.run(["link", "set", name, "up"])
        let forwarding = "/proc/sys/net/ipv4/conf/\(name)/forwarding"
        guard FileManager.default.createFile(atPath: forwarding, contents: Data("1\n".utf8)) ||
              (try? String(contentsOfFile: forwarding, encoding: .utf8))?.hasPrefix("1") == true else {
            throw Spawner.Failure(description: "cannot turn forwarding on for \(name)")
        }
        _ = bridges.withLock { $0.insert(name) }
        return name
    }

    /// Creates the veth pair: `hostInterface` on `bridge` (up), its peer `eth0` in the network
    /// namespace of `pid`.
    func createVeth(hostInterface: String, bridge: String, namespacePID: Int32) throws {
        try Self.run(["link", "add", hostInterface, "up", "master", bridge, "type", "veth", "peer", "name", "eth0",
                      "netns", String(namespacePID)])
    }

    /// Deletes the host end if it is still there (the pair goes with its namespace otherwise).
    func deleteVeth(_ hostInterface: String) {
        guard FileManager.default.fileExists(atPath: "/sys/class/net/\(hostInterface)") else { return }
        try? Self.run(["link", "del", hostInterface])
    }

    static func netConfig(address: UInt32, range: IPv4Range, routes: [IPv4Range]) -> skiff_net_config {
        var c = skiff_net_config()
        c.address = address.bigEndian
        c.prefix_length = UInt32(range.prefixLength)
        c.gateway = range.gateway.bigEndian
        let list = Array(routes.prefix(8))
        c.route_count = UInt32(list.count)
        withUnsafeMutableBytes(of: &c.routes) { raw in
            let words = raw.bindMemory(to: UInt32.self)
            for (k, r) in list.enumerated() {
                words[2 * k] = r.network.bigEndian
                words[2 * k + 1] = UInt32(r.prefixLength)
            }
        }
        return c
    }

    /// Runs `ip` with `arguments`; throws its stderr when it fails.
    static func run(_ arguments: [String]) throws {
        guard let ip else { throw Spawner.Failure(description: "iproute2 (ip) is not installed") }
        let command = Spawner.Command(path: ip, arguments: ["ip"] + arguments, environment: ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"],
                                      workingDir: "/", namespacesOf: nil, cgroupProcs: [])
        let result = try Spawner.run(command, timeout: .seconds(20))
        guard result.status == 0 else {
            let message = String(decoding: result.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Spawner.Failure(description: "ip \(arguments.joined(separator: " ")): \(message.isEmpty ? "exit \(result.status)" : message)")
        }
    }
}
