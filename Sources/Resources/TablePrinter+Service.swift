extension TablePrinter {
    /// core/v1 Service: `printService`. Name, Type, Cluster-IP, External-IP, Port(s), Age; wide:
    /// Selector. A missing `type` reads as `ClusterIP` and a port's missing `protocol` as
    /// `TCP`, the API server's defaults.
    static let service = TablePrinter(
        columns: [
            .name,
            TableColumn("Type", TableColumnDocs.serviceSpecType),
            TableColumn("Cluster-IP", TableColumnDocs.serviceSpecClusterIP),
            TableColumn("External-IP", TableColumnDocs.serviceSpecExternalIPs),
            TableColumn("Port(s)", TableColumnDocs.serviceSpecPorts),
            .age,
            TableColumn("Selector", priority: 1, TableColumnDocs.serviceSpecSelector),
        ],
        render: { svc, context in
            let spec = svc["spec"]
            let type = spec["type"]?.string ?? "ClusterIP"
            let clusterIP = spec["clusterIPs"][0]?.string ?? spec["clusterIP"]?.string ?? ""
            let ports = spec["ports"].elements.map { port -> String in
                let proto = port["protocol"]?.string ?? "TCP"
                let nodePort = port["nodePort"].number
                return nodePort > 0 ? "\(port["port"].number):\(nodePort)/\(proto)" : "\(port["port"].number)/\(proto)"
            }.joined(separator: ",")
            return TableRowContent([
                .string(svc["metadata"]["name"].text), .string(type), .string(clusterIP.isEmpty ? "<none>" : clusterIP),
                .string(serviceExternalIP(svc, type: type)), .string(ports.isEmpty ? "<none>" : ports),
                .string(context.age(svc)), .string(TableFormat.labels(spec["selector"])),
            ])
        }
    )

    /// `getServiceExternalIP` as the server renders it (wide, so never clipped).
    static func serviceExternalIP(_ svc: JSON, type: String) -> String {
        let externalIPs = svc["spec"]["externalIPs"].elements.compactMap(\.string)
        switch type {
        case "ClusterIP", "NodePort":
            return externalIPs.isEmpty ? "<none>" : externalIPs.joined(separator: ",")
        case "LoadBalancer":
            var set = Set<String>()
            for ingress in svc["status"]["loadBalancer"]["ingress"].elements {
                if !ingress["ip"].text.isEmpty {
                    set.insert(ingress["ip"].text)
                } else if !ingress["hostname"].text.isEmpty {
                    set.insert(ingress["hostname"].text)
                }
            }
            let lb = set.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            if !externalIPs.isEmpty { return (lb + externalIPs).joined(separator: ",") }
            return lb.isEmpty ? "<pending>" : lb.joined(separator: ",")
        case "ExternalName":
            return svc["spec"]["externalName"].text
        default:
            return "<unknown>"
        }
    }

    /// core/v1 Endpoints: `printEndpoints`. Name, Endpoints (`10.0.0.1:80,…` with
    /// ` + N more...` past three, `<none>` without subsets), Age.
    static let endpoints = TablePrinter(
        columns: [.name, TableColumn("Endpoints", TableColumnDocs.endpointsSubsets), .age],
        render: { ep, context in
            TableRowContent([.string(ep["metadata"]["name"].text), .string(formatEndpoints(ep)), .string(context.age(ep))])
        }
    )

    /// `formatEndpoints` with every port: each address paired with each port of its subset.
    static func formatEndpoints(_ ep: JSON) -> String {
        let subsets = ep["subsets"].elements
        guard !subsets.isEmpty else { return "<none>" }
        let max = 3
        var list: [String] = []
        var more = false
        var count = 0
        for subset in subsets {
            let addresses = subset["addresses"].elements.map { $0["ip"].text }
            let ports = subset["ports"].elements
            if ports.isEmpty {
                count += addresses.count
                for ip in addresses {
                    if list.count == max { more = true; break }
                    list.append(ip)
                }
                continue
            }
            for port in ports {
                count += addresses.count
                for ip in addresses {
                    if list.count == max { more = true; break }
                    list.append(TableFormat.joinHostPort(ip, port["port"].number))
                }
            }
        }
        let text = list.joined(separator: ",")
        return more ? "\(text) + \(count - max) more..." : text
    }

    /// discovery.k8s.io/v1 EndpointSlice: `printEndpointSlice`. Name, AddressType, Ports,
    /// Endpoints (each up to three, then ` + N more...`; `<unset>` if none), Age.
    static let endpointSlice = TablePrinter(
        columns: [
            .name,
            TableColumn("AddressType", TableColumnDocs.endpointSliceAddressType),
            TableColumn("Ports", TableColumnDocs.endpointSlicePorts),
            TableColumn("Endpoints", TableColumnDocs.endpointSliceEndpoints),
            .age,
        ],
        render: { slice, context in
            let ports = slice["ports"].elements.map { port in
                port["port"]?.int.map { String($0) } ?? port["name"]?.string ?? "*"
            }
            let addresses = slice["endpoints"].elements.flatMap { $0["addresses"].elements.map(\.text) }
            func summary(_ items: [String]) -> String {
                TableFormat.listWithMore(Array(items.prefix(3)), more: items.count > 3, count: items.count, max: 3)
            }
            return TableRowContent([
                .string(slice["metadata"]["name"].text), .string(slice["addressType"].text), .string(summary(ports)),
                .string(summary(addresses)), .string(context.age(slice)),
            ])
        }
    )
}
