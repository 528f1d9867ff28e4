/// One socket the proxy listens on.
public struct ListenerAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var ip: String
    public var port: Int
    public var transport: TransportProtocol

    public init(ip: String, port: Int, transport: TransportProtocol) {
        self.ip = ip
        self.port = port
        self.transport = transport
    }

    public static func < (a: Self, b: Self) -> Bool { (a.ip, a.port, a.transport) < (b.ip, b.port, b.transport) }
    public var description: String { "\(transport.rawValue.lowercased()):\(ip):\(port)" }
}

/// Which sockets and addresses the rules call for, and how to get there from what is open now.
/// Pure.
public struct ListenerPlan: Equatable, Sendable {
    /// Each socket, and the service port it serves.
    public var listeners: [ListenerAddress: ServicePortName]
    /// The ClusterIPs to hold as local addresses (empty when the proxy holds none).
    public var addresses: Set<String>

    /// - Parameters:
    ///   - clusterIPs: whether to listen on ClusterIPs (root: they are local addresses then).
    ///   - nodePortAddress: where node ports listen (`0.0.0.0` as root, `127.0.0.1` otherwise).
    public init(rules: [ServicePortRule], clusterIPs: Bool, nodePortAddress: String) {
        var listeners: [ListenerAddress: ServicePortName] = [:]
        var addresses = Set<String>()
        for rule in rules {
            if clusterIPs {
                for ip in rule.clusterIPs {
                    listeners[ListenerAddress(ip: ip, port: rule.port, transport: rule.name.transport)] = rule.name
                    addresses.insert(ip)
                }
            }
            if let nodePort = rule.nodePort {
                listeners[ListenerAddress(ip: nodePortAddress, port: nodePort, transport: rule.name.transport)] = rule.name
            }
        }
        self.listeners = listeners
        self.addresses = addresses
    }

    /// What to change to go from `current` to this plan.
    public func changes(from current: [ListenerAddress: ServicePortName]) -> Changes {
        var changes = Changes()
        for (address, name) in current.sorted(by: { $0.key < $1.key }) where listeners[address] != name {
            changes.close.append(address)
        }
        for (address, name) in listeners.sorted(by: { $0.key < $1.key }) where current[address] != name {
            changes.open.append((address, name))
        }
        return changes
    }

    public struct Changes: Sendable {
        /// Sockets to close (before opening: a socket moving to another service is closed first).
        public var close: [ListenerAddress] = []
        public var open: [(ListenerAddress, ServicePortName)] = []
    }

    /// Addresses to add and to remove, given those the device holds now. Removal is limited to
    /// `removable` (addresses this proxy saw a service give up, or every address it does not
    /// want at start-up), so that one proxy never takes away an address another one just added.
    public func addressChanges(holding current: Set<String>, removable: Set<String>) -> (add: [String], remove: [String]) {
        (addresses.subtracting(current).sorted(), current.subtracting(addresses).intersection(removable).sorted())
    }
}
