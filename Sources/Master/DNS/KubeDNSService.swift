import Client
import Logging
import Resources

/// The `kube-system/kube-dns` Service that makes the cluster DNS reachable where pods look for
/// it (`nameserver <ClusterIP>` in their resolv.conf), the Kubernetes way: a Service without a
/// selector, ClusterIP `10.96.0.10` port 53 (UDP and TCP), and an Endpoints object plus an
/// EndpointSlice naming this server's own address and port. `skiff proxy` carries
/// `10.96.0.10:53` to that address like any other service.
///
/// Written by `skiff dns` at start, idempotently: an existing Service is left as it is (an
/// administrator's edit wins); the Endpoints and the slice are rewritten only when they name
/// another address. Skiff's API server accepts loopback endpoint addresses (Kubernetes rejects
/// them), so a server on 127.0.0.1:10053 publishes exactly that.
public struct KubeDNSService: Sendable {
    public var namespace = "kube-system"
    public var name = "kube-dns"
    public var clusterIP: String
    /// The address and port the DNS server answers on.
    public var endpointIP: String
    public var endpointPort: Int

    public init(clusterIP: String, endpointIP: String, endpointPort: Int) {
        self.clusterIP = clusterIP
        self.endpointIP = endpointIP
        self.endpointPort = endpointPort
    }

    /// The slice's name and its `managed-by` label (not the EndpointSlice controller's, which
    /// leaves it alone).
    public static let sliceName = "kube-dns-skiff"
    public static let managedBy = "skiff-dns"

    public var service: JSON {
        try! JSON.parse(#"""
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"\#(name)","namespace":"\#(namespace)",
         "labels":{"k8s-app":"kube-dns","kubernetes.io/name":"CoreDNS"}},
         "spec":{"clusterIP":"\#(clusterIP)","ports":[
           {"name":"dns","port":53,"protocol":"UDP","targetPort":\#(endpointPort)},
           {"name":"dns-tcp","port":53,"protocol":"TCP","targetPort":\#(endpointPort)}]}}
        """#)
    }

    public var endpoints: JSON {
        try! JSON.parse(#"""
        {"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"\#(name)","namespace":"\#(namespace)"},
         "subsets":[{"addresses":[{"ip":"\#(endpointIP)"}],
           "ports":[{"name":"dns","port":\#(endpointPort),"protocol":"UDP"},{"name":"dns-tcp","port":\#(endpointPort),"protocol":"TCP"}]}]}
        """#)
    }

    public var endpointSlice: JSON {
        try! JSON.parse(#"""
        {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"\#(Self.sliceName)","namespace":"\#(namespace)",
         "labels":{"kubernetes.io/service-name":"\#(name)","endpointslice.kubernetes.io/managed-by":"\#(Self.managedBy)"}},
         "addressType":"IPv4","endpoints":[{"addresses":["\#(endpointIP)"],"conditions":{"ready":true}}],
         "ports":[{"name":"dns","port":\#(endpointPort),"protocol":"UDP"},{"name":"dns-tcp","port":\#(endpointPort),"protocol":"TCP"}]}
        """#)
    }

    /// Creates what is missing and corrects endpoints that name another address.
    public func ensure(_ client: APIClient, logger: Logger) async throws(StatusError) {
        try await ensure(client, resource: "services", object: service, replace: nil, logger: logger)
        try await ensure(client, resource: "endpoints", object: endpoints, replace: "subsets", logger: logger)
        try await ensure(client, group: "discovery.k8s.io", resource: "endpointslices", object: endpointSlice,
                         replace: "endpoints", logger: logger)
    }

    private func ensure(_ client: APIClient, group: String = "", resource: String, object: JSON, replace field: String?,
                        logger: Logger) async throws(StatusError) {
        let objectName = object["metadata"]?["name"]?.string ?? name
        let existing: JSON
        do {
            existing = try await client.call(APIRequest(.get, group: group, resource: resource, namespace: namespace, name: objectName)).object()
        } catch {
            guard error.code == 404 else { throw error }
            _ = try await client.call(APIRequest(.create, group: group, resource: resource, namespace: namespace, body: object))
            logger.info("created the cluster DNS \(resource)", metadata: ["name": "\(namespace)/\(objectName)"])
            return
        }
        guard let field, existing[field] != object[field] || existing["ports"] != object["ports"] else { return }
        var updated = existing
        updated[field] = object[field]
        if object["ports"] != nil { updated["ports"] = object["ports"] }
        _ = try await client.call(APIRequest(.update, group: group, resource: resource, namespace: namespace, name: objectName, body: updated))
        logger.info("updated the cluster DNS \(resource)", metadata: ["name": "\(namespace)/\(objectName)"])
    }
}
