import Addresses
import CRuntimeShim
import Foundation
import RuntimeAPI
import Synchronization

/// Sets up pod networks on this machine (root): the node's bridge, and per sandbox a veth pair
/// whose pod end becomes `eth0` in the holder's network namespace. Blocking: runs off the pool.
final class PodNetworking: Sendable {
    private let bridges = Mutex<Set<String>>([])
    private let fenced = Mutex<Set<String>>([])

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
        // One lock: a second sandbox of the same node waits until the bridge is whole.
        try bridges.withLock { made in
            if made.contains(name) { return }
            if !FileManager.default.fileExists(atPath: "/sys/class/net/\(name)") {
                try Self.run(["link", "add", name, "type", "bridge"])
            }
            try Self.run(["addr", "replace", "\(IPv4.format(range.gateway))/\(range.prefixLength)", "dev", name])
            try Self.run(["link", "set", name, "up"])
            do {
                try SmallFile.write("1\n", to: "/proc/sys/net/ipv4/conf/\(name)/forwarding")
            } catch {
                throw Spawner.Failure(description: "cannot turn forwarding on for \(name): \(error)")
            }
            made.insert(name)
        }
        return name
    }

    /// Makes `ranges` (the cluster's pod and service ranges that pods route through their
    /// bridge) unreachable in the host's main table, unless a route for exactly that range is
    /// there already. Addresses in use stay reachable — a node bridge's /24 and a ClusterIP's
    /// local /32 are more specific — but traffic to an address nobody holds yet (a pod not yet
    /// made, a ClusterIP the proxy has not added) is refused here instead of following the
    /// host's default route off the machine.
    func fence(_ ranges: [IPv4Range]) {
        // Under the lock: the first sandbox adds the routes, the ones beside it wait for them
        // (instead of each running `ip` for every range at once on a burst of pod starts).
        fenced.withLock { done in
            for range in ranges where !done.contains(range.description) {
                // `add`, not `replace`: an existing route for the range (someone's own) is left alone.
                try? Self.run(["route", "add", "unreachable", range.description])
                done.insert(range.description)
            }
        }
    }

    /// Creates the veth pair: `hostInterface` on `bridge` (up), its peer `eth0` in the network
    /// namespace of `pid` — one rtnetlink request from this thread, not an `ip` process (a
    /// fork of the runtime, an exec and an exit per pod, the largest cost of a burst of pod starts).
    func createVeth(hostInterface: String, bridge: String, namespacePID: Int32) throws {
        let rc = skiff_create_veth(hostInterface, bridge, "eth0", namespacePID)
        guard rc == 0 else {
            throw Spawner.Failure(description: "cannot create the veth pair \(hostInterface) on \(bridge) into the namespace of \(namespacePID): \(String(cString: strerror(-rc)))")
        }
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
