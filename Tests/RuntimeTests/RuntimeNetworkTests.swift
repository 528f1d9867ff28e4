import Addresses
import Foundation
import Runtime
import RuntimeAPI
import SkiffTestSupport
import Testing

/// Pod networks and volume mounts of the process driver as root: each sandbox in its own
/// network namespace on its node's bridge, reached from the host and from another node's pods;
/// resolv.conf and hosts bound inside; volumes bind-mounted in each container's own mount
/// namespace. Ranges under 10.251.0.0/16, which nothing else on this machine uses; every test
/// deletes the bridges it made.
@Suite(.serialized) struct RuntimeNetworkTests {
    typealias M = RuntimeMessages

    static let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static var enabled: Bool { RuntimeHarness.isRoot && python != nil && FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") }

    /// Runs a program of the machine to its end.
    static func host(_ arguments: [String]) async throws -> (status: Int32, stdout: String) {
        let child = try ChildProcess(executable: URL(fileURLWithPath: arguments[0]), arguments: Array(arguments.dropFirst()), name: arguments[0])
        let status = try await child.exit(timeout: .seconds(60))
        return (status, child.stdout)
    }

    static func deleteBridge(_ cidr: String) async {
        guard let range = IPv4Range(cidr) else { return }
        _ = try? await host(["/usr/sbin/ip", "link", "del", range.bridgeName])
    }

    static func network(_ cidr: String) -> M.PodNetwork { .init(podCIDR: cidr, routes: ["10.251.0.0/16"]) }

    func podSandbox(_ r: RuntimeHarness, _ name: String, cidr: String, dns: M.DNSConfig? = nil,
                    hostNetwork: Bool? = nil) async throws -> (M.RunSandboxResponse, M.SandboxStatus) {
        let config = M.SandboxConfig(podUID: "uid-\(name)", podName: name, podNamespace: "default", hostname: name,
                                     logDirectory: r.root + "/logs/\(name)", hostNetwork: hostNetwork,
                                     network: Self.network(cidr), dns: dns)
        let reply: M.RunSandboxResponse = try await r.call(M.Method.runSandbox, M.RunSandboxRequest(config: config))
        let status: M.SandboxStatus = try await r.call(M.Method.sandboxStatus, M.SandboxRef(sandboxID: reply.sandboxID))
        return (reply, status)
    }

    /// A web server on port 8080 of the pod, answering `GET /` with a listing of `directory`.
    func webServer(_ r: RuntimeHarness, in sandbox: String, directory: String) async throws -> M.ContainerStatus {
        try await r.runContainer(r.container("web", [Self.python!, "-m", "http.server", "8080", "--bind", "0.0.0.0", "--directory", directory],
                                             in: sandbox))
    }

    func exec(_ r: RuntimeHarness, _ id: String, _ command: [String]) async throws -> M.ExecResponse {
        try await r.call(M.Method.exec, M.ExecRequest(containerID: id, command: command, timeoutSeconds: 30), timeout: .seconds(60))
    }

    @Test(.enabled(if: enabled, "needs root, python3 and curl"))
    func twoPodsListenOnOnePortEachAtItsOwnAddress() async throws {
        let cidr = "10.251.1.0/24"
        let hostResolv = try Data(contentsOf: URL(fileURLWithPath: "/etc/resolv.conf"))
        let hostHosts = try Data(contentsOf: URL(fileURLWithPath: "/etc/hosts"))
        defer { Task { await Self.deleteBridge(cidr) } }
        try await RuntimeHarness.with { r in
            let version: M.VersionResponse = try await r.call(M.Method.version, [String: String]())
            try #require(version.isolation.podNetwork == true, "pod networks: \(version.isolation)")
            let dns = M.DNSConfig(servers: ["10.96.0.10"], searches: ["default.svc.cluster.local", "svc.cluster.local", "cluster.local"],
                                  options: ["ndots:5"])
            let (a, statusA) = try await podSandbox(r, "net-a", cidr: cidr, dns: dns)
            let (b, statusB) = try await podSandbox(r, "net-b", cidr: cidr, dns: dns)
            #expect(!a.warnings.contains { $0.contains("network") }, "\(a.warnings)")
            #expect(statusA.network?.mode == .pod && statusB.network?.mode == .pod)
            #expect(statusA.network?.bridge == IPv4Range(cidr)?.bridgeName)
            #expect(statusA.network?.gateway == "10.251.1.1")
            let ipA = try #require(statusA.ip), ipB = try #require(statusB.ip)
            #expect(ipA != ipB)
            #expect(IPv4Range(cidr)!.contains(IPv4.parse(ipA)!) && IPv4Range(cidr)!.contains(IPv4.parse(ipB)!))
            // Both listen on 8080; each answers at its own address, from the host, with curl.
            let dirA = temporaryDirectory("web-a"), dirB = temporaryDirectory("web-b")
            _ = FileManager.default.createFile(atPath: dirA + "/served-by-a", contents: Data())
            _ = FileManager.default.createFile(atPath: dirB + "/served-by-b", contents: Data())
            let webA = try await webServer(r, in: a.sandboxID, directory: dirA)
            _ = try await webServer(r, in: b.sandboxID, directory: dirB)
            for (ip, marker) in [(ipA, "served-by-a"), (ipB, "served-by-b")] {
                try await eventually(.seconds(90), "curl http://\(ip):8080/") {
                    let got = try? await Self.host(["/usr/bin/curl", "-s", "--max-time", "5", "http://\(ip):8080/"])
                    return got?.status == 0 && got?.stdout.contains(marker) == true
                }
            }
            // Inside: eth0 has the address, routes only to the cluster's ranges, DNS files bound.
            let inside = try await exec(r, webA.containerID, ["sh", "-c", "cat /etc/resolv.conf; echo ---; cat /etc/hosts; echo ---; cat /proc/net/route; echo ---; cat /proc/net/fib_trie"])
            let parts = inside.stdout.components(separatedBy: "---\n")
            try #require(parts.count == 4, "\(inside)")
            #expect(parts[0] == dns.resolvConf)
            #expect(parts[1].contains("\(ipA)\tnet-a\n"))
            let routes = parts[2].split(separator: "\n").dropFirst().map { $0.split(separator: "\t").map(String.init) }
            #expect(!routes.isEmpty && !routes.contains { $0.count > 1 && $0[1] == "00000000" }, "no default route: \(parts[2])")
            #expect(routes.contains { $0.count > 2 && $0[0] == "eth0" && $0[1] == "0000FB0A" && $0[2] == "0101FB0A" },
                    "10.251.0.0/16 via 10.251.1.1: \(parts[2])")
            #expect(parts[3].contains(ipA))
            // The host's files are untouched.
            #expect(try Data(contentsOf: URL(fileURLWithPath: "/etc/resolv.conf")) == hostResolv)
            #expect(try Data(contentsOf: URL(fileURLWithPath: "/etc/hosts")) == hostHosts)
            // Forwarding is on for the bridge alone.
            let bridge = IPv4Range(cidr)!.bridgeName
            #expect(try String(contentsOfFile: "/proc/sys/net/ipv4/conf/\(bridge)/forwarding", encoding: .utf8).hasPrefix("1"))
            // Removing a sandbox frees its address (and its veth) for the next pod.
            let veth = try #require(statusA.network?.hostInterface)
            #expect(FileManager.default.fileExists(atPath: "/sys/class/net/\(veth)"))
            let _: [String: String] = try await r.call(M.Method.removeSandbox, M.SandboxRef(sandboxID: a.sandboxID))
            try await eventually(.seconds(90), "the veth \(veth) to go") { !FileManager.default.fileExists(atPath: "/sys/class/net/\(veth)") }
            let (_, statusC) = try await podSandbox(r, "net-c", cidr: cidr)
            #expect(statusC.ip == ipA, "the freed address is handed out again")
            // A hostNetwork pod keeps the node's network and says nothing about it.
            let (h, statusH) = try await podSandbox(r, "net-host", cidr: cidr, hostNetwork: true)
            #expect(statusH.network?.mode == .host && !IPv4Range(cidr)!.contains(IPv4.parse(statusH.ip ?? "") ?? 0))
            #expect(!h.warnings.contains { $0.contains("pod network") })
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: "/etc/resolv.conf")) == hostResolv)
    }

    @Test(.enabled(if: enabled, "needs root, python3 and curl"))
    func podsOfTwoNodesReachEachOther() async throws {
        let cidrA = "10.251.2.0/24", cidrB = "10.251.3.0/24"
        defer { Task { await Self.deleteBridge(cidrA); await Self.deleteBridge(cidrB) } }
        try await RuntimeHarness.with { nodeA in
            try await RuntimeHarness.with { nodeB in
                let (a, statusA) = try await podSandbox(nodeA, "cross-a", cidr: cidrA)
                let (b, statusB) = try await podSandbox(nodeB, "cross-b", cidr: cidrB)
                let dirB = temporaryDirectory("web-cross")
                _ = FileManager.default.createFile(atPath: dirB + "/from-node-b", contents: Data())
                _ = try await webServer(nodeB, in: b.sandboxID, directory: dirB)
                let client = try await nodeA.runContainer(nodeA.container("client", ["sleep", "300"], in: a.sandboxID))
                let ipB = try #require(statusB.ip)
                #expect(IPv4Range(cidrA)!.contains(IPv4.parse(statusA.ip ?? "")!))
                try await eventually(.seconds(90), "pod A fetching from pod B") {
                    let got = try? await exec(nodeA, client.containerID, ["curl", "-s", "--max-time", "5", "http://\(ipB):8080/"])
                    return got?.exitCode == 0 && got?.stdout.contains("from-node-b") == true
                }
                // Nothing beyond the cluster's ranges: no route out of the machine (asked of the
                // pod's routing table; nothing is sent).
                let outside = try await exec(nodeA, client.containerID, ["ip", "route", "get", "203.0.113.7"])
                #expect(outside.exitCode != 0 && outside.stderr.contains("unreachable"), "\(outside)")
                let inside = try await exec(nodeA, client.containerID, ["ip", "route", "get", ipB])
                #expect(inside.exitCode == 0 && inside.stdout.contains("via 10.251.2.1 dev eth0"), "\(inside)")
            }
        }
    }

    @Test(.enabled(if: enabled, "needs root, python3 and curl"))
    func aPodWhoseNetworkCannotBeSetUpUsesTheNodesAndSaysWhy() async throws {
        // The range's bridge name taken by an interface that is no bridge: the veth cannot join it.
        let cidr = "10.251.5.0/24", name = IPv4Range(cidr)!.bridgeName
        let made = try await Self.host(["/usr/sbin/ip", "link", "add", name, "type", "veth", "peer", "name", "skt\(name.suffix(8))"])
        try #require(made.status == 0)
        defer { Task { await Self.deleteBridge(cidr) } }
        try await RuntimeHarness.with { r in
            let dns = M.DNSConfig(servers: ["10.96.0.10"], searches: ["default.svc.cluster.local"], options: ["ndots:5"])
            let (reply, status) = try await podSandbox(r, "broken-net", cidr: cidr, dns: dns)
            #expect(status.network?.mode == .host && status.network?.reason?.hasPrefix("cannot set up the pod's network") == true,
                    "\(String(describing: status.network))")
            #expect(reply.warnings.contains { $0.hasPrefix("pod network: the pod uses the node's network") && $0.contains("cannot set up") },
                    "\(reply.warnings)")
            #expect(!IPv4Range(cidr)!.contains(IPv4.parse(status.ip ?? "") ?? 0))
            // The pod still runs, with its other namespaces.
            let c = try await r.runContainer(r.container("main", ["sh", "-c", "hostname; exec sleep 300"], in: reply.sandboxID))
            try await eventually(.seconds(90), "the container's output") {
                (try? String(contentsOfFile: c.config.logPath, encoding: .utf8))?.contains("stdout F broken-net") ?? false
            }
            // In the node's network it keeps the node's resolv.conf.
            let resolv: M.ExecResponse = try await r.call(M.Method.exec, M.ExecRequest(containerID: c.containerID, command: ["cat", "/etc/resolv.conf"],
                                                                                       timeoutSeconds: 10))
            #expect(resolv.stdout == (try String(contentsOfFile: "/etc/resolv.conf", encoding: .utf8)))
            #expect(!FileManager.default.fileExists(atPath: "/sys/class/net/\(vethName(reply.sandboxID))"))
        }
    }

    @Test(.enabled(if: enabled, "needs root, python3 and curl"))
    func aRestartedRuntimeDoesNotHandOutAnAddressInUse() async throws {
        let cidr = "10.251.4.0/24"
        defer { Task { await Self.deleteBridge(cidr) } }
        let root = temporaryDirectory("runtime-ipam")
        let first = try await RuntimeHarness.start(root: root)
        let (_, one) = try await podSandbox(first, "keep", cidr: cidr)
        try await first.stop()
        try await RuntimeHarness.with(root: root) { r in
            let (_, two) = try await podSandbox(r, "next", cidr: cidr)
            #expect(one.ip != nil && two.ip != nil && one.ip != two.ip, "\(String(describing: one.ip)) vs \(String(describing: two.ip))")
        }
    }

    @Test(.enabled(if: enabled, "needs root, python3 and curl"))
    func volumesAreMountedInTheContainersOwnMountNamespace() async throws {
        try await RuntimeHarness.with { r in
            let sandbox = try await r.runSandbox("vol")
            let shared = temporaryDirectory("empty-dir"), config = temporaryDirectory("config")
            try Data("from the configmap\n".utf8).write(to: URL(fileURLWithPath: config + "/app.conf"))
            let tag = String(UInt32.random(in: 0...UInt32.max), radix: 16)
            // Mount points missing on the host: made in the container's scratch overlay only.
            let data = "/skiff-test-data-\(tag)", file = "/etc/skiff-test-\(tag).conf", ro = "/skiff-test-ro-\(tag)/deep"
            let mounts = [M.Mount(hostPath: shared, containerPath: data), M.Mount(hostPath: config + "/app.conf", containerPath: file, readOnly: true),
                          M.Mount(hostPath: config, containerPath: ro, readOnly: true)]
            var writer = r.container("writer", ["sh", "-c", "echo written-by-writer > \(data)/msg; cat \(file); exec sleep 300"], in: sandbox.sandboxID)
            writer.config.mounts = mounts
            let w = try await r.runContainer(writer)
            var reader = r.container("reader", ["sh", "-c", "while [ ! -s \(data)/msg ]; do sleep 0.1; done; cat \(data)/msg; exec sleep 300"],
                                     in: sandbox.sandboxID)
            reader.config.mounts = [M.Mount(hostPath: shared, containerPath: data, readOnly: true)]
            let rd = try await r.runContainer(reader)
            try await eventually(.seconds(90), "the reader to print what the writer wrote") {
                (try? String(contentsOfFile: rd.config.logPath, encoding: .utf8))?.contains("stdout F written-by-writer") ?? false
            }
            #expect(try String(contentsOfFile: w.config.logPath, encoding: .utf8).contains("stdout F from the configmap"))
            #expect(try String(contentsOfFile: shared + "/msg", encoding: .utf8) == "written-by-writer\n")
            // readOnly is enforced; the writable mount is writable from exec too.
            let refused = try await exec(r, rd.containerID, ["sh", "-c", "echo x > \(data)/other"])
            #expect(refused.exitCode != 0 && refused.stderr.contains("Read-only"), "\(refused)")
            let refusedDeep = try await exec(r, w.containerID, ["sh", "-c", "echo x > \(ro)/new"])
            #expect(refusedDeep.exitCode != 0 && refusedDeep.stderr.contains("Read-only"), "\(refusedDeep)")
            let allowed = try await exec(r, w.containerID, ["sh", "-c", "echo y > \(data)/second && cat \(ro)/app.conf"])
            #expect(allowed.exitCode == 0 && allowed.stdout == "from the configmap\n", "\(allowed)")
            #expect(FileManager.default.fileExists(atPath: shared + "/second"))
            #expect(!FileManager.default.fileExists(atPath: shared + "/other"))
            // Nothing leaked to the host: no mount point made there, no mount visible.
            for path in [data, file, "/skiff-test-ro-\(tag)"] {
                #expect(!FileManager.default.fileExists(atPath: path), "\(path) exists on the host")
            }
            #expect(!(try String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)).contains(tag))
            // A relative mount path is refused with a clear error.
            var bad = r.container("bad", ["true"], in: sandbox.sandboxID)
            bad.config.mounts = [M.Mount(hostPath: shared, containerPath: "data")]
            await #expect(throws: (any Error).self) { let _: M.ContainerRef = try await r.call(M.Method.createContainer, bad) }
        }
    }
}

func vethName(_ sandboxID: String) -> String { "skv" + sandboxID.prefix(12) }

/// The address allocator and range arithmetic: pure.
struct IPv4RangeTests {
    @Test func rangesParseAndRejectNonsense() {
        let r = IPv4Range("10.244.3.77/24")
        #expect(r?.description == "10.244.3.0/24" && r?.gateway == IPv4.parse("10.244.3.1"))
        #expect(r?.bridgeName == "skiff0af40300" && r!.bridgeName.count <= 15)
        for bad in ["10.244.3.0", "10.244.3.0/33", "10.244.300.0/24", "a.b.c.d/8", "10.244.3/24", "/24", "10.0.0.0/-1"] {
            #expect(IPv4Range(bad) == nil, "\(bad)")
        }
    }

    @Test func theLowestFreeAddressIsHandedOutNeverTheGatewayOrBroadcast() {
        let r = IPv4Range("10.9.0.0/30")!
        #expect(r.allocate(used: []) == "10.9.0.2")
        #expect(r.allocate(used: ["10.9.0.2"]) == nil, "a /30 has one pod address")
        let big = IPv4Range("10.9.1.0/24")!
        #expect(big.allocate(used: ["10.9.1.2", "10.9.1.3"]) == "10.9.1.4")
        #expect(big.allocate(used: ["10.9.1.3"]) == "10.9.1.2")
        let all = Set((2...254).map { "10.9.1.\($0)" })
        #expect(big.allocate(used: all) == nil)
        #expect(IPv4Range("10.9.2.0/31")!.allocate(used: []) == nil)
    }
}
