/// The transport a service port speaks. SCTP is not proxied.
public enum TransportProtocol: String, Hashable, Sendable, Comparable {
    case tcp = "TCP"
    case udp = "UDP"

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// One port of one service: what kube-proxy calls a `ServicePortName`.
public struct ServicePortName: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var namespace: String
    public var name: String
    /// The port's name in the service (empty for a single unnamed port).
    public var port: String
    public var transport: TransportProtocol

    public init(namespace: String, name: String, port: String, transport: TransportProtocol) {
        self.namespace = namespace
        self.name = name
        self.port = port
        self.transport = transport
    }

    public static func < (a: Self, b: Self) -> Bool {
        (a.namespace, a.name, a.port, a.transport) < (b.namespace, b.name, b.port, b.transport)
    }

    public var description: String { "\(namespace)/\(name):\(port.isEmpty ? "-" : port)/\(transport.rawValue)" }
}

/// Where a connection for a service port may go: an address and port of a ready endpoint.
public struct Endpoint: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var ip: String
    public var port: Int

    public init(ip: String, port: Int) {
        self.ip = ip
        self.port = port
    }

    public static func < (a: Self, b: Self) -> Bool { (a.ip, a.port) < (b.ip, b.port) }
    public var description: String { "\(ip):\(port)" }
}

/// Everything the proxy needs to know about one service port.
public struct ServicePortRule: Equatable, Sendable {
    public var name: ServicePortName
    /// The service's IPv4 ClusterIPs (empty for headless services).
    public var clusterIPs: [String]
    public var port: Int
    /// The node port (NodePort and LoadBalancer services), if any.
    public var nodePort: Int?
    /// `sessionAffinity: ClientIP`'s timeout in seconds; nil when there is no affinity.
    public var affinitySeconds: Int?
    /// The ready endpoints, sorted.
    public var endpoints: [Endpoint]

    public init(name: ServicePortName, clusterIPs: [String], port: Int, nodePort: Int?, affinitySeconds: Int?, endpoints: [Endpoint]) {
        self.name = name
        self.clusterIPs = clusterIPs
        self.port = port
        self.nodePort = nodePort
        self.affinitySeconds = affinitySeconds
        self.endpoints = endpoints
    }
}
