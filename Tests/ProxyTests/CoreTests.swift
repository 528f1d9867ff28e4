import Addresses
import Resources
import Testing
@testable import Proxy

func json(_ text: String) -> JSON { try! JSON.parse(text) }

func ep(_ ip: String, _ port: Int = 8080) -> Endpoint { Endpoint(ip: ip, port: port) }

let webName = ServicePortName(namespace: "default", name: "web", port: "http", transport: .tcp)

func slice(_ name: String, service: String = "web", _ endpoints: [(String, Bool?)], port: Int = 8080, portName: String = "http",
           transport: String = "TCP") -> JSON {
    let list = endpoints.map { ip, ready in
        ready.map { #"{"addresses":["\#(ip)"],"conditions":{"ready":\#($0)}}"# } ?? #"{"addresses":["\#(ip)"]}"#
    }.joined(separator: ",")
    return json(#"""
    {"metadata":{"name":"\#(name)","namespace":"default","labels":{"kubernetes.io/service-name":"\#(service)"}},
     "addressType":"IPv4","endpoints":[\#(list)],"ports":[{"name":"\#(portName)","port":\#(port),"protocol":"\#(transport)"}]}
    """#)
}

let webService = json(#"""
{"metadata":{"name":"web","namespace":"default"},"spec":{"type":"NodePort","clusterIP":"10.96.0.20","clusterIPs":["10.96.0.20"],
 "ports":[{"name":"http","port":80,"protocol":"TCP","targetPort":8080,"nodePort":30080},
          {"name":"dns","port":53,"protocol":"UDP","targetPort":5353,"nodePort":30053}],
 "sessionAffinity":"ClientIP","sessionAffinityConfig":{"clientIP":{"timeoutSeconds":60}}}}
"""#)

@Suite struct CatalogTests {
    @Test func rulesFromServiceAndSlices() {
        var c = ServiceCatalog()
        c.upsert("services", webService)
        c.upsert("endpointslices", slice("web-a", [("10.244.0.5", true), ("10.244.0.6", nil), ("10.244.0.7", false)]))
        c.upsert("endpointslices", slice("web-b", [("10.244.1.5", true)]))
        c.upsert("endpointslices", slice("web-dns", [("10.244.0.5", true)], port: 5353, portName: "dns", transport: "UDP"))
        let rules = c.rules()
        #expect(rules.count == 2)
        let http = rules.first { $0.name.transport == .tcp }
        #expect(http?.clusterIPs == ["10.96.0.20"] && http?.port == 80 && http?.nodePort == 30080 && http?.affinitySeconds == 60)
        #expect(http?.endpoints == [ep("10.244.0.5"), ep("10.244.0.6"), ep("10.244.1.5")])
        let dns = rules.first { $0.name.transport == .udp }
        #expect(dns?.endpoints == [ep("10.244.0.5", 5353)] && dns?.nodePort == 30053)

        // A slice that goes away takes its endpoints with it; the service's removal its rules.
        c.remove("endpointslices", slice("web-b", []))
        #expect(c.rules().first { $0.name == webName }?.endpoints == [ep("10.244.0.5"), ep("10.244.0.6")])
        c.remove("services", webService)
        #expect(c.rules().isEmpty)
    }

    @Test func endpointsWhenNoSlices() {
        var c = ServiceCatalog()
        c.upsert("services", json(#"{"metadata":{"name":"db","namespace":"default"},"spec":{"clusterIP":"10.96.0.30","ports":[{"port":5432}]}}"#))
        c.upsert("endpoints", json(#"""
        {"metadata":{"name":"db","namespace":"default"},"subsets":[{"addresses":[{"ip":"127.0.0.2"}],
         "notReadyAddresses":[{"ip":"127.0.0.3"}],"ports":[{"port":15432,"protocol":"TCP"}]}]}
        """#))
        let rules = c.rules()
        #expect(rules.map(\.endpoints) == [[ep("127.0.0.2", 15432)]])
        #expect(rules.first?.nodePort == nil && rules.first?.affinitySeconds == nil)
        // Once the service has a slice, the slice wins.
        c.upsert("endpointslices", slice("db-x", service: "db", [("127.0.0.4", true)], port: 15433, portName: ""))
        #expect(c.rules().map(\.endpoints) == [[ep("127.0.0.4", 15433)]])
    }

    @Test func headlessAndExternalNameAreNotProxied() {
        var c = ServiceCatalog()
        c.upsert("services", json(#"{"metadata":{"name":"h","namespace":"default"},"spec":{"clusterIP":"None","ports":[{"port":80}]}}"#))
        c.upsert("services", json(#"{"metadata":{"name":"x","namespace":"default"},"spec":{"type":"ExternalName","externalName":"example.org"}}"#))
        c.upsert("services", json(#"{"metadata":{"name":"s","namespace":"default"},"spec":{"clusterIP":"10.96.0.9","ports":[{"port":80,"protocol":"SCTP"}]}}"#))
        #expect(c.rules().isEmpty)
    }

    @Test func sliceMovingToAnotherServiceLeavesTheFirst() {
        var c = ServiceCatalog()
        c.upsert("services", webService)
        c.upsert("services", json(#"{"metadata":{"name":"api","namespace":"default"},"spec":{"clusterIP":"10.96.0.21","ports":[{"name":"http","port":80}]}}"#))
        c.upsert("endpointslices", slice("s1", service: "web", [("10.244.0.5", true)]))
        c.upsert("endpointslices", slice("s1", service: "api", [("10.244.0.5", true)]))
        let rules = c.rules()
        #expect(rules.first { $0.name == webName }?.endpoints == [])
        #expect(rules.first { $0.name.name == "api" }?.endpoints == [ep("10.244.0.5")])
    }
}

@Suite struct BalancerTests {
    @Test func roundRobinSpreadsEvenly() {
        var b = Balancer(endpoints: [ep("a"), ep("b"), ep("c")])
        var counts: [Endpoint: Int] = [:]
        for i in 0..<300 { counts[b.pick(client: "10.0.0.\(i % 7)", now: 0)!, default: 0] += 1 }
        #expect(counts == [ep("a"): 100, ep("b"): 100, ep("c"): 100])
    }

    @Test func noEndpointsNoPick() {
        var b = Balancer()
        #expect(b.pick(client: "x", now: 0) == nil)
        b.update(endpoints: [ep("a")], affinitySeconds: nil)
        #expect(b.pick(client: "x", now: 0, excluding: [ep("a")]) == nil)
        #expect(b.pick(client: "x", now: 0) == ep("a"))
    }

    @Test func exclusionSkipsRefusingEndpoints() {
        var b = Balancer(endpoints: [ep("a"), ep("b"), ep("c")])
        for _ in 0..<10 { #expect(b.pick(client: "x", now: 0, excluding: [ep("b")]) != ep("b")) }
    }

    @Test func clientIPAffinitySticksUntilTimeout() {
        var b = Balancer(endpoints: [ep("a"), ep("b"), ep("c")], affinitySeconds: 10)
        let first = b.pick(client: "10.0.0.1", now: 0)!
        for t in 1...20 { #expect(b.pick(client: "10.0.0.1", now: Double(t) * 5) == first) }  // each use renews it
        // Other clients spread over the endpoints.
        let others = Set((2...61).map { b.pick(client: "10.0.0.\($0)", now: 100)! })
        #expect(others.count == 3)
        // Idle for longer than the timeout: chosen afresh by rotation (which may be the same endpoint).
        _ = b.pick(client: "10.0.0.1", now: 200)
        #expect(b.affinityCount <= 61)
    }

    @Test func twoProxiesStickAClientToTheSameEndpoint() {
        // Two balancers (two nodes' proxies) with the endpoints in the same order, each seeing
        // its own share of a client's connections.
        let endpoints = (1...5).map { ep("10.244.0.\($0)") }
        var one = Balancer(endpoints: endpoints, affinitySeconds: 60), two = Balancer(endpoints: endpoints, affinitySeconds: 60)
        for c in 1...50 {
            let client = "10.1.0.\(c)"
            _ = one.pick(client: "warm-\(c)", now: 0)  // unrelated traffic on one side only
            #expect(one.pick(client: client, now: 1) == two.pick(client: client, now: 1))
        }
        // Removing an endpoint moves only the clients that were on it.
        var three = Balancer(endpoints: endpoints.filter { $0 != endpoints[2] }, affinitySeconds: 60)
        for c in 1...50 {
            let client = "10.1.0.\(c)"
            let before = two.pick(client: client, now: 2)!
            if before != endpoints[2] { #expect(three.pick(client: client, now: 2) == before) }
        }
    }

    @Test func affinityToARemovedEndpointIsForgotten() {
        var b = Balancer(endpoints: [ep("a"), ep("b")], affinitySeconds: 100)
        let first = b.pick(client: "c1", now: 0)!
        let remaining = [ep("a"), ep("b")].filter { $0 != first }
        b.update(endpoints: remaining, affinitySeconds: 100)
        #expect(b.pick(client: "c1", now: 1) == remaining[0])
        #expect(b.pick(client: "c1", now: 2) == remaining[0])
        // A refusing affinity endpoint is replaced for that client.
        b.update(endpoints: [ep("a"), ep("b")], affinitySeconds: 100)
        let stuck = b.pick(client: "c1", now: 3)!
        let replaced = b.pick(client: "c1", now: 4, excluding: [stuck])!
        #expect(replaced != stuck && b.pick(client: "c1", now: 5) == replaced)
        // Turning affinity off forgets every client.
        b.update(endpoints: [ep("a"), ep("b")], affinitySeconds: nil)
        #expect(b.affinityCount == 0)
    }

    @Test func rotationSurvivesAnUpdate() {
        var b = Balancer(endpoints: [ep("a"), ep("b"), ep("c")])
        #expect(b.pick(client: "x", now: 0) == ep("a"))
        b.update(endpoints: [ep("a"), ep("b"), ep("c"), ep("d")], affinitySeconds: nil)
        #expect(b.pick(client: "x", now: 0) == ep("b"))
        b.update(endpoints: [ep("a"), ep("d")], affinitySeconds: nil)  // next (c) gone: start over
        #expect(b.pick(client: "x", now: 0) == ep("a"))
    }
}

@Suite struct FlowTableTests {
    @Test func idleAndRemovedFlowsExpire() {
        var t = FlowTable<String, Int>(idleSeconds: 30)
        t.insert("c1:1", endpoint: ep("a"), value: 1, now: 0)
        t.insert("c2:1", endpoint: ep("b"), value: 2, now: 0)
        t.insert("c3:1", endpoint: ep("a"), value: 3, now: 0)
        #expect(t.touch("c1:1", now: 25)?.value == 1)
        #expect(t.expire(now: 40, live: [ep("a"), ep("b")]).map(\.value).sorted() == [2, 3])
        #expect(t.count == 1)
        #expect(t.expire(now: 41, live: [ep("b")]).map(\.value) == [1])
        #expect(t.touch("c1:1", now: 42) == nil)
    }
}

@Suite struct PlanTests {
    func rule(_ name: String, ip: String, port: Int, nodePort: Int? = nil, transport: TransportProtocol = .tcp) -> ServicePortRule {
        ServicePortRule(name: ServicePortName(namespace: "default", name: name, port: "", transport: transport), clusterIPs: [ip],
                        port: port, nodePort: nodePort, affinitySeconds: nil, endpoints: [])
    }

    @Test func listenersAsRootAndWithout() {
        let rules = [rule("a", ip: "10.96.0.1", port: 80, nodePort: 30001), rule("b", ip: "10.96.0.2", port: 53, transport: .udp)]
        let root = ListenerPlan(rules: rules, clusterIPs: true, nodePortAddress: "0.0.0.0")
        #expect(Set(root.listeners.keys) == [ListenerAddress(ip: "10.96.0.1", port: 80, transport: .tcp),
                                             ListenerAddress(ip: "0.0.0.0", port: 30001, transport: .tcp),
                                             ListenerAddress(ip: "10.96.0.2", port: 53, transport: .udp)])
        #expect(root.addresses == ["10.96.0.1", "10.96.0.2"])
        let user = ListenerPlan(rules: rules, clusterIPs: false, nodePortAddress: "127.0.0.1")
        #expect(Array(user.listeners.keys) == [ListenerAddress(ip: "127.0.0.1", port: 30001, transport: .tcp)])
        #expect(user.addresses.isEmpty)
    }

    @Test func changesOpenCloseAndMove() {
        let before = ListenerPlan(rules: [rule("a", ip: "10.96.0.1", port: 80), rule("b", ip: "10.96.0.2", port: 80)],
                                  clusterIPs: true, nodePortAddress: "0.0.0.0")
        // b is deleted, c is created, and a's address now belongs to d.
        let after = ListenerPlan(rules: [rule("d", ip: "10.96.0.1", port: 80), rule("c", ip: "10.96.0.3", port: 80)],
                                 clusterIPs: true, nodePortAddress: "0.0.0.0")
        let changes = after.changes(from: before.listeners)
        #expect(changes.close.map(\.ip) == ["10.96.0.1", "10.96.0.2"])
        #expect(changes.open.map { "\($0.0.ip) \($0.1.name)" } == ["10.96.0.1 d", "10.96.0.3 c"])
        #expect(after.changes(from: after.listeners).close.isEmpty && after.changes(from: after.listeners).open.isEmpty)
    }

    @Test func addressesRemovedOnlyWhenRemovable() {
        let plan = ListenerPlan(rules: [rule("a", ip: "10.96.0.1", port: 80)], clusterIPs: true, nodePortAddress: "0.0.0.0")
        let held: Set<String> = ["10.96.0.2", "10.96.0.3"]
        #expect(plan.addressChanges(holding: held, removable: ["10.96.0.2"]) == (["10.96.0.1"], ["10.96.0.2"]))
        #expect(plan.addressChanges(holding: held, removable: held).remove == ["10.96.0.2", "10.96.0.3"])
    }

    @Test func ipv4Parsing() {
        #expect(IPv4.parse("10.96.0.10") == 0x0A60_000A)
        for bad in ["10.96.0", "10.96.0.256", "01.2.3.4", "a.b.c.d", "1.2.3.4.5", "", "fd00::1"] { #expect(IPv4.parse(bad) == nil) }
        #expect(IPv4.isLoopback("127.0.0.2") && !IPv4.isLoopback("10.0.0.1"))
    }
}
