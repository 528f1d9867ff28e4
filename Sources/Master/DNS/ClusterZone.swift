/// The cluster domain's answers, as CoreDNS's kubernetes plugin gives them: a pure function of
/// the question and a ``ClusterIndex``.
///
/// Names under the zone (`cluster.local` by default):
/// - `<svc>.<ns>.svc` → the ClusterIP(s) (A or AAAA by family); headless → one record per
///   published endpoint; ExternalName → a CNAME.
/// - `<ep>.<svc>.<ns>.svc` → that endpoint of a headless service, by hostname or dashed address.
/// - `_<port>._<proto>.<svc>.<ns>.svc` SRV (and plain `<svc>.<ns>.svc` SRV: every port).
/// - `<a-b-c-d>.<ns>.pod` → that address, when the namespace exists (CoreDNS `pods insecure`).
/// - the apex answers SOA and NS; `ns.dns` answers the server's own address when known.
/// A name that exists but has no record of the asked type is NODATA (NOERROR, empty answer,
/// SOA in authority); a name that does not exist is NXDOMAIN with the SOA. Reverse names of
/// service and endpoint addresses answer PTR; other reverse names are not the zone's.
public struct ClusterZone: Sendable {
    public var domain: DNSName
    /// The server's own address for `ns.dns.<domain>`, if it listens on a specific one.
    public var serverAddress: [UInt8]?
    public var ttl: UInt32 = 5

    public init(domain: DNSName, serverAddress: [UInt8]? = nil) {
        self.domain = domain
        self.serverAddress = serverAddress
    }

    public struct Answer: Equatable, Sendable {
        public var rcode: DNSMessage.RCode = .noError
        public var answers: [DNSRecord] = []
        public var authority: [DNSRecord] = []
        public var additional: [DNSRecord] = []
    }

    /// The answer to `question`, or nil when the name is not the zone's (forward it).
    public func answer(_ question: DNSMessage.Question, index: ClusterIndex) -> Answer? {
        let name = question.name
        if question.type == DNSType.ptr || name.labels.count >= 6, let reverse = reverseAnswer(question, index) {
            return reverse
        }
        guard name.isSubdomain(of: domain) else { return nil }
        let labels = Array(name.lowercasedLabels.dropLast(domain.labels.count).reversed())  // from the zone down
        return lookup(labels, question, index)
    }

    public func soa(serial: UInt32) -> DNSRecord {
        DNSRecord(name: domain, type: DNSType.soa, ttl: ttl,
                  data: .soa(mname: domain.prepending(["ns", "dns"]), rname: domain.prepending(["hostmaster"]),
                             serial: serial, refresh: 7200, retry: 1800, expire: 86400, minimum: ttl))
    }

    private func nxdomain(_ index: ClusterIndex) -> Answer {
        Answer(rcode: .nxDomain, authority: [soa(serial: index.serial)])
    }
    private func nodata(_ index: ClusterIndex) -> Answer { Answer(authority: [soa(serial: index.serial)]) }

    /// Records of `type` from candidate address records, or NODATA if none is of that type.
    private func addresses(_ records: [DNSRecord], _ type: UInt16, _ index: ClusterIndex) -> Answer {
        let matching = records.filter { $0.type == type || (type == DNSType.any && ($0.type == DNSType.a || $0.type == DNSType.aaaa)) }
        return matching.isEmpty ? nodata(index) : Answer(answers: matching)
    }

    private func lookup(_ labels: [String], _ q: DNSMessage.Question, _ index: ClusterIndex) -> Answer {
        let owner = q.name
        switch labels.first {
        case nil:
            switch q.type {
            case DNSType.soa: return Answer(answers: [soa(serial: index.serial)])
            case DNSType.ns:
                let ns = domain.prepending(["ns", "dns"])
                return Answer(answers: [DNSRecord(name: domain, type: DNSType.ns, ttl: ttl, data: .ns(ns))],
                              additional: serverAddress.map { [DNSRecord.a(ns, $0, ttl: ttl)] } ?? [])
            default: return nodata(index)
            }
        case "dns"?:
            if labels.count == 1 { return nodata(index) }
            guard labels.count == 2, labels[1] == "ns" else { return nxdomain(index) }
            return addresses(serverAddress.map { [DNSRecord.a(owner, $0, ttl: ttl)] } ?? [], q.type, index)
        case "pod"?:
            return pod(Array(labels.dropFirst()), q, index)
        case "svc"?:
            return svc(Array(labels.dropFirst()), q, index)
        default:
            return nxdomain(index)
        }
    }

    private func pod(_ labels: [String], _ q: DNSMessage.Question, _ index: ClusterIndex) -> Answer {
        if labels.isEmpty { return nodata(index) }
        guard index.namespaces.contains(labels[0]) else { return nxdomain(index) }
        if labels.count == 1 { return nodata(index) }
        guard labels.count == 2, let address = IPAddress.undash(labels[1]) else { return nxdomain(index) }
        return addresses([.a(q.name, address, ttl: ttl)], q.type, index)
    }

    private func svc(_ labels: [String], _ q: DNSMessage.Question, _ index: ClusterIndex) -> Answer {
        if labels.isEmpty { return nodata(index) }
        let namespace = labels[0]
        guard index.namespaces.contains(namespace) || index.allServices.contains(where: { $0.namespace == namespace }) else {
            return nxdomain(index)
        }
        if labels.count == 1 { return nodata(index) }
        guard let service = index.service(labels[1], namespace: namespace) else { return nxdomain(index) }
        let endpoints = service.headless ? index.endpoints(of: service) : []
        switch labels.count {
        case 2:
            if let external = service.externalName, let target = DNSName(external) {
                return Answer(answers: [DNSRecord(name: q.name, type: DNSType.cname, ttl: ttl, data: .cname(target))])
            }
            if q.type == DNSType.srv { return srv(service, endpoints, port: nil, proto: nil, q, index) }
            let records = service.headless ? endpoints.map { DNSRecord.a(q.name, $0.address, ttl: ttl) }
                                           : service.clusterIPs.map { DNSRecord.a(q.name, $0, ttl: ttl) }
            if service.headless && records.isEmpty { return nxdomain(index) }
            return addresses(records, q.type, index)
        case 3:
            // An endpoint of a headless service, by hostname or dashed address.
            let matching = endpoints.filter { $0.label == labels[2] }
            guard !matching.isEmpty else { return nxdomain(index) }
            return addresses(matching.map { DNSRecord.a(q.name, $0.address, ttl: ttl) }, q.type, index)
        case 4:
            guard labels[2].hasPrefix("_"), labels[3].hasPrefix("_") else { return nxdomain(index) }
            let proto = String(labels[2].dropFirst()), port = String(labels[3].dropFirst())
            let answer = srv(service, endpoints, port: port, proto: proto, q, index)
            if answer.rcode != .noError || q.type == DNSType.srv { return answer }
            return addresses(service.clusterIPs.map { DNSRecord.a(q.name, $0, ttl: ttl) }, q.type, index)
        default:
            return nxdomain(index)
        }
    }

    /// SRV records for a service's ports (all, or the one named `port` with protocol `proto`):
    /// target the service name (ClusterIP) or each endpoint's name (headless); priority 0 and
    /// the weight split evenly as CoreDNS does (⌊100 / records⌋); addresses in additional.
    private func srv(_ service: ClusterIndex.Service, _ endpoints: [ClusterIndex.Endpoint], port: String?, proto: String?,
                     _ q: DNSMessage.Question, _ index: ClusterIndex) -> Answer {
        func matches(_ p: ClusterIndex.Port) -> Bool {
            (port == nil || p.name == port) && (proto == nil || p.proto == proto)
        }
        let serviceName = domain.prepending([service.name, service.namespace, "svc"])
        var targets: [(UInt16, DNSName, [UInt8])] = []
        if service.headless {
            for e in endpoints {
                for p in e.ports where matches(p) { targets.append((p.port, serviceName.prepending([e.label]), e.address)) }
            }
        } else {
            for p in service.ports where matches(p) {
                for ip in service.clusterIPs { targets.append((p.port, serviceName, ip)) }
            }
        }
        if targets.isEmpty { return port == nil ? nodata(index) : nxdomain(index) }
        guard q.type == DNSType.srv || q.type == DNSType.any else { return Answer() }
        let weight = UInt16(100 / targets.count)
        var answer = Answer()
        var seen = Set<DNSRecord>()
        for (p, target, address) in targets {
            answer.answers.append(DNSRecord(name: q.name, type: DNSType.srv, ttl: ttl,
                                            data: .srv(priority: 0, weight: weight, port: p, target: target)))
            let extra = DNSRecord.a(target, address, ttl: ttl)
            if seen.insert(extra).inserted { answer.additional.append(extra) }
        }
        return answer
    }

    /// PTR for a service's ClusterIP or a published endpoint's address; nil when the address is
    /// unknown (not the zone's: forwarded).
    private func reverseAnswer(_ q: DNSMessage.Question, _ index: ClusterIndex) -> Answer? {
        guard let address = IPAddress.fromReverse(q.name.lowercasedLabels) else { return nil }
        var targets: [DNSName] = []
        for service in index.allServices.sorted(by: { ($0.namespace, $0.name) < ($1.namespace, $1.name) }) {
            let name = domain.prepending([service.name, service.namespace, "svc"])
            if service.clusterIPs.contains(address) { targets.append(name) }
            for e in index.endpoints(of: service) where e.address == address { targets.append(name.prepending([e.label])) }
        }
        guard !targets.isEmpty else { return nil }
        guard q.type == DNSType.ptr || q.type == DNSType.any else { return nodata(index) }
        return Answer(answers: targets.map { DNSRecord(name: q.name, type: DNSType.ptr, ttl: ttl, data: .ptr($0)) })
    }
}
