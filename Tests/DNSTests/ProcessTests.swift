import Client
import Foundation
import Resources
import SkiffTestSupport
import Testing
@testable import DNS

/// `skiff dns` as a real process against a real store and API server, asked by the real `dig`.
@Suite(.serialized) struct ProcessTests {
    /// Runs `dig @127.0.0.1 -p <port> args…` and returns its standard output.
    static func dig(_ port: UInt16, _ args: [String]) async throws -> String {
        let child = try ChildProcess(executable: URL(fileURLWithPath: "/usr/bin/dig"),
                                     arguments: ["@127.0.0.1", "-p", "\(port)", "+time=2", "+tries=1"] + args, name: "dig")
        _ = try await child.exit(timeout: .seconds(30))
        return child.stdout
    }

    static func short(_ port: UInt16, _ args: [String]) async throws -> [String] {
        try await dig(port, ["+short"] + args).split(separator: "\n").map(String.init).sorted()
    }

    static func create(_ client: APIClient, _ resource: String, _ body: String) async throws -> JSON {
        try await client.call(APIRequest(.create, resource: resource, namespace: "default", body: json(body))).object()
    }

    static func endpoints(_ name: String, _ ips: [(String, String?)], port: Int = 5432) -> String {
        let addresses = ips.map { ip, host in host.map { #"{"ip":"\#(ip)","hostname":"\#($0)"}"# } ?? #"{"ip":"\#(ip)"}"# }
        return #"{"metadata":{"name":"\#(name)","namespace":"default"},"subsets":[{"addresses":[\#(addresses.joined(separator: ","))],"ports":[{"name":"pg","port":\#(port),"protocol":"TCP"}]}]}"#
    }

    @Test func digAnswersClusterNames() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/dig") else {
            Issue.record("dig is missing: apt-get install bind9-dnsutils")
            return
        }
        let upstream = try FakeUpstream()
        let cluster = try await TestCluster.start()
        let dns = try ChildProcess(skiff: ["dns", "--listen", "127.0.0.1:0", "--api", cluster.apiRPC, "--api-events", cluster.apiEvents,
                                           "--upstream", "127.0.0.1:\(upstream.port)"])
        let client = try await APIClient(endpoints: [cluster.apiRPC])
        do {
            let ready = try await dns.line(containing: "skiff dns ready")
            let port = UInt16(readyFields(ready)["listen"]?.split(separator: ":").last ?? "") ?? 0
            #expect(port != 0)

            let web = try await Self.create(client, "services", #"{"metadata":{"name":"web"},"spec":{"ports":[{"name":"http","port":80}],"selector":{"app":"web"}}}"#)
            let clusterIP = web["spec"]?["clusterIP"]?.string ?? ""
            #expect(!clusterIP.isEmpty)
            _ = try await Self.create(client, "services", #"{"metadata":{"name":"db"},"spec":{"clusterIP":"None","ports":[{"name":"pg","port":5432}]}}"#)
            _ = try await Self.create(client, "endpoints", Self.endpoints("db", [("10.244.0.5", "db-0"), ("10.244.0.6", "db-1")]))

            try await eventually(.seconds(90), "the service's A record") {
                (try? await Self.short(port, ["web.default.svc.cluster.local"])) == [clusterIP]
            }
            #expect(try await Self.short(port, ["db.default.svc.cluster.local"]) == ["10.244.0.5", "10.244.0.6"])
            #expect(try await Self.short(port, ["db-1.db.default.svc.cluster.local"]) == ["10.244.0.6"])
            #expect(try await Self.short(port, ["SRV", "_http._tcp.web.default.svc.cluster.local"]) == ["0 100 80 web.default.svc.cluster.local."])
            #expect(try await Self.short(port, ["SRV", "_pg._tcp.db.default.svc.cluster.local"])
                    == ["0 50 5432 db-0.db.default.svc.cluster.local.", "0 50 5432 db-1.db.default.svc.cluster.local."])
            #expect(try await Self.short(port, ["+tcp", "web.default.svc.cluster.local"]) == [clusterIP])
            let reverse = clusterIP.split(separator: ".").reversed().joined(separator: ".") + ".in-addr.arpa"
            #expect(try await Self.short(port, ["PTR", reverse]) == ["web.default.svc.cluster.local."])

            // NXDOMAIN with the zone's SOA; NODATA for an existing name of another type.
            let missing = try await Self.dig(port, ["nope.default.svc.cluster.local"])
            #expect(missing.contains("status: NXDOMAIN") && missing.contains("flags: qr aa rd"))
            #expect(missing.contains("cluster.local.\t\t5\tIN\tSOA\tns.dns.cluster.local. hostmaster.cluster.local."))
            let nodata = try await Self.dig(port, ["AAAA", "web.default.svc.cluster.local"])
            #expect(nodata.contains("status: NOERROR") && nodata.contains("ANSWER: 0") && nodata.contains("AUTHORITY: 1"))

            // Other names go to the upstream.
            #expect(try await Self.short(port, ["example.org"]) == ["192.0.2.1"])

            // A large headless answer: truncated over UDP (no EDNS: 512 bytes), retried over TCP by dig.
            let many = (1...80).map { ("10.244.1.\($0)", String?.none) }
            _ = try await Self.create(client, "services", #"{"metadata":{"name":"big"},"spec":{"clusterIP":"None"}}"#)
            _ = try await Self.create(client, "endpoints", Self.endpoints("big", many))
            try await eventually(.seconds(90), "the big service") {
                (try? await Self.short(port, ["+tcp", "big.default.svc.cluster.local"]).count) == 80
            }
            let big = try await Self.dig(port, ["+noedns", "big.default.svc.cluster.local"])
            #expect(big.contains("Truncated, retrying in TCP mode") && big.contains("ANSWER: 80"))

            // Malformed datagrams: FORMERR (header readable) or nothing; the server keeps answering.
            let formerr = try await onOwnThread { try FakeUpstream.exchange(port: port, [0xAB, 0xCD, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0x3F, 0x61]) }
            #expect(formerr.map { Array($0.prefix(2)) } == [0xAB, 0xCD] && formerr.map { $0[3] & 0x0F } == 1)
            let dropped = try await onOwnThread { try FakeUpstream.exchange(port: port, [1, 2, 3], wait: 300) }
            #expect(dropped == nil)
            #expect(try await Self.short(port, ["web.default.svc.cluster.local"]) == [clusterIP])

            // Several queries pipelined on one TCP connection, answered in order.
            let replies = try await onOwnThread {
                try FakeUpstream.tcpExchange(port: port, [query("web.default.svc.cluster.local", DNSType.a, id: 1),
                                                          query("nope.default.svc.cluster.local", DNSType.a, id: 2),
                                                          query("example.org", DNSType.a, id: 3)])
            }.compactMap { try? DNSMessage(decoding: $0) }
            #expect(replies.map(\.id) == [1, 2, 3] && replies.map(\.rcode) == [0, 3, 0])

            // Changes reach the answers from the stream, not a periodic relist. (How fast is measured
            // by `skiff bench dns`; the bound here only has to tell the two apart on a busy machine.)
            let started = ContinuousClock.now
            _ = try await client.call(APIRequest(.update, resource: "endpoints", namespace: "default", name: "db",
                                                 body: json(Self.endpoints("db", [("10.244.0.9", "db-0")]))))
            try await eventually(.seconds(90), "the endpoint change") {
                (try? await onOwnThread { try FakeUpstream.exchangeA(port: port, "db.default.svc.cluster.local") }) == ["10.244.0.9"]
            }
            let elapsed = ContinuousClock.now - started
            #expect(elapsed < .seconds(20), "endpoint change took \(elapsed)")
            _ = try await client.call(APIRequest(.delete, resource: "services", namespace: "default", name: "web"))
            try await eventually(.seconds(90), "the deletion") {
                (try? await Self.dig(port, ["web.default.svc.cluster.local"]))?.contains("NXDOMAIN") == true
            }
            // With the upstream gone, other names get SERVFAIL (after the 2 s upstream timeout).
            upstream.stop()
            try await eventually(.seconds(90), "SERVFAIL without an upstream") {
                (try? await Self.dig(port, ["+time=5", "example.org"]))?.contains("status: SERVFAIL") == true
            }
        } catch {
            Issue.record("\(error)\ndns stderr:\n\(dns.stderr)")
        }
        await client.close()
        upstream.stop()
        let statuses = try await cluster.stop(also: [dns])
        #expect(statuses.first == 0, "skiff dns exit status")
    }
}
