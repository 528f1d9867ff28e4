import Addresses
import Resources

/// The proxy's view of the cluster: Services, EndpointSlices and Endpoints, updated one change
/// at a time, and the ``ServicePortRule``s they add up to. Pure: no sockets, no clock.
///
/// A service's endpoints come from its EndpointSlices when it has any (as kube-proxy does),
/// otherwise from its Endpoints object (so that hand-made Endpoints of selectorless services
/// work without a mirroring controller). An endpoint counts when it is ready: a slice endpoint
/// whose `conditions.ready` is not false, an Endpoints `addresses` entry (never
/// `notReadyAddresses`). Only IPv4 is proxied.
public struct ServiceCatalog: Sendable {
    struct Key: Hashable, Comparable {
        var namespace: String
        var name: String
        static func < (a: Key, b: Key) -> Bool { (a.namespace, a.name) < (b.namespace, b.name) }
    }

    private var services: [Key: JSON] = [:]
    private var endpoints: [Key: JSON] = [:]
    /// Slices by service, then by slice name.
    private var slices: [Key: [String: JSON]] = [:]
    /// Which service each slice belongs to (a slice's service label could change).
    private var sliceOwner: [Key: Key] = [:]

    public init() {}

    /// Adds or replaces an object of `resource` (`services`, `endpoints`, `endpointslices`).
    public mutating func upsert(_ resource: String, _ object: JSON) {
        let key = Self.key(object)
        switch resource {
        case "services": services[key] = object
        case "endpoints": endpoints[key] = object
        case "endpointslices":
            removeSlice(key)
            guard let service = object["metadata"]?["labels"]?["kubernetes.io/service-name"]?.string else { return }
            let owner = Key(namespace: key.namespace, name: service)
            slices[owner, default: [:]][key.name] = object
            sliceOwner[key] = owner
        default: break
        }
    }

    /// Removes an object of `resource`.
    public mutating func remove(_ resource: String, _ object: JSON) {
        let key = Self.key(object)
        switch resource {
        case "services": services[key] = nil
        case "endpoints": endpoints[key] = nil
        case "endpointslices": removeSlice(key)
        default: break
        }
    }

    private mutating func removeSlice(_ key: Key) {
        guard let owner = sliceOwner.removeValue(forKey: key) else { return }
        slices[owner]?[key.name] = nil
        if slices[owner]?.isEmpty == true { slices[owner] = nil }
    }

    static func key(_ object: JSON) -> Key {
        Key(namespace: object["metadata"]?["namespace"]?.string ?? "", name: object["metadata"]?["name"]?.string ?? "")
    }

    /// Every proxied service port, sorted by name.
    public func rules() -> [ServicePortRule] {
        var out: [ServicePortRule] = []
        for (key, service) in services.sorted(by: { $0.key < $1.key }) {
            out += rules(key, service)
        }
        return out
    }

    private func rules(_ key: Key, _ service: JSON) -> [ServicePortRule] {
        let spec = service["spec"]
        let type = spec?["type"]?.string ?? "ClusterIP"
        guard type != "ExternalName" else { return [] }
        var clusterIPs = (spec?["clusterIPs"]?.array ?? []).compactMap(\.string)
        if clusterIPs.isEmpty, let ip = spec?["clusterIP"]?.string { clusterIPs = [ip] }
        clusterIPs = clusterIPs.filter { IPv4.parse($0) != nil }
        let affinity: Int? = spec?["sessionAffinity"]?.string == "ClientIP"
            ? Int(spec?["sessionAffinityConfig"]?["clientIP"]?["timeoutSeconds"]?.int ?? 10800) : nil
        let ports = spec?["ports"]?.array ?? []
        var out: [ServicePortRule] = []
        for port in ports {
            guard let number = port["port"]?.int,
                  let transport = TransportProtocol(rawValue: port["protocol"]?.string ?? "TCP") else { continue }
            let portName = port["name"]?.string ?? ""
            let nodePort = (type == "NodePort" || type == "LoadBalancer") ? port["nodePort"]?.int.map(Int.init) : nil
            guard !clusterIPs.isEmpty || nodePort != nil else { continue }
            out.append(ServicePortRule(
                name: ServicePortName(namespace: key.namespace, name: key.name, port: portName, transport: transport),
                clusterIPs: clusterIPs, port: Int(number), nodePort: nodePort, affinitySeconds: affinity,
                endpoints: readyEndpoints(key, portName: portName, transport: transport)))
        }
        return out
    }

    /// The ready endpoints of one service port, sorted and without duplicates.
    func readyEndpoints(_ key: Key, portName: String, transport: TransportProtocol) -> [Endpoint] {
        var found = Set<Endpoint>()
        if let serviceSlices = slices[key], !serviceSlices.isEmpty {
            for slice in serviceSlices.values where (slice["addressType"]?.string ?? "IPv4") == "IPv4" {
                guard let port = Self.port(in: slice["ports"]?.array ?? [], named: portName, transport) else { continue }
                for endpoint in slice["endpoints"]?.array ?? [] where endpoint["conditions"]?["ready"]?.bool != false {
                    for address in endpoint["addresses"]?.array ?? [] {
                        if let ip = address.string, IPv4.parse(ip) != nil { found.insert(Endpoint(ip: ip, port: port)) }
                    }
                }
            }
        } else if let object = endpoints[key] {
            for subset in object["subsets"]?.array ?? [] {
                guard let port = Self.port(in: subset["ports"]?.array ?? [], named: portName, transport) else { continue }
                for address in subset["addresses"]?.array ?? [] {
                    if let ip = address["ip"]?.string, IPv4.parse(ip) != nil { found.insert(Endpoint(ip: ip, port: port)) }
                }
            }
        }
        return found.sorted()
    }

    /// The port number of the entry named `name` with this protocol (a single unnamed entry
    /// matches an unnamed service port).
    static func port(in ports: [JSON], named name: String, _ transport: TransportProtocol) -> Int? {
        for p in ports where (p["name"]?.string ?? "") == name && (p["protocol"]?.string ?? "TCP") == transport.rawValue {
            if let n = p["port"]?.int, (1...65535).contains(n) { return Int(n) }
        }
        return nil
    }
}
