import Addresses
import Resources
import Synchronization

/// ClusterIPs and node ports for Services. What is taken is read from the cache (every stored
/// Service) plus what is reserved by creates and updates still on their way to the store, so
/// two concurrent requests never get the same address. Pure bookkeeping over a cache snapshot;
/// the API server is the only writer, so an in-process reservation is enough.
final class ServiceAllocator: Sendable {
    /// An IPv4 range in CIDR form, as integers.
    struct Range: Sendable, Equatable {
        let base: UInt32
        let size: UInt32
        let text: String

        init?(cidr: String) {
            guard let (network, bits) = IPv4.parseCIDR(cidr), (8...30).contains(bits) else { return nil }
            base = network
            size = UInt32(1) << UInt32(32 - bits)
            text = cidr
        }

        func contains(_ ip: UInt32) -> Bool { ip >= base && ip < base &+ size }
        /// Usable addresses: not the network address, not the broadcast address.
        var first: UInt32 { base + 1 }
        var last: UInt32 { base + size - 2 }
    }

    let range: Range
    let nodePorts: ClosedRange<Int64>
    private let reserved = Mutex<(ips: Set<UInt32>, ports: Set<Int64>)>(([], []))

    init(range: Range, nodePorts: ClosedRange<Int64> = 30000...32767) {
        self.range = range
        self.nodePorts = nodePorts
    }

    /// Fills in `spec.clusterIP(s)` and node ports of a Service being created or updated from
    /// `old`, reserving them; `taken` lists the Services stored now. Returns what was reserved
    /// (release it with ``release(_:)`` once the write is done, stored or not).
    func allocate(_ service: inout JSON, old: JSON?, taken: [JSON]) -> Result<Reservation, StatusError> {
        let name = service["metadata"]?["name"]?.string ?? ""
        let type = service["spec"]?["type"]?.string ?? "ClusterIP"
        let usedIPs = Set(taken.filter { $0["metadata"]?["uid"] != service["metadata"]?["uid"] || old == nil }
            .compactMap { $0["spec"]?["clusterIP"]?.string.flatMap(IPv4.parse) })
        let usedPorts = Set(taken.filter { $0["metadata"]?["uid"] != service["metadata"]?["uid"] || old == nil }
            .flatMap { ($0["spec"]?["ports"]?.array ?? []).compactMap { $0["nodePort"]?.int } })
        return reserved.withLock { r -> Result<Reservation, StatusError> in
            var reservation = Reservation()
            // ClusterIP.
            if type != "ExternalName" {
                var ip = service["spec"]?["clusterIP"]?.string ?? ""
                if ip.isEmpty, let previous = old?["spec"]?["clusterIP"]?.string { ip = previous }
                if ip.isEmpty {
                    guard let free = freeIP(excluding: usedIPs.union(r.ips)) else {
                        return .failure(StatusError(code: 500, reason: "InternalError",
                                                    message: "Internal error occurred: failed to allocate a serviceIP: range is full"))
                    }
                    ip = IPv4.format(free)
                    r.ips.insert(free)
                    reservation.ips.append(free)
                } else if ip != "None", ip != old?["spec"]?["clusterIP"]?.string {
                    guard let value = IPv4.parse(ip) else {
                        return .failure(invalid(name, "spec.clusterIPs", .array([.string(ip)]), "must be a valid IP address"))
                    }
                    guard range.contains(value) else {
                        return .failure(invalid(name, "spec.clusterIPs", .array([.string(ip)]),
                                                "failed to allocate IP \(ip): the provided IP (\(ip)) is not in the valid range. The range of valid IPs is \(range.text)"))
                    }
                    guard !usedIPs.contains(value), !r.ips.contains(value) else {
                        return .failure(invalid(name, "spec.clusterIPs", .array([.string(ip)]),
                                                "failed to allocate IP \(ip): provided IP is already allocated"))
                    }
                    r.ips.insert(value)
                    reservation.ips.append(value)
                }
                service["spec"]["clusterIP"] = .string(ip)
                service["spec"]["clusterIPs"] = [.string(ip)]
            }
            // Node ports.
            if type == "NodePort" || type == "LoadBalancer", var ports = service["spec"]?["ports"]?.array {
                let oldPorts = old?["spec"]?["ports"]?.array ?? []
                for i in ports.indices {
                    var port = ports[i]["nodePort"]?.int ?? 0
                    if port == 0, let previous = oldPorts.first(where: { $0["port"] == ports[i]["port"] && $0["protocol"] == ports[i]["protocol"] })?["nodePort"]?.int {
                        port = previous
                    }
                    let ownedBefore = oldPorts.contains { $0["nodePort"]?.int == port }
                    if port == 0 {
                        guard let free = freePort(excluding: usedPorts.union(r.ports)) else {
                            return .failure(StatusError(code: 500, reason: "InternalError",
                                                        message: "Internal error occurred: failed to allocate a nodePort: range is full"))
                        }
                        port = free
                    } else if !ownedBefore {
                        guard nodePorts.contains(port) else {
                            return .failure(invalid(name, "spec.ports[\(i)].nodePort", .int(port),
                                                    "provided port is not in the valid range. The range of valid ports is \(nodePorts.lowerBound)-\(nodePorts.upperBound)"))
                        }
                        guard !usedPorts.contains(port), !r.ports.contains(port) else {
                            return .failure(invalid(name, "spec.ports[\(i)].nodePort", .int(port), "provided port is already allocated"))
                        }
                    }
                    if !ownedBefore, r.ports.insert(port).inserted { reservation.ports.append(port) }
                    ports[i]["nodePort"] = .int(port)
                }
                service["spec"]["ports"] = .array(ports)
            }
            return .success(reservation)
        }
    }

    struct Reservation: Sendable {
        var ips: [UInt32] = []
        var ports: [Int64] = []
    }

    /// Ends a reservation: once the write is stored the cache holds the values; if it failed
    /// they are free again.
    func release(_ reservation: Reservation) {
        reserved.withLock { r in
            for ip in reservation.ips { r.ips.remove(ip) }
            for port in reservation.ports { r.ports.remove(port) }
        }
    }

    private func freeIP(excluding used: Set<UInt32>) -> UInt32? {
        let count = range.last - range.first + 1
        guard count > 0 else { return nil }
        // Random start, as Kubernetes allocates, then the next free one.
        let start = UInt32.random(in: 0..<count)
        for offset in 0..<count {
            let ip = range.first + (start + offset) % count
            if !used.contains(ip) { return ip }
        }
        return nil
    }

    private func freePort(excluding used: Set<Int64>) -> Int64? {
        let count = nodePorts.upperBound - nodePorts.lowerBound + 1
        let start = Int64.random(in: 0..<count)
        for offset in 0..<count {
            let port = nodePorts.lowerBound + (start + offset) % count
            if !used.contains(port) { return port }
        }
        return nil
    }

    private func invalid(_ name: String, _ field: String, _ value: JSON, _ detail: String) -> StatusError {
        var error = FieldError.invalid(field, value, detail)
        if case .array(let items) = value {
            error.renderedValue = "[]string{" + items.compactMap { $0.string.map { "\"\($0)\"" } }.joined(separator: ", ") + "}"
        }
        return StatusError.invalid(ResourceRegistry.builtIn.resource(group: "", version: "v1", plural: "services")!, name: name, [error])
    }
}
