import Addresses

/// The nftables table that carries ClusterIP traffic in the kernel: DNAT on the first packet of a
/// connection, conntrack for the rest, no userspace hop. Pure: the rules in, an `nft -f` script
/// out.
///
/// The kernel carries a service port when it is TCP, has a ClusterIP and at least one ready
/// endpoint, and no `sessionAffinity` (the userspace proxy keeps those: its affinity honours the
/// timeout, and its UDP flows end the moment their endpoint leaves, which conntrack entries
/// would not without a flush). Everything else — and node ports — stays on the userspace
/// listeners, which remain open behind the rules: a packet the table does not rewrite reaches
/// them as before (a service without endpoints is reset there at once).
///
/// Two hooks: `output` for connections made on this host, `prerouting` for those routed in from
/// pod bridges. Pods only get ports whose endpoints are all off loopback (the kernel will not
/// route a packet that arrived on a bridge to 127.0.0.0/8; `skiff dns` listens there), and only
/// when `podTraffic` is set — the caller sets it when `bridge-nf-call-iptables` is on, so that a
/// reply between two pods on one bridge passes conntrack and is un-NATed (kubeadm requires the
/// same setting of Kubernetes nodes).
///
/// Endpoints are chosen round robin (`numgen inc`), one chain per endpoint as kube-proxy's
/// nftables mode has it; a `counter` on each service chain shows the traffic it carried. The
/// script replaces the whole table in one transaction (`add`, `delete`, then the table), so a
/// reader never sees half of it and established connections keep their conntrack entries.
public struct KernelRuleset: Equatable, Sendable {
    public let table: String
    /// The service ports this table carries from this host, sorted.
    public let hostPorts: [ServicePortName]
    /// Those it also carries from pods.
    public let podPorts: [ServicePortName]
    public let script: String

    public init(rules: [ServicePortRule], table: String, podTraffic: Bool) {
        self.table = table
        let carried = rules.filter(Self.carries).sorted { $0.name < $1.name }
        let fromPods = podTraffic ? carried.filter { $0.endpoints.allSatisfy { !IPv4.isLoopback($0.ip) } } : []
        hostPorts = carried.map(\.name)
        podPorts = fromPods.map(\.name)

        var lines = ["add table ip \(table)", "delete table ip \(table)", "table ip \(table) {"]
        for rule in carried {
            let chain = Self.chain(rule.name)
            let proto = rule.name.transport.rawValue.lowercased()
            if rule.endpoints.count == 1 {
                lines += ["  chain \(chain) {", "    counter meta l4proto \(proto) dnat to \(rule.endpoints[0])", "  }"]
                continue
            }
            for (i, endpoint) in rule.endpoints.enumerated() {
                lines += ["  chain \(chain)/\(i) {", "    meta l4proto \(proto) dnat to \(endpoint)", "  }"]
            }
            let choices = rule.endpoints.indices.map { "\($0) : goto \(chain)/\($0)" }.joined(separator: ", ")
            lines += ["  chain \(chain) {", "    counter numgen inc mod \(rule.endpoints.count) vmap { \(choices) }", "  }"]
        }
        for (map, ports) in [("host-cluster-ips", carried), ("pod-cluster-ips", fromPods)] {
            lines += ["  map \(map) {", "    type ipv4_addr . inet_proto . inet_service : verdict"]
            let elements = ports.flatMap { rule in
                rule.clusterIPs.map { "\($0) . \(rule.name.transport.rawValue.lowercased()) . \(rule.port) : goto \(Self.chain(rule.name))" }
            }
            if !elements.isEmpty { lines.append("    elements = { \(elements.joined(separator: ", ")) }") }
            lines.append("  }")
        }
        lines += ["  chain output {", "    type nat hook output priority -100; policy accept;",
                  "    ip daddr . meta l4proto . th dport vmap @host-cluster-ips", "  }",
                  "  chain prerouting {", "    type nat hook prerouting priority -100; policy accept;",
                  "    ip daddr . meta l4proto . th dport vmap @pod-cluster-ips", "  }",
                  "}"]
        script = lines.joined(separator: "\n") + "\n"
    }

    /// Whether the kernel carries this service port (see the type's documentation).
    public static func carries(_ rule: ServicePortRule) -> Bool {
        rule.name.transport == .tcp && rule.affinitySeconds == nil && !rule.clusterIPs.isEmpty && !rule.endpoints.isEmpty
    }

    /// A service port's chain: `svc/<namespace>/<name>/<port name or ->/<protocol>`. Kubernetes
    /// names are DNS labels, so every character is one nft takes in a bare identifier.
    public static func chain(_ name: ServicePortName) -> String {
        "svc/\(name.namespace)/\(name.name)/\(name.port.isEmpty ? "-" : name.port)/\(name.transport.rawValue.lowercased())"
    }

    /// Whether `name` can name the table: 1–32 letters, digits, `-` or `_`, starting with a letter.
    public static func isValidTableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.utf8.count <= 32 else { return false }
        let letters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".unicodeScalars)
        let others = letters.union("0123456789-_".unicodeScalars)
        return letters.contains(first) && name.unicodeScalars.allSatisfy(others.contains)
    }
}
