import Testing
@testable import DNS

@Suite struct ZoneTests {
    func addresses(_ a: ClusterZone.Answer?) -> [String] {
        (a?.answers ?? []).compactMap { r in
            switch r.data {
            case .a(let b), .aaaa(let b): IPAddress.format(b)
            default: nil
            }
        }
    }

    func isSOA(_ a: ClusterZone.Answer?) -> Bool {
        guard let soa = a?.authority.first, a?.authority.count == 1,
              case .soa(let m, let r, _, 7200, 1800, 86400, 5) = soa.data else { return false }
        return soa.ttl == 5 && soa.name == name("cluster.local") && m == name("ns.dns.cluster.local") && r == name("hostmaster.cluster.local")
    }

    @Test func serviceNameIsItsClusterIP() {
        let a = ask("web.default.svc.cluster.local", DNSType.a)
        #expect(a?.rcode == .noError && addresses(a) == ["10.96.0.10"] && a?.answers.first?.ttl == 5)
        #expect(addresses(ask("WEB.Default.SVC.Cluster.Local", DNSType.a)) == ["10.96.0.10"])
    }

    @Test func existingNameOfAnotherTypeIsNODATA() {
        let a = ask("web.default.svc.cluster.local", DNSType.aaaa)
        #expect(a?.rcode == .noError && a?.answers.isEmpty == true && isSOA(a))
        let txt = ask("web.default.svc.cluster.local", DNSType.txt)
        #expect(txt?.rcode == .noError && txt?.answers.isEmpty == true && isSOA(txt))
        let v6 = ask("v6.apps.svc.cluster.local", DNSType.aaaa)
        #expect(addresses(v6) == ["fd00::10"] && v6?.answers.first?.type == DNSType.aaaa)
        #expect(ask("v6.apps.svc.cluster.local", DNSType.a)?.answers.isEmpty == true)
    }

    @Test func missingNamesAreNXDOMAINWithTheSOA() {
        for n in ["nope.default.svc.cluster.local", "web.nons.svc.cluster.local", "nons.svc.cluster.local",
                  "x.web.default.svc.cluster.local", "a.b.c.d.e.default.svc.cluster.local", "what.cluster.local",
                  "_http._udp.web.default.svc.cluster.local"] {
            let a = ask(n, DNSType.a)
            #expect(a?.rcode == .nxDomain && a?.answers.isEmpty == true && isSOA(a), "\(n)")
        }
    }

    @Test func namespacesAndEmptyNonTerminalsAreNODATA() {
        for n in ["default.svc.cluster.local", "svc.cluster.local", "pod.cluster.local", "cluster.local", "default.pod.cluster.local", "dns.cluster.local"] {
            let a = ask(n, DNSType.a)
            #expect(a?.rcode == .noError && a?.answers.isEmpty == true && isSOA(a), "\(n)")
        }
    }

    @Test func headlessServiceIsItsReadyEndpoints() {
        #expect(addresses(ask("db.default.svc.cluster.local", DNSType.a)) == ["10.244.0.5", "10.244.0.6"])
        #expect(addresses(ask("db-1.db.default.svc.cluster.local", DNSType.a)) == ["10.244.0.6"])
        #expect(ask("db-2.db.default.svc.cluster.local", DNSType.a)?.rcode == .nxDomain)  // not ready
        // Endpoints without a hostname are named by their dashed address.
        var index = sampleIndex()
        index.upsert("endpoints", json(#"{"metadata":{"name":"db","namespace":"default"},"subsets":[{"addresses":[{"ip":"10.244.0.9"}]}]}"#), now: 200)
        #expect(addresses(ask("10-244-0-9.db.default.svc.cluster.local", DNSType.a, index)) == ["10.244.0.9"])
        #expect(index.serial == 200)
    }

    @Test func srvForClusterIPAndHeadlessServices() {
        let web = ask("_http._tcp.web.default.svc.cluster.local", DNSType.srv)
        #expect(web?.answers == [DNSRecord(name: name("_http._tcp.web.default.svc.cluster.local"), type: DNSType.srv, ttl: 5,
                                           data: .srv(priority: 0, weight: 100, port: 80, target: name("web.default.svc.cluster.local")))])
        #expect(addresses(ClusterZone.Answer(answers: web?.additional ?? [])) == ["10.96.0.10"])
        let all = ask("web.default.svc.cluster.local", DNSType.srv)
        #expect(all?.answers.count == 2)
        #expect(all?.answers.allSatisfy { if case .srv(0, 50, _, _) = $0.data { true } else { false } } == true)
        let db = ask("_pg._tcp.db.default.svc.cluster.local", DNSType.srv)
        let targets = (db?.answers ?? []).compactMap { r -> String? in
            if case .srv(0, 50, 5432, let t) = r.data { t.description } else { nil }
        }
        #expect(targets == ["db-0.db.default.svc.cluster.local.", "db-1.db.default.svc.cluster.local."])
        #expect(ask("_nope._tcp.web.default.svc.cluster.local", DNSType.srv)?.rcode == .nxDomain)
        #expect(addresses(ask("_http._tcp.web.default.svc.cluster.local", DNSType.a)) == ["10.96.0.10"])
    }

    @Test func podNamesPTRAndApex() {
        #expect(addresses(ask("10-244-1-5.default.pod.cluster.local", DNSType.a)) == ["10.244.1.5"])
        #expect(ask("10-244-1-5.nons.pod.cluster.local", DNSType.a)?.rcode == .nxDomain)
        #expect(ask("not-an-ip.default.pod.cluster.local", DNSType.a)?.rcode == .nxDomain)
        let ptr = ask("10.0.96.10.in-addr.arpa", DNSType.ptr)
        #expect(ptr?.answers.first?.data == .ptr(name("web.default.svc.cluster.local")))
        #expect(ask("6.0.244.10.in-addr.arpa", DNSType.ptr)?.answers.first?.data == .ptr(name("db-1.db.default.svc.cluster.local")))
        #expect(ask("1.1.168.192.in-addr.arpa", DNSType.ptr) == nil)  // not ours: forwarded
        let soa = ask("cluster.local", DNSType.soa)
        #expect(soa?.answers.first?.type == DNSType.soa && soa?.answers.first?.ttl == 5)
        #expect(ask("cluster.local", DNSType.ns)?.answers.first?.data == .ns(name("ns.dns.cluster.local")))
        #expect(ask("example.org", DNSType.a) == nil)
        #expect(ask("local", DNSType.a) == nil)
        #expect(ask("ext.apps.svc.cluster.local", DNSType.a)?.answers.first?.data == .cname(name("example.org")))
    }

    @Test func endpointSlicesWinOverEndpointsAndDeletionsApply() {
        var index = sampleIndex()
        index.upsert("endpointslices", json(#"""
        {"metadata":{"name":"db-abc","namespace":"default","labels":{"kubernetes.io/service-name":"db"}},"addressType":"IPv4",
         "endpoints":[{"addresses":["10.244.3.1"],"conditions":{"ready":true},"hostname":"db-0"},
                      {"addresses":["10.244.3.2"],"conditions":{"ready":false}}],"ports":[{"name":"pg","port":5432,"protocol":"TCP"}]}
        """#), now: 300)
        #expect(addresses(ask("db.default.svc.cluster.local", DNSType.a, index)) == ["10.244.3.1"])
        index.remove("endpointslices", json(#"{"metadata":{"name":"db-abc","namespace":"default"}}"#), now: 301)
        #expect(addresses(ask("db.default.svc.cluster.local", DNSType.a, index)) == ["10.244.0.5", "10.244.0.6"])
        index.remove("services", json(#"{"metadata":{"name":"web","namespace":"default"}}"#), now: 302)
        #expect(ask("web.default.svc.cluster.local", DNSType.a, index)?.rcode == .nxDomain)
        index.upsert("services", json(#"{"metadata":{"name":"db","namespace":"default"},"spec":{"clusterIP":"None","publishNotReadyAddresses":true}}"#), now: 303)
        #expect(addresses(ask("db.default.svc.cluster.local", DNSType.a, index)) == ["10.244.0.5", "10.244.0.6", "10.244.0.7"])
    }
}
