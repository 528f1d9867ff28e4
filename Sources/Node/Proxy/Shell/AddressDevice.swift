import Logging
import Synchronization

/// The network device that holds ClusterIPs as local /32 addresses, driven through `ip`
/// (iproute2) in subprocesses off the cooperative pool (``HostCommand``).
///
/// The device is a bridge without ports (this machine has no `dummy` module): a local address on
/// any device gets a `local` route in the host's table, so traffic to it — from this host or
/// routed in from a pod bridge — is delivered to sockets bound to it. The device is shared by
/// every proxy on the host and never deleted by one of them: co-located nodes' proxies add the
/// addresses they need and remove only those of services they saw go away.
public final class AddressDevice: Sendable {
    public struct Failure: Error, CustomStringConvertible { public let description: String }

    public let name: String
    /// The service range: an `unreachable` route for it in the host's main table means a packet
    /// to a ClusterIP not (or no longer) on the device is refused here rather than sent along
    /// the host's default route off the machine. The device's /32s are local routes, which win.
    public let serviceCIDR: String
    let logger: Logger
    private let fenced = Atomic<Bool>(false)

    public init(name: String, serviceCIDR: String = "10.96.0.0/12", logger: Logger) {
        self.name = name
        self.serviceCIDR = serviceCIDR
        self.logger = logger
    }

    /// Creates the device (a bridge) unless it exists, and sets it up.
    public func ensure() async throws {
        if try await Self.ip(["link", "show", "dev", name]).status != 0 {
            let add = try await Self.ip(["link", "add", name, "type", "bridge"])
            // Another proxy may have created it in between.
            if add.status != 0, try await Self.ip(["link", "show", "dev", name]).status != 0 {
                throw Failure(description: "ip link add \(name) type bridge: \(add.output)")
            }
            logger.info("created the service address device", metadata: ["device": "\(name)"])
        }
        let up = try await Self.ip(["link", "set", name, "up"])
        if up.status != 0 { throw Failure(description: "ip link set \(name) up: \(up.output)") }
        // `add`: a route for exactly this range that is there already (another proxy's, or
        // the administrator's) is left as it is.
        guard !fenced.load(ordering: .acquiring) else { return }
        let fence = try await Self.ip(["route", "add", "unreachable", serviceCIDR])
        if fence.status != 0, try await Self.ip(["route", "show", "exact", serviceCIDR]).output.isEmpty {
            throw Failure(description: "ip route add unreachable \(serviceCIDR): \(fence.output)")
        }
        fenced.store(true, ordering: .releasing)
    }

    /// Deletes the device and every address on it (nothing to do when it does not exist).
    public func remove() async throws {
        guard try await Self.ip(["link", "show", "dev", name]).status == 0 else { return }
        let r = try await Self.ip(["link", "del", name])
        if r.status != 0 { throw Failure(description: "ip link del \(name): \(r.output)") }
    }

    /// The IPv4 addresses the device holds now.
    public func addresses() async throws -> Set<String> {
        let r = try await Self.ip(["-4", "-o", "addr", "show", "dev", name])
        if r.status != 0 { throw Failure(description: "ip addr show dev \(name): \(r.output)") }
        return Self.parseAddresses(r.output)
    }

    /// `ip -o addr` lines → addresses (`… inet 10.96.0.10/32 scope global …`).
    static func parseAddresses(_ output: String) -> Set<String> {
        var out = Set<String>()
        for line in output.split(separator: "\n") {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            if let i = words.firstIndex(of: "inet"), i + 1 < words.count {
                out.insert(String(words[i + 1].split(separator: "/").first ?? ""))
            }
        }
        return out
    }

    /// Adds and removes /32 addresses in one `ip -batch` (errors such as "exists" or "cannot
    /// assign" — another proxy got there first — are expected and ignored; the next resync
    /// checks the outcome).
    public func apply(add: [String], remove: [String]) async throws {
        guard !add.isEmpty || !remove.isEmpty else { return }
        let lines = add.map { "addr add \($0)/32 dev \(name)" } + remove.map { "addr del \($0)/32 dev \(name)" }
        _ = try await Self.ip(["-force", "-batch", "-"], input: lines.joined(separator: "\n") + "\n")
    }

    /// Runs `ip arguments` to completion off the pool: exit status and combined output.
    static func ip(_ arguments: [String], input: String? = nil) async throws -> (status: Int32, output: String) {
        try await HostCommand.run(["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"], arguments, input: input)
    }
}
