import Resources

/// What cluster DNS knows: namespaces, Services and their endpoints (from Endpoints objects and
/// EndpointSlices), kept by applying informer changes one at a time. A value type: the server
/// answers from a snapshot while changes build the next one. Names are lowercased on the way in.
public struct ClusterIndex: Sendable {
    public struct Port: Hashable, Sendable {
        public var name: String
        /// `tcp`, `udp` or `sctp`.
        public var proto: String
        public var port: UInt16
    }

    public struct Endpoint: Hashable, Sendable {
        public var address: [UInt8]
        public var hostname: String?
        public var ready: Bool
        public var ports: [Port]

        /// The endpoint's label under its service: its hostname, else its dashed address.
        public var label: String { hostname ?? IPAddress.dashed(IPAddress.format(address)) }
    }

    public struct Service: Hashable, Sendable {
        public var namespace: String
        public var name: String
        /// Empty for headless and ExternalName services.
        public var clusterIPs: [[UInt8]]
        public var headless: Bool
        public var externalName: String?
        public var ports: [Port]
        public var publishNotReadyAddresses: Bool
    }

    struct Key: Hashable, Sendable {
        var namespace: String
        var name: String
    }

    public private(set) var namespaces: Set<String> = []
    private(set) var services: [Key: Service] = [:]
    private var endpointsObjects: [Key: [Endpoint]] = [:]
    private var slices: [Key: (service: Key, endpoints: [Endpoint])] = [:]
    private var slicesByService: [Key: Set<Key>] = [:]
    /// The SOA serial: the time (Unix seconds, given by the caller) of the last change.
    public var serial: UInt32 = 0

    public init() {}

    public var allServices: [Service] { Array(services.values) }

    public func service(_ name: String, namespace: String) -> Service? {
        services[Key(namespace: namespace, name: name)]
    }

    /// The endpoints DNS publishes for a service: ready ones (all when the service publishes
    /// not-ready addresses), from its EndpointSlices when it has any, else from its Endpoints.
    public func endpoints(of service: Service) -> [Endpoint] {
        let key = Key(namespace: service.namespace, name: service.name)
        var all: [Endpoint]
        if let names = slicesByService[key], !names.isEmpty {
            all = names.sorted { $0.name < $1.name }.flatMap { slices[$0]?.endpoints ?? [] }
            var seen = Set<[UInt8]>()
            all = all.filter { seen.insert($0.address).inserted }
        } else {
            all = endpointsObjects[key] ?? []
        }
        return all.filter { $0.ready || service.publishNotReadyAddresses }
    }

    /// Applies an added or modified object of `resource` (`namespaces`, `services`, `endpoints`,
    /// `endpointslices`); others are ignored.
    public mutating func upsert(_ resource: String, _ object: JSON, now: UInt32) {
        let key = Self.key(object)
        switch resource {
        case "namespaces": namespaces.insert(key.name)
        case "services": services[key] = Self.service(object, key)
        case "endpoints": endpointsObjects[key] = Self.endpoints(object)
        case "endpointslices":
            removeSlice(key)
            guard let owner = object["metadata"]?["labels"]?["kubernetes.io/service-name"]?.string?.lowercased() else { break }
            let service = Key(namespace: key.namespace, name: owner)
            slices[key] = (service, Self.sliceEndpoints(object))
            slicesByService[service, default: []].insert(key)
        default: return
        }
        serial = max(serial &+ 1, now)
    }

    /// Applies a deletion.
    public mutating func remove(_ resource: String, _ object: JSON, now: UInt32) {
        let key = Self.key(object)
        switch resource {
        case "namespaces": namespaces.remove(key.name)
        case "services": services[key] = nil
        case "endpoints": endpointsObjects[key] = nil
        case "endpointslices": removeSlice(key)
        default: return
        }
        serial = max(serial &+ 1, now)
    }

    private mutating func removeSlice(_ key: Key) {
        guard let old = slices.removeValue(forKey: key) else { return }
        slicesByService[old.service]?.remove(key)
        if slicesByService[old.service]?.isEmpty == true { slicesByService[old.service] = nil }
    }

    static func key(_ o: JSON) -> Key {
        Key(namespace: (o["metadata"]?["namespace"]?.string ?? "").lowercased(),
            name: (o["metadata"]?["name"]?.string ?? "").lowercased())
    }

    static func ports(_ list: JSON?) -> [Port] {
        (list?.array ?? []).compactMap { p in
            guard let n = p["port"]?.int, let port = UInt16(exactly: n) else { return nil }
            return Port(name: (p["name"]?.string ?? "").lowercased(), proto: (p["protocol"]?.string ?? "TCP").lowercased(), port: port)
        }
    }

    static func service(_ o: JSON, _ key: Key) -> Service {
        let spec = o["spec"]
        let type = spec?["type"]?.string ?? "ClusterIP"
        let primary = spec?["clusterIP"]?.string
        var ips = (spec?["clusterIPs"]?.array ?? []).compactMap(\.string)
        if ips.isEmpty, let primary { ips = [primary] }
        let headless = type != "ExternalName" && (primary == "None" || ips.first == "None")
        return Service(namespace: key.namespace, name: key.name,
                       clusterIPs: headless ? [] : ips.compactMap(IPAddress.parse),
                       headless: headless,
                       externalName: type == "ExternalName" ? spec?["externalName"]?.string : nil,
                       ports: ports(spec?["ports"]),
                       publishNotReadyAddresses: spec?["publishNotReadyAddresses"]?.bool ?? false)
    }

    static func endpoints(_ o: JSON) -> [Endpoint] {
        var out: [Endpoint] = []
        for subset in o["subsets"]?.array ?? [] {
            let ports = Self.ports(subset["ports"])
            for (field, ready) in [("addresses", true), ("notReadyAddresses", false)] {
                for a in subset[field]?.array ?? [] {
                    guard let ip = a["ip"]?.string.flatMap(IPAddress.parse) else { continue }
                    out.append(Endpoint(address: ip, hostname: a["hostname"]?.string?.lowercased(), ready: ready, ports: ports))
                }
            }
        }
        return out
    }

    static func sliceEndpoints(_ o: JSON) -> [Endpoint] {
        let ports = Self.ports(o["ports"])
        var out: [Endpoint] = []
        for e in o["endpoints"]?.array ?? [] {
            let ready = e["conditions"]?["ready"]?.bool ?? true
            for a in e["addresses"]?.array ?? [] {
                guard let ip = a.string.flatMap(IPAddress.parse) else { continue }
                out.append(Endpoint(address: ip, hostname: e["hostname"]?.string?.lowercased(), ready: ready, ports: ports))
            }
        }
        return out
    }
}
