import Client
import Resources
import SkiffTestSupport
import Testing

/// ClusterIPs and node ports, allocated by a real API server.
@Suite(.serialized) struct ServiceAllocationTests {
    static func service(_ name: String, type: String = "ClusterIP", clusterIP: String? = nil, nodePort: Int64? = nil) -> JSON {
        var port: JSON = ["port": 80, "targetPort": 8080]
        if let nodePort { port["nodePort"] = .int(nodePort) }
        var s: JSON = ["apiVersion": "v1", "kind": "Service", "metadata": ["name": .string(name)],
                       "spec": ["type": .string(type), "selector": ["app": .string(name)], "ports": [port]]]
        if let clusterIP { s["spec"]["clusterIP"] = .string(clusterIP) }
        return s
    }

    static func create(_ api: APIClient, _ body: JSON) async throws(StatusError) -> JSON {
        try await api.call(APIRequest(.create, resource: "services", namespace: "default", body: body)).object()
    }

    @Test func servicesGetDistinctAddressesFromTheRangeAndConflictsAreRejected() async throws {
        let cluster = try await TestCluster.start(apiserverArguments: ["--service-cluster-ip-range", "10.96.0.0/28",
                                                                       "--service-node-port-range", "30000-30009"])
        let api = try await APIClient(endpoints: [cluster.apiRPC])
        // Concurrent creates never share an address.
        let created = try await withThrowingTaskGroup(of: JSON.self) { group in
            for i in 0..<8 { group.addTask { try await Self.create(api, Self.service("s\(i)", type: "NodePort")) } }
            return try await group.reduce(into: [JSON]()) { $0.append($1) }
        }
        let ips = created.compactMap { $0["spec"]?["clusterIP"]?.string }
        #expect(Set(ips).count == 8)
        #expect(ips.allSatisfy { $0.hasPrefix("10.96.0.") && $0 != "10.96.0.0" && $0 != "10.96.0.15" })
        #expect(created.allSatisfy { $0["spec"]?["clusterIPs"] == [$0["spec"]?["clusterIP"] ?? .null] })
        let ports = created.compactMap { $0["spec"]?["ports"]?[0]?["nodePort"]?.int }
        #expect(Set(ports).count == 8 && ports.allSatisfy { (30000...30009).contains($0) })

        // A taken IP or port is refused with Kubernetes' message; headless gets none; an IP out of range is refused.
        do {
            _ = try await Self.create(api, Self.service("dup", clusterIP: ips[0]))
            Issue.record("a taken ClusterIP was accepted")
        } catch {
            #expect(error.code == 422)
            #expect(error.message == "Service \"dup\" is invalid: spec.clusterIPs: Invalid value: []string{\"\(ips[0])\"}: failed to allocate IP \(ips[0]): provided IP is already allocated")
        }
        do {
            _ = try await Self.create(api, Self.service("dupport", type: "NodePort", nodePort: ports[0]))
            Issue.record("a taken node port was accepted")
        } catch {
            #expect(error.message == "Service \"dupport\" is invalid: spec.ports[0].nodePort: Invalid value: \(ports[0]): provided port is already allocated")
        }
        await #expect(throws: StatusError.self) { _ = try await Self.create(api, Self.service("far", clusterIP: "10.200.0.1")) }
        let headless = try await Self.create(api, Self.service("headless", clusterIP: "None"))
        #expect(headless["spec"]?["clusterIP"] == "None")

        // An update keeps the address; a delete frees it for the next Service.
        var first = created[0]
        first["spec"]["clusterIP"] = nil
        first["spec"]["clusterIPs"] = nil
        let updated = try await api.call(APIRequest(.update, resource: "services", namespace: "default",
                                                    name: first["metadata"]?["name"]?.string, body: first)).object()
        #expect(updated["spec"]?["clusterIP"]?.string == ips[0])
        _ = try await api.call(APIRequest(.delete, resource: "services", namespace: "default", name: first["metadata"]?["name"]?.string))
        let reused = try await Self.create(api, Self.service("reuse", clusterIP: ips[0]))
        #expect(reused["spec"]?["clusterIP"]?.string == ips[0])
        await api.close()
        try await cluster.stop()
    }
}
