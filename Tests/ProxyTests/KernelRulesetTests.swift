import Foundation
import SkiffTestSupport
import Testing
@testable import Proxy
#if canImport(Glibc)
import Glibc
#endif

/// ``KernelRuleset``: which ports the kernel carries and the script that says so, checked by
/// reading the script and — as root — by the real `nft --check`.
@Suite struct KernelRulesetTests {
    static func rule(_ name: String, transport: TransportProtocol = .tcp, port: String = "http", clusterIPs: [String] = ["10.96.0.20"],
                     affinity: Int? = nil, _ endpoints: [Endpoint]) -> ServicePortRule {
        ServicePortRule(name: ServicePortName(namespace: "default", name: name, port: port, transport: transport),
                        clusterIPs: clusterIPs, port: 80, nodePort: nil, affinitySeconds: affinity, endpoints: endpoints)
    }

    static let rules = [
        rule("web", [ep("10.244.0.5"), ep("10.244.1.6")]),
        rule("one", port: "", clusterIPs: ["10.96.0.21"], [ep("10.244.0.9", 9000)]),
        rule("dns", transport: .udp, port: "dns", clusterIPs: ["10.96.0.10"], [ep("127.0.0.1", 10053)]),
        rule("dns", port: "dns-tcp", clusterIPs: ["10.96.0.10"], [ep("127.0.0.1", 10053)]),
        rule("sticky", clusterIPs: ["10.96.0.22"], affinity: 60, [ep("10.244.0.5")]),
        rule("empty", clusterIPs: ["10.96.0.23"], []),
        rule("headless", clusterIPs: [], [ep("10.244.0.5")]),
    ]

    @Test func carriesPlainTCPPortsWithEndpoints() {
        let r = KernelRuleset(rules: Self.rules, table: "skiff", podTraffic: true)
        #expect(r.hostPorts.map(\.description) == ["default/dns:dns-tcp/TCP", "default/one:-/TCP", "default/web:http/TCP"])
        // Loopback endpoints are for this host only: a packet routed in from a pod bridge cannot go there.
        #expect(r.podPorts.map(\.description) == ["default/one:-/TCP", "default/web:http/TCP"])
        #expect(KernelRuleset(rules: Self.rules, table: "skiff", podTraffic: false).podPorts.isEmpty)
    }

    @Test func scriptReplacesTheTableInOneTransaction() {
        let script = KernelRuleset(rules: Self.rules, table: "skiff", podTraffic: true).script
        let lines = script.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(Array(lines.prefix(3)) == ["add table ip skiff", "delete table ip skiff", "table ip skiff {"])
        // Round robin over one chain per endpoint; a single endpoint is rewritten at once.
        #expect(lines.contains("counter numgen inc mod 2 vmap { 0 : goto svc/default/web/http/tcp/0, 1 : goto svc/default/web/http/tcp/1 }"))
        #expect(lines.contains("meta l4proto tcp dnat to 10.244.0.5:8080") && lines.contains("meta l4proto tcp dnat to 10.244.1.6:8080"))
        #expect(lines.contains("counter meta l4proto tcp dnat to 10.244.0.9:9000"))
        #expect(lines.contains("elements = { 10.96.0.10 . tcp . 80 : goto svc/default/dns/dns-tcp/tcp, "
            + "10.96.0.21 . tcp . 80 : goto svc/default/one/-/tcp, 10.96.0.20 . tcp . 80 : goto svc/default/web/http/tcp }"))
        #expect(lines.contains("elements = { 10.96.0.21 . tcp . 80 : goto svc/default/one/-/tcp, 10.96.0.20 . tcp . 80 : goto svc/default/web/http/tcp }"))
        #expect(!script.contains("sticky") && !script.contains("empty") && !script.contains("headless") && !script.contains("udp"))
        #expect(lines.contains("ip daddr . meta l4proto . th dport vmap @host-cluster-ips"))
        #expect(lines.contains("ip daddr . meta l4proto . th dport vmap @pod-cluster-ips"))
    }

    @Test func nothingCarriedStillMakesTheHooks() {
        let script = KernelRuleset(rules: [], table: "t", podTraffic: true).script
        #expect(!script.contains("elements") && script.contains("type nat hook output") && script.contains("type nat hook prerouting"))
    }

    @Test func tableNames() {
        #expect(KernelRuleset.isValidTableName("skiff") && KernelRuleset.isValidTableName("skt-ab_12"))
        for bad in ["", "1abc", "a b", "a;b", "a/b", String(repeating: "a", count: 33)] {
            #expect(!KernelRuleset.isValidTableName(bad), "\(bad)")
        }
    }

    @Test(.enabled(if: geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/nft"), "nft --check needs nftables and root"))
    func theRealNftAcceptsTheScript() async throws {
        for podTraffic in [true, false] {
            for rules in [Self.rules, []] {
                let script = KernelRuleset(rules: rules, table: "skt-check", podTraffic: podTraffic).script
                let file = temporaryDirectory("nft") + "/rules.nft"
                try script.write(toFile: file, atomically: true, encoding: .utf8)
                let nft = try ChildProcess(executable: URL(fileURLWithPath: "/usr/sbin/nft"), arguments: ["--check", "-f", file], name: "nft")
                let status = try await nft.exit(timeout: .seconds(60))
                #expect(status == 0, "nft --check: \(nft.stderr)\n\(script)")
            }
        }
    }
}
