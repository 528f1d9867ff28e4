import Client
import Foundation
import Resources
import SkiffTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `skiff proxy` as a real process against a real store and API server, with real HTTP servers
/// as endpoints, asked by the real curl and dig. Each test uses a service range of its own
/// (a random /24 inside 10.96.0.0/12) and a device of its own, both removed at the end.
@Suite(.serialized) struct ProcessTests {
    static var isRoot: Bool { geteuid() == 0 }

    struct Setup {
        let cluster: TestCluster
        let client: APIClient
        let device: String
        let range: String
        /// The nth address of the range.
        let prefix: String
    }

    static func start() async throws -> Setup {
        let third = Int.random(in: 0...255), second = Int.random(in: 100...111)
        let prefix = "10.\(second).\(third)."
        let cluster = try await TestCluster.start(apiserverArguments: ["--service-cluster-ip-range", "\(prefix)0/24"])
        let client = try await APIClient(endpoints: [cluster.apiRPC])
        return Setup(cluster: cluster, client: client, device: "skt-\(shortID())", range: "\(prefix)0/24", prefix: prefix)
    }

    static func proxy(_ s: Setup, node: String, _ extra: [String] = []) throws -> ChildProcess {
        try ChildProcess(skiff: ["proxy", "--node-name", node, "--api", s.cluster.apiRPC, "--api-events", s.cluster.apiEvents,
                                 "--device", s.device, "--nft-table", s.device] + extra)
    }

    static func finish(_ s: Setup, _ processes: [ChildProcess], servers: [WhoServer]) async throws -> [Int32] {
        for server in servers { await server.stop() }
        await s.client.close()
        let statuses = try await s.cluster.stop(also: processes.filter(\.isRunning))
        _ = try? await Run.ip(["link", "del", s.device])
        if Run.hasNft { _ = try? await Run.command(Run.nft, ["delete", "table", "ip", s.device]) }
        return statuses
    }

    @Test(.enabled(if: isRoot, "ClusterIPs as local addresses need root (CAP_NET_ADMIN)"))
    func clusterIPAndNodePortAsRoot() async throws {
        let s = try await Self.start()
        let port = freePort()
        let a = try await WhoServer(name: "a", ip: "127.0.0.2", port: port)
        let b = try await WhoServer(name: "b", ip: "127.0.0.3", port: port)
        let c = try await WhoServer(name: "c", ip: "127.0.0.4", port: port)
        let proxy = try Self.proxy(s, node: "node-1")
        var second: ChildProcess?
        do {
            let ready = readyFields(try await proxy.line(containing: "skiff proxy ready"))
            #expect(ready["mode"] == (Run.hasNft ? "nftables" : "userspace") && ready["node-ports"] == "0.0.0.0"
                && ready["cluster-ips"] == s.device)

            let web = try await Objects.create(s.client, "services", #"""
            {"metadata":{"name":"web"},"spec":{"type":"NodePort","ports":[{"name":"http","port":80,"targetPort":\#(port)}]}}
            """#)
            let clusterIP = web["spec"]?["clusterIP"]?.string ?? ""
            let nodePort = web["spec"]?["ports"]?[0]?["nodePort"]?.int ?? 0
            #expect(clusterIP.hasPrefix(s.prefix) && nodePort >= 30000)
            _ = try await Objects.create(s.client, group: "discovery.k8s.io", "endpointslices",
                                         Objects.slice("web-1", service: "web", ips: ["127.0.0.2", "127.0.0.3", "127.0.0.4"], port: port))

            // Through the ClusterIP (a local address on the device now) and the node port, spread over all three.
            let viaClusterIP = "http://\(clusterIP)/who"
            try await Run.waitForAddress(clusterIP, on: s.device)
            try await eventually(.seconds(90), "an answer through the ClusterIP") {
                ["a", "b", "c"].contains((try? await Run.curl(viaClusterIP))?.stdout ?? "")
            }
            #expect(Set(try await Run.answers(viaClusterIP, count: 12)) == ["a", "b", "c"])
            if Run.hasNft {
                // The kernel carried those connections (the service chain counts one packet per connection).
                #expect(try await Run.nftPackets(table: s.device, chain: "svc/default/web/http/tcp") >= 12)
            }
            #expect(Set(try await Run.answers("http://127.0.0.1:\(nodePort)/who", count: 12)) == ["a", "b", "c"])

            // An endpoint leaves the slice: no more traffic to it, soon. (How soon is for a
            // benchmark; the bound only tells the stream from a missed update.)
            let started = ContinuousClock.now
            try await Objects.setSlice(s.client, "web-1", service: "web", ips: ["127.0.0.2", "127.0.0.3"], port: port)
            try await eventually(.seconds(90), "c to leave") {
                (try? await Run.answers(viaClusterIP, count: 6)).map { !$0.contains("c") && !$0.isEmpty } ?? false
            }
            #expect(ContinuousClock.now - started < .seconds(20))
            #expect(Set(try await Run.answers(viaClusterIP, count: 12)) == ["a", "b"])

            // A second node's proxy on the same host shares the addresses and ports (SO_REUSEPORT).
            let p2 = try Self.proxy(s, node: "node-2")
            second = p2
            _ = try await p2.line(containing: "skiff proxy ready")
            // ClientIP affinity: every request from this host goes to the same endpoint, whichever of
            // the two proxies the kernel hands the connection to.
            var service = try await s.client.call(APIRequest(.get, resource: "services", namespace: "default", name: "web")).object()
            service["spec"]?["sessionAffinity"] = .string("ClientIP")
            _ = try await s.client.call(APIRequest(.update, resource: "services", namespace: "default", name: "web", body: service))
            try await eventually(.seconds(90), "affinity") {
                (try? await Run.answers(viaClusterIP, count: 8)).map { Set($0).count == 1 } ?? false
            }
            #expect(Set(try await Run.answers(viaClusterIP, count: 20)).count == 1)
            #expect(p2.stderr.contains("listener=tcp:\(clusterIP):80") && !p2.stderr.contains("cannot listen"))

            // Stopping the first leaves the service reachable through the second.
            proxy.send(SIGTERM)
            #expect(try await proxy.exit() == 0)
            #expect(try await Run.ip(["-4", "-o", "addr", "show", "dev", s.device]).stdout.contains("inet \(clusterIP)/32"))
            #expect(["a", "b"].contains(try await Run.curl(viaClusterIP).stdout))
            #expect(["a", "b"].contains(try await Run.curl("http://127.0.0.1:\(nodePort)/who").stdout))

            // A vanished endpoint (its server gone, the slice not yet updated) fails fast: the
            // connection is reset, not left to time out.
            try await Objects.setSlice(s.client, "web-1", service: "web", ips: ["127.0.0.4"], port: port)
            try await eventually(.seconds(90), "only c") { (try? await Run.curl(viaClusterIP).stdout) == "c" }
            await c.stop()
            let refused = try await Run.curl(viaClusterIP, maxTime: 30)
            #expect(refused.status != 0 && refused.status != 28, "curl exit \(refused.status) (28 is a timeout)")

            // The service goes: its address leaves the device, its listeners close. (Nothing is sent
            // to the address once it is no longer local: it would be routed off the machine.)
            _ = try await s.client.call(APIRequest(.delete, resource: "services", namespace: "default", name: "web"))
            try await Run.waitForAddress(clusterIP, on: s.device, present: false)
            try await eventually(.seconds(90), "the listeners to close") {
                p2.stderr.contains("listener=tcp:\(clusterIP):80 service=default/web:http/TCP [Proxy] closed")
                    && p2.stderr.contains("listener=tcp:0.0.0.0:\(nodePort) service=default/web:http/TCP [Proxy] closed")
            }
            #expect(try await Run.curl("http://127.0.0.1:\(nodePort)/who", maxTime: 5).status == 7)  // refused

            // --cleanup takes the device and its addresses away, and the kernel table.
            let cleanup = try await ChildProcess.run(["proxy", "--cleanup", "--device", s.device, "--nft-table", s.device])
            #expect(cleanup.status == 0 && cleanup.stdout.contains("skiff proxy cleanup removed=\(s.device) table=\(s.device)"))
            #expect(try await Run.ip(["link", "show", "dev", s.device]).status != 0)
            if Run.hasNft { #expect(try await Run.command(Run.nft, ["list", "table", "ip", s.device]).status != 0) }
        } catch {
            Issue.record("\(error)\nproxy stderr:\n\(proxy.stderr)\nsecond:\n\(second?.stderr ?? "")")
        }
        let statuses = try await Self.finish(s, [proxy] + (second.map { [$0] } ?? []), servers: [a, b, c])
        #expect(statuses.allSatisfy { $0 == 0 }, "exit statuses \(statuses)")
    }

    @Test(.enabled(if: isRoot, "needs root for the ClusterIP address"))
    func clusterDNSOverUDPAndTCP() async throws {
        let s = try await Self.start()
        let dnsIP = s.prefix + "10"
        let dns = try ChildProcess(skiff: ["dns", "--listen", "127.0.0.1:0", "--api", s.cluster.apiRPC, "--api-events", s.cluster.apiEvents,
                                           "--upstream", "none", "--cluster-ip", dnsIP])
        let proxy = try Self.proxy(s, node: "node-1")
        do {
            let ready = readyFields(try await dns.line(containing: "skiff dns ready"))
            #expect(ready["service-ip"] == dnsIP)
            _ = try await proxy.line(containing: "skiff proxy ready")
            // skiff dns published itself as kube-system/kube-dns with its own address as the endpoint.
            let kubeDNS = try await s.client.call(APIRequest(.get, resource: "services", namespace: "kube-system", name: "kube-dns")).object()
            #expect(kubeDNS["spec"]?["clusterIP"]?.string == dnsIP)
            let web = try await Objects.create(s.client, "services", #"{"metadata":{"name":"web"},"spec":{"ports":[{"port":80}]}}"#)
            let webIP = web["spec"]?["clusterIP"]?.string ?? "?"
            try await Run.waitForAddress(dnsIP, on: s.device)
            for transport in ["+notcp", "+tcp"] {
                try await eventually(.seconds(90), "dig \(transport) @\(dnsIP)") {
                    let out = try? await Run.command("/usr/bin/dig", ["@\(dnsIP)", transport, "+short", "+time=2", "+tries=1",
                                                                      "web.default.svc.cluster.local"])
                    return out?.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == webIP
                }
            }
            // A second start of skiff dns leaves one set of objects (idempotent).
            let again = try ChildProcess(skiff: ["dns", "--listen", "127.0.0.1:0", "--api", s.cluster.apiRPC, "--api-events",
                                                 s.cluster.apiEvents, "--upstream", "none", "--cluster-ip", dnsIP])
            let port2 = readyFields(try await again.line(containing: "skiff dns ready"))["listen"]?.split(separator: ":").last.map(String.init) ?? ""
            let endpoints = try await s.client.call(APIRequest(.get, resource: "endpoints", namespace: "kube-system", name: "kube-dns")).object()
            #expect(endpoints["subsets"]?[0]?["ports"]?[0]?["port"]?.int.map(String.init) == port2)
            again.send(SIGTERM)
            #expect(try await again.exit() == 0)
        } catch {
            Issue.record("\(error)\nproxy stderr:\n\(proxy.stderr)\ndns stderr:\n\(dns.stderr)")
        }
        let statuses = try await Self.finish(s, [proxy, dns], servers: [])
        #expect(statuses.allSatisfy { $0 == 0 }, "exit statuses \(statuses)")
    }

    /// Names for a pod-like namespace of a test's own: namespace, host and pod ends of its veth,
    /// and a /24 prefix (`10.250.<n>.`).
    static func podNames() -> (netns: String, hostSide: String, podSide: String, subnet: String) {
        let id = shortID()
        return ("skt-pod-\(id)", "skh\(id)", "skp\(id)", "10.250.\(Int.random(in: 0...255)).")
    }

    /// A pod-like namespace: a veth pair, the host side (`<subnet>1`) as its gateway, the service
    /// range routed through it.
    static func podNamespace(_ netns: String, hostSide: String, podSide: String, subnet: String) async throws {
        for command in [["netns", "add", netns], ["link", "add", hostSide, "type", "veth", "peer", "name", podSide],
                        ["link", "set", podSide, "netns", netns], ["addr", "add", "\(subnet)1/29", "dev", hostSide],
                        ["link", "set", hostSide, "up"],
                        ["-n", netns, "addr", "add", "\(subnet)2/29", "dev", podSide], ["-n", netns, "link", "set", podSide, "up"],
                        ["-n", netns, "link", "set", "lo", "up"], ["-n", netns, "route", "add", "10.96.0.0/12", "via", "\(subnet)1"]] {
            let r = try await Run.ip(command)
            #expect(r.status == 0, "ip \(command.joined(separator: " "))")
        }
    }

    /// Creates the Service `web` (port 80, named `http`) with one endpoint, and waits until the
    /// pod namespace gets the answer of server "a" through its ClusterIP; returns the ClusterIP.
    static func webReachedFromPod(_ s: Setup, endpoint: String, port: Int, netns: String) async throws -> String {
        let web = try await Objects.create(s.client, "services", #"{"metadata":{"name":"web"},"spec":{"ports":[{"name":"http","port":80}]}}"#)
        let clusterIP = web["spec"]?["clusterIP"]?.string ?? "?"
        _ = try await Objects.create(s.client, group: "discovery.k8s.io", "endpointslices",
                                     Objects.slice("web-1", service: "web", ips: [endpoint], port: port))
        try await Run.waitForAddress(clusterIP, on: s.device)
        try await eventually(.seconds(90), "the pod namespace to reach the ClusterIP") {
            (try? await Run.curl("http://\(clusterIP)/who", netns: netns))?.stdout == "a"
        }
        return clusterIP
    }

    /// The userspace data path from a pod: connect timeout, fall-over to the next endpoint, reset.
    @Test(.enabled(if: isRoot, "network namespaces need root"))
    func podNamespaceReachesClusterIP() async throws {
        let s = try await Self.start()
        let (netns, hostSide, podSide, subnet) = Self.podNames()
        let port = freePort()
        let a = try await WhoServer(name: "a", ip: "127.0.0.2", port: port)
        let proxy = try Self.proxy(s, node: "node-1", ["--mode", "userspace"])
        do {
            _ = try await proxy.line(containing: "skiff proxy ready")
            try await Self.podNamespace(netns, hostSide: hostSide, podSide: podSide, subnet: subnet)
            let clusterIP = try await Self.webReachedFromPod(s, endpoint: "127.0.0.2", port: port, netns: netns)

            // An endpoint that vanished from the network (no host answers ARP for .3 on the veth):
            // the connect times out after 1 s and the next endpoint serves the request …
            let blackhole = "\(subnet)3"
            try await Objects.setSlice(s.client, "web-1", service: "web", ips: [blackhole, "127.0.0.2"], port: port)
            try await eventually(.seconds(90), "the blackholed endpoint in the slice") {
                proxy.stderr.contains("endpoints=[\"\(blackhole):\(port)\"")
            }
            #expect(try await Run.answers("http://\(clusterIP)/who", count: 4) == ["a", "a", "a", "a"])
            // … and with no other endpoint the client is reset, well before its own 10 s limit.
            try await Objects.setSlice(s.client, "web-1", service: "web", ips: [blackhole], port: port)
            try await eventually(.seconds(90), "only the blackholed endpoint") {
                proxy.stderr.contains("endpoints=[\"\(blackhole):\(port)\"]")
            }
            let reset = try await Run.curl("http://\(clusterIP)/who", maxTime: 10)
            #expect(reset.status != 0 && reset.status != 28, "curl exit \(reset.status) (28 is its own timeout)")
        } catch {
            Issue.record("\(error)\nproxy stderr:\n\(proxy.stderr)")
        }
        _ = try? await Run.ip(["netns", "del", netns])
        _ = try? await Run.ip(["link", "del", hostSide])
        let statuses = try await Self.finish(s, [proxy], servers: [a])
        #expect(statuses.allSatisfy { $0 == 0 }, "exit statuses \(statuses)")
    }

    /// nftables mode from a pod: the ClusterIP is rewritten in prerouting to an endpoint off
    /// loopback; an endpoint change is followed; a service that gets session affinity leaves the
    /// kernel for the userspace listener, which still answers.
    @Test(.enabled(if: isRoot && Run.hasNft, "nftables mode needs root and nft"))
    func podNamespaceThroughTheKernel() async throws {
        let s = try await Self.start()
        let (netns, hostSide, podSide, subnet) = Self.podNames()
        let port = freePort()
        try await Self.podNamespace(netns, hostSide: hostSide, podSide: podSide, subnet: subnet)
        // Endpoints on the host side of the veth: reachable from the pod without the proxy too.
        let a = try await WhoServer(name: "a", ip: "\(subnet)1", port: port)
        let b = try await WhoServer(name: "b", ip: "127.0.0.2", port: port)
        let proxy = try Self.proxy(s, node: "node-1", ["--mode", "nftables"])
        do {
            let ready = readyFields(try await proxy.line(containing: "skiff proxy ready"))
            #expect(ready["mode"] == "nftables" && ready["table"] == s.device)
            let bridgeCalls = (try? String(contentsOfFile: "/proc/sys/net/bridge/bridge-nf-call-iptables", encoding: .utf8))?
                .hasPrefix("1") ?? false
            #expect(ready["pods"] == (bridgeCalls ? "kernel" : "userspace"))
            let clusterIP = try await Self.webReachedFromPod(s, endpoint: "\(subnet)1", port: port, netns: netns)
            #expect(try await Run.answers("http://\(clusterIP)/who", count: 3) == ["a", "a", "a"])  // from the host too
            if bridgeCalls {
                #expect(try await Run.nftPackets(table: s.device, chain: "svc/default/web/http/tcp") >= 4)
                #expect(try await Run.command(Run.nft, ["list", "map", "ip", s.device, "pod-cluster-ips"]).stdout.contains(clusterIP))
            }

            // A loopback endpoint joins: the host's connections go round robin over both; the
            // pod's go through the userspace listener (the kernel cannot route them to loopback).
            try await Objects.setSlice(s.client, "web-1", service: "web", ips: ["\(subnet)1", "127.0.0.2"], port: port)
            try await eventually(.seconds(90), "both endpoints from the host") {
                (try? await Run.answers("http://\(clusterIP)/who", count: 4)).map { Set($0) == ["a", "b"] } ?? false
            }
            let maps = try await Run.command(Run.nft, ["list", "table", "ip", s.device]).stdout
            #expect(maps.contains("map host-cluster-ips") && maps.components(separatedBy: clusterIP).count == 2, "only the host's map: \(maps)")
            #expect(Set(try await Run.answers("http://\(clusterIP)/who", count: 4)) == ["a", "b"])

            // Session affinity: the kernel lets the service go; the userspace listener sticks each client.
            var service = try await s.client.call(APIRequest(.get, resource: "services", namespace: "default", name: "web")).object()
            service["spec"]?["sessionAffinity"] = .string("ClientIP")
            _ = try await s.client.call(APIRequest(.update, resource: "services", namespace: "default", name: "web", body: service))
            try await eventually(.seconds(90), "the service to leave the kernel table") {
                (try? await Run.command(Run.nft, ["list", "table", "ip", s.device]))?.stdout.contains("svc/default/web") == false
            }
            #expect(Set(try await Run.answers("http://\(clusterIP)/who", count: 8)).count == 1)
            let fromPod = try await Run.curl("http://\(clusterIP)/who", netns: netns)
            #expect(["a", "b"].contains(fromPod.stdout), "from the pod: \(fromPod)")
        } catch {
            Issue.record("\(error)\nproxy stderr:\n\(proxy.stderr)")
        }
        _ = try? await Run.ip(["netns", "del", netns])
        _ = try? await Run.ip(["link", "del", hostSide])
        let statuses = try await Self.finish(s, [proxy], servers: [a, b])
        #expect(statuses.allSatisfy { $0 == 0 }, "exit statuses \(statuses)")
    }

    @Test func withoutRootNodePortsOnLoopback() async throws {
        let s = try await Self.start()
        let port = freePort()
        let a = try await WhoServer(name: "a", ip: "127.0.0.2", port: port)
        // As an unprivileged user when this runs as root (setpriv), else as the user running it.
        let arguments = ["proxy", "--node-name", "node-1", "--api", s.cluster.apiRPC, "--api-events", s.cluster.apiEvents, "--device", s.device]
        let proxy = Self.isRoot && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
            ? try ChildProcess(executable: URL(fileURLWithPath: "/usr/bin/setpriv"),
                               arguments: ["--reuid=65534", "--regid=65534", "--clear-groups", ChildProcess.skiffBinary.path] + arguments,
                               name: "skiff proxy (nobody)")
            : try ChildProcess(skiff: arguments)
        do {
            let ready = readyFields(try await proxy.line(containing: "skiff proxy ready"))
            #expect(ready["mode"] == "loopback" && ready["node-ports"] == "127.0.0.1" && ready["cluster-ips"] == "none")
            #expect(proxy.stderr.contains("node ports listen on 127.0.0.1 only"))
            let web = try await Objects.create(s.client, "services", #"""
            {"metadata":{"name":"web"},"spec":{"type":"NodePort","ports":[{"name":"http","port":80,"protocol":"TCP"}]}}
            """#)
            let nodePort = web["spec"]?["ports"]?[0]?["nodePort"]?.int ?? 0
            _ = try await Objects.create(s.client, group: "discovery.k8s.io", "endpointslices",
                                         Objects.slice("web-1", service: "web", ips: ["127.0.0.2"], port: port))
            try await eventually(.seconds(90), "the node port on loopback") {
                (try? await Run.curl("http://127.0.0.1:\(nodePort)/who"))?.stdout == "a"
            }
            // No ClusterIP addresses: the device was never made.
            #expect(try await Run.ip(["link", "show", "dev", s.device]).status != 0)
        } catch {
            Issue.record("\(error)\nproxy stderr:\n\(proxy.stderr)")
        }
        let statuses = try await Self.finish(s, [proxy], servers: [a])
        #expect(statuses.allSatisfy { $0 == 0 }, "exit statuses \(statuses)")
    }

    @Test func badArgumentsExitWithAMessage() async throws {
        let r = try await ChildProcess.run(["proxy", "--node-name", "n", "--device", "this-name-is-far-too-long"])
        #expect(r.status == 2 && r.stderr.contains("--device must be an interface name"))
        let noNode = try await ChildProcess.run(["proxy", "--api", "tcp://127.0.0.1:1"])
        #expect(noNode.status == 2 && noNode.stderr.contains("--node-name is required"))
        let idle = try await ChildProcess.run(["proxy", "--node-name", "n", "--udp-idle-timeout", "0"])
        #expect(idle.status == 2 && idle.stderr.contains("--udp-idle-timeout must be positive"))
        let table = try await ChildProcess.run(["proxy", "--node-name", "n", "--nft-table", "a;delete"])
        #expect(table.status == 2 && table.stderr.contains("--nft-table must be 1 to 32 letters"))
        let mode = try await ChildProcess.run(["proxy", "--node-name", "n", "--mode", "ipvs"])
        #expect(mode.status != 0 && mode.stderr.contains("ipvs"))
    }
}

/// UDP through a node port (loopback, `--no-root-features`): flows spread over the endpoints, a
/// flow keeps its endpoint, and a flow whose endpoint leaves moves to another one.
@Suite(.serialized) struct UDPProcessTests {
    static let server = """
    import socket, sys
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind((sys.argv[1], int(sys.argv[2])))
    while True:
        d, a = s.recvfrom(2048); s.sendto(sys.argv[3].encode(), a)
    """

    /// `fresh N`: N datagrams from N new sockets (N flows); `keep N`: N from one socket, one per
    /// 100 ms, each answer on a line of its own.
    static let client = """
    import socket, sys, time
    port, mode, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    keep = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for i in range(n):
        s = keep if mode == 'keep' else socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(2); s.sendto(b'who', ('127.0.0.1', port))
        try: print(s.recv(100).decode(), flush=True)
        except Exception: print('-', flush=True)
        if mode == 'keep': time.sleep(0.1)
    """

    static func python(_ script: String, _ arguments: [String], name: String) throws -> ChildProcess {
        try ChildProcess(executable: URL(fileURLWithPath: "/usr/bin/python3"), arguments: ["-u", "-c", script] + arguments, name: name)
    }

    /// Answers to `n` datagrams, each from a new socket.
    @Sendable static func fresh(_ nodePort: Int64, _ n: Int) async throws -> [String] {
        let c = try python(client, ["\(nodePort)", "fresh", "\(n)"], name: "udp-client")
        _ = try await c.exit()
        return c.stdout.split(separator: "\n").map(String.init)
    }

    @Test func flowsSpreadStickAndMove() async throws {
        let s = try await ProcessTests.start()
        let port = freePort()
        let a = try Self.python(Self.server, ["127.0.0.2", "\(port)", "a"], name: "udp-a")
        let b = try Self.python(Self.server, ["127.0.0.3", "\(port)", "b"], name: "udp-b")
        let proxy = try ProcessTests.proxy(s, node: "node-1", ["--no-root-features"])
        var keeper: ChildProcess?
        do {
            _ = try await proxy.line(containing: "skiff proxy ready")
            let web = try await Objects.create(s.client, "services", #"""
            {"metadata":{"name":"echo"},"spec":{"type":"NodePort","ports":[{"name":"echo","port":7,"protocol":"UDP","targetPort":\#(port)}]}}
            """#)
            let nodePort = web["spec"]?["ports"]?[0]?["nodePort"]?.int ?? 0
            _ = try await Objects.create(s.client, group: "discovery.k8s.io", "endpointslices",
                                         Objects.slice("echo-1", service: "echo", ips: ["127.0.0.2", "127.0.0.3"], port: port,
                                                       portName: "echo", transport: "UDP"))
            try await eventually(.seconds(90), "UDP answers through the node port") {
                ["a", "b"].contains((try? await Self.fresh(nodePort, 1))?.first ?? "")
            }
            #expect(Set(try await Self.fresh(nodePort, 10)) == ["a", "b"])

            // One socket, one flow: always the same endpoint …
            let k = try Self.python(Self.client, ["\(nodePort)", "keep", "600"], name: "udp-keeper")
            keeper = k
            try await eventually(.seconds(90), "five answers") { k.stdout.split(separator: "\n").count >= 5 }
            let first = String(k.stdout.split(separator: "\n").first ?? "")
            #expect(first == "a" || first == "b")
            #expect(Set(k.stdout.split(separator: "\n")) == [Substring(first)])
            // … until that endpoint leaves the service: the flow moves to the other.
            let other = first == "a" ? "127.0.0.3" : "127.0.0.2", otherName = first == "a" ? "b" : "a"
            let current = try await s.client.call(APIRequest(.get, group: "discovery.k8s.io", resource: "endpointslices", namespace: "default", name: "echo-1")).object()
            var body = try JSON.parse(Objects.slice("echo-1", service: "echo", ips: [other], port: port, portName: "echo", transport: "UDP"))
            body["metadata"]?["resourceVersion"] = current["metadata"]?["resourceVersion"]
            _ = try await s.client.call(APIRequest(.update, group: "discovery.k8s.io", resource: "endpointslices", namespace: "default", name: "echo-1", body: body))
            try await eventually(.seconds(55), "the flow to move to \(otherName)") {
                k.stdout.split(separator: "\n").last.map(String.init) == otherName
            }
        } catch {
            Issue.record("\(error)\nproxy stderr:\n\(proxy.stderr)")
        }
        for p in [a, b] + (keeper.map { [$0] } ?? []) {
            p.send(SIGKILL)
            _ = try? await p.exit()
        }
        await s.client.close()
        let statuses = try await s.cluster.stop(also: [proxy])
        #expect(statuses.allSatisfy { $0 == 0 }, "exit statuses \(statuses)")
    }
}
