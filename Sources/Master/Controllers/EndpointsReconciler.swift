import Resources

/// The pure core of the Endpoints and EndpointSlice controllers: a Service's selected pods as
/// addresses and ports (named targetPorts resolved per pod from its container ports).
public enum EndpointsReconciler {
    /// One pod's part in a service: its address and the ports it serves.
    public struct Member: Sendable, Equatable {
        public var pod: JSON
        public var ip: String
        public var ready: Bool
        public var serving: Bool
        public var terminating: Bool
        public var ports: [JSON]
    }

    /// The service's selector, nil when it has none (its endpoints are managed by hand).
    public static func selector(_ service: JSON) -> LabelSelector? {
        guard let map = service["spec"]?["selector"], let o = map.object, !o.isEmpty else { return nil }
        return try? LabelSelector(structured: ["matchLabels": map])
    }

    /// The pods a service selects, with an IP, not finished; terminating ones only if
    /// `includeTerminating` (EndpointSlices keep them, Endpoints do not).
    public static func members(service: JSON, pods: [JSON], includeTerminating: Bool) -> [Member] {
        guard let selector = selector(service) else { return [] }
        let publishNotReady = service["spec"]?["publishNotReadyAddresses"]?.bool == true
        var out: [Member] = []
        for pod in pods where pod.namespace == service.namespace && selector.matches(object: pod) {
            guard let ip = pod["status"]?["podIP"]?.string, !ip.isEmpty else { continue }
            let phase = PodState.phase(pod)
            if phase == "Succeeded" || phase == "Failed" { continue }
            let terminating = pod.isBeingDeleted
            if terminating && !includeTerminating && !publishNotReady { continue }
            let ready = PodState.isReady(pod)
            let ports = (service["spec"]?["ports"]?.array ?? []).compactMap { port(for: $0, pod: pod) }
            out.append(Member(pod: pod, ip: ip, ready: (ready && !terminating) || publishNotReady, serving: ready,
                              terminating: terminating, ports: ports))
        }
        return out.sorted { ($0.ip, $0.pod.name) < ($1.ip, $1.pod.name) }
    }

    /// A service port as an endpoint port of `pod`: `{name, port, protocol}`, nil when a named
    /// targetPort is not among the pod's container ports.
    static func port(for servicePort: JSON, pod: JSON) -> JSON? {
        let proto = servicePort["protocol"]?.string ?? "TCP"
        var number: Int64?
        let target = servicePort["targetPort"]
        if let i = target?.int { number = i }
        else if let name = target?.string {
            if let i = Int64(name) { number = i } else {
                for c in pod["spec"]?["containers"]?.array ?? [] {
                    for p in c["ports"]?.array ?? [] where p["name"]?.string == name && (p["protocol"]?.string ?? "TCP") == proto {
                        number = p["containerPort"]?.int
                    }
                }
            }
        } else {
            number = servicePort["port"]?.int
        }
        guard let number else { return nil }
        var out: JSON = ["port": .int(number), "protocol": .string(proto)]
        if let n = servicePort["name"]?.string, !n.isEmpty { out["name"] = .string(n) }
        if let a = servicePort["appProtocol"] { out["appProtocol"] = a }
        return out
    }

    static func targetRef(_ pod: JSON) -> JSON {
        ["kind": "Pod", "namespace": .string(pod.namespace), "name": .string(pod.name), "uid": .string(pod.uid)]
    }

    /// A pod's hostname in the service's DNS, when the pod asked for one under this service
    /// (`spec.hostname` with `spec.subdomain` = the service's name; StatefulSet pods).
    static func hostname(_ pod: JSON, service: JSON) -> String? {
        guard let h = pod["spec"]?["hostname"]?.string, !h.isEmpty, pod["spec"]?["subdomain"]?.string == service.name else { return nil }
        return h
    }

    /// The Endpoints `subsets` for a service: one subset per distinct port list, ready
    /// addresses and notReadyAddresses sorted by IP.
    public static func subsets(service: JSON, pods: [JSON]) -> [JSON] {
        var groups: [[JSON]: (ready: [JSON], notReady: [JSON])] = [:]
        var order: [[JSON]] = []
        for m in members(service: service, pods: pods, includeTerminating: false) where !m.ports.isEmpty {
            var address: JSON = ["ip": .string(m.ip), "targetRef": targetRef(m.pod)]
            let node = PodState.nodeName(m.pod)
            if !node.isEmpty { address["nodeName"] = .string(node) }
            if let h = hostname(m.pod, service: service) { address["hostname"] = .string(h) }
            let key = m.ports.sorted { PodTemplateHash.canonical($0) < PodTemplateHash.canonical($1) }
            if groups[key] == nil { order.append(key); groups[key] = ([], []) }
            if m.ready { groups[key]!.ready.append(address) } else { groups[key]!.notReady.append(address) }
        }
        return order.map { ports in
            var subset: JSON = ["ports": .array(ports)]
            let g = groups[ports]!
            if !g.ready.isEmpty { subset["addresses"] = .array(g.ready) }
            if !g.notReady.isEmpty { subset["notReadyAddresses"] = .array(g.notReady) }
            return subset
        }
    }

    /// The Endpoints object the service should have (nil: no selector, leave it alone).
    public static func endpoints(service: JSON, pods: [JSON]) -> JSON? {
        guard selector(service) != nil else { return nil }
        var metadata: JSON = ["name": .string(service.name), "namespace": .string(service.namespace)]
        if let labels = service["metadata"]?["labels"], labels.object?.isEmpty == false { metadata["labels"] = labels }
        var e: JSON = ["apiVersion": "v1", "kind": "Endpoints", "metadata": metadata]
        let s = subsets(service: service, pods: pods)
        if !s.isEmpty { e["subsets"] = .array(s) }
        return e
    }

    /// Whether the stored Endpoints already say what `desired` says.
    public static func same(_ stored: JSON, _ desired: JSON) -> Bool {
        (stored["subsets"]?.array ?? []) == (desired["subsets"]?.array ?? [])
            && (stored["metadata"]?["labels"] ?? .emptyObject) == (desired["metadata"]?["labels"] ?? .emptyObject)
    }

    /// The EndpointSlice contents (`endpoints`, `ports`) for a service: one slice per port list.
    public static func slices(service: JSON, pods: [JSON]) -> [(ports: [JSON], endpoints: [JSON])] {
        var groups: [[JSON]: [JSON]] = [:]
        var order: [[JSON]] = []
        for m in members(service: service, pods: pods, includeTerminating: true) {
            var e: JSON = ["addresses": [.string(m.ip)],
                           "conditions": ["ready": .bool(m.ready), "serving": .bool(m.serving), "terminating": .bool(m.terminating)],
                           "targetRef": targetRef(m.pod)]
            let node = PodState.nodeName(m.pod)
            if !node.isEmpty { e["nodeName"] = .string(node) }
            if let h = hostname(m.pod, service: service) { e["hostname"] = .string(h) }
            let key = m.ports.sorted { PodTemplateHash.canonical($0) < PodTemplateHash.canonical($1) }
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(e)
        }
        return order.map { ($0, groups[$0]!) }
    }
}
