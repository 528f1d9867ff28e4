import ArgumentParser
import Client
import Foundation
import Resources
#if canImport(Glibc)
import Glibc
#endif

/// `skiff bench proxy`: short HTTP requests through `skiff proxy` and straight to the endpoint,
/// in the same run, on loopback (issue 7, "Speed"). Starts a store, an API server and a proxy of
/// its own, an HTTP server in this process (a thread per connection, a fixed 2-byte body) on
/// 127.0.0.1, and a load generator of `--connections` keep-alive connections, each on a thread of
/// its own sending one request at a time. Phases alternate `--rounds` times: direct; through the
/// node port on 127.0.0.1 (the userspace proxy); and — as root with nftables — through the
/// ClusterIP, which the proxy's nftables rules rewrite in the kernel (the bench's service range,
/// device and table are its own, removed at the end). Figures are requests/s and latency
/// percentiles per mode, and their ratios to direct.
struct BenchProxy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy",
        abstract: "Benchmark skiff proxy: HTTP requests/s and p50/p99 through the proxy (userspace and nftables) vs straight to the endpoint."
    )

    @Option(help: "Concurrent keep-alive connections.")
    var connections = 16

    @Option(help: "Seconds per measured phase.")
    var duration = 5.0

    @Option(help: "Phase rounds (each mode once per round, alternated, summed).")
    var rounds = 2

    @Flag(help: "Measure the userspace proxy only (no root needed; the default as root with nft is both).")
    var userspaceOnly = false

    @Option(help: "The skiff executable to start (default: this one).")
    var skiffBin: String?

    static func note(_ text: String) { Console.error("bench proxy: " + text) }

    /// One measured way to the endpoint.
    struct Mode {
        let name: String
        let target: BenchTarget
        var result = LoadGenerator.Result()
        var proxyCPU = 0.0
    }

    func run() async throws {
        guard connections > 0, duration > 0, rounds > 0 else { throw BenchError("--connections, --duration and --rounds must be positive") }
        let kernel = !userspaceOnly && geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/nft")
        let tag = "\(getpid() % 100_000)"
        let device = "skb\(tag)", table = "skiff-bench-\(tag)"
        // A service range of the bench's own (beside any cluster's 10.96.0.0/12 on this host).
        let range = "10.\(Int.random(in: 100...111)).\(Int.random(in: 0...255)).0/24"
        let server = try HTTPBenchServer()
        let executable = skiffBin ?? BenchStore.ownExecutable()
        var cluster = try BenchCluster(executable: executable, name: "proxy")
        var report: [(String, BenchJSON)] = []
        do {
            try await cluster.startMaster(apiserverArguments: kernel ? ["--service-cluster-ip-range", range] : [])
            let client = try await APIClient(endpoints: [cluster.apiRPC])
            let service = try await client.call(APIRequest(.create, resource: "services", namespace: "default", body: try JSON.parse(
                #"{"metadata":{"name":"bench"},"spec":{"type":"NodePort","ports":[{"name":"http","port":80,"targetPort":\#(server.port)}]}}"#))).object()
            let nodePort = Int(service["spec"]?["ports"]?[0]?["nodePort"]?.int ?? 0)
            let clusterIP = service["spec"]?["clusterIP"]?.string ?? ""
            _ = try await client.call(APIRequest(.create, group: "discovery.k8s.io", resource: "endpointslices", namespace: "default", body: try JSON.parse(
                #"{"metadata":{"name":"bench-1","labels":{"kubernetes.io/service-name":"bench"}},"addressType":"IPv4","endpoints":[{"addresses":["127.0.0.1"],"conditions":{"ready":true}}],"ports":[{"name":"http","port":\#(server.port),"protocol":"TCP"}]}"#)))
            await client.close()
            let modeArguments = kernel ? ["--mode", "nftables", "--device", device, "--nft-table", table, "--service-cidr", range]
                                       : ["--no-root-features"]
            try await cluster.launch("proxy", ["proxy", "--node-name", "bench", "--api", cluster.apiRPC, "--api-events", cluster.apiEvents]
                                     + modeArguments)
            let proxyPID = cluster.process("proxy")?.pid ?? 0
            var modes = [Mode(name: "direct", target: BenchTarget(ip: "127.0.0.1", port: server.port)),
                         Mode(name: "userspace", target: BenchTarget(ip: "127.0.0.1", port: nodePort))]
            if kernel { modes.append(Mode(name: "nftables", target: BenchTarget(ip: clusterIP, port: 80))) }
            // The proxy is ready once it answers on every way.
            for mode in modes.dropFirst() {
                let deadline = ContinuousClock.now + .seconds(60)
                while (await onThread("probe") { LoadGenerator.probe(mode.target) }) == false {
                    guard ContinuousClock.now < deadline else { throw BenchError("the proxy never answered on \(mode.target)") }
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            Self.note("endpoint 127.0.0.1:\(server.port); \(modes.dropFirst().map { "\($0.name) \($0.target)" }.joined(separator: ", ")); "
                      + "\(connections) connections, \(rounds) × \(duration) s per mode")
            for mode in modes { _ = await LoadGenerator.run(mode.target, connections: connections, seconds: 1) }  // warm-up
            for round in 1...rounds {
                for i in modes.indices {
                    Self.note("round \(round): \(modes[i].name)…")
                    let before = BenchCluster.cpuSeconds(pid: proxyPID)
                    modes[i].result.merge(await LoadGenerator.run(modes[i].target, connections: connections, seconds: duration))
                    modes[i].proxyCPU += BenchCluster.cpuSeconds(pid: proxyPID) - before
                }
            }
            // Endpoint changes: the slice is switched between two servers; the time from the
            // update call to the first new connection answered by the new one, on each way.
            let other = try HTTPBenchServer(body: "k2")
            defer { other.stop() }
            let updater = try await APIClient(endpoints: [cluster.apiRPC])
            var switches: [String: [UInt64]] = [:]
            for i in 0..<20 {
                // Each update moves the endpoint; the ways take turns, two updates each.
                let mode = modes[1 + (i / 2) % (modes.count - 1)]
                let (target, body) = i % 2 == 0 ? (other.port, "k2") : (server.port, "ok")
                let slice = try await updater.call(APIRequest(.get, group: "discovery.k8s.io", resource: "endpointslices", namespace: "default", name: "bench-1")).object()
                var updated = slice
                updated["ports"] = try JSON.parse(#"[{"name":"http","port":\#(target),"protocol":"TCP"}]"#)
                let t0 = BenchClock.now()
                _ = try await updater.call(APIRequest(.update, group: "discovery.k8s.io", resource: "endpointslices", namespace: "default", name: "bench-1", body: updated))
                while (await onThread("switch") { LoadGenerator.body(mode.target) }) != body {
                    guard BenchClock.now() - t0 < 30_000_000_000 else { throw BenchError("the proxy did not follow an endpoint change in 30 s") }
                }
                switches[mode.name, default: []].append(BenchClock.now() - t0)
            }
            await updater.close()
            let direct = modes[0]
            let d = LatencySummary(direct.result.latencies)
            let directRPS = Double(direct.result.requests) / direct.result.seconds
            report = [
                ("machine", .object([("cpus", .int(ProcessInfo.processInfo.activeProcessorCount))])),
                ("connections", .int(connections)), ("seconds_per_mode", .number(duration * Double(rounds), digits: 1)),
            ]
            for mode in modes {
                let l = LatencySummary(mode.result.latencies)
                let rps = Double(mode.result.requests) / mode.result.seconds
                var fields: [(String, BenchJSON)] = [
                    ("target", .string(mode.target.description)),
                    ("requests", .int(mode.result.requests)), ("errors", .int(mode.result.errors)),
                    ("requests_per_s", .number(rps, digits: 0)), ("latency", l.json)]
                if mode.name != "direct" {
                    let change = LatencySummary(switches[mode.name] ?? [])
                    fields += [("throughput_ratio", .ratio(rps, directRPS)),
                               ("p50_added_us", .number((l.p50 - d.p50) / 1000, digits: 1)),
                               ("p99_added_us", .number((l.p99 - d.p99) / 1000, digits: 1)),
                               ("proxy_cpu_seconds", .number(mode.proxyCPU, digits: 2)),
                               ("endpoint_change_ms", .object([("p50", .number(change.p50 / 1e6, digits: 1)),
                                                               ("max", .number(change.max / 1e6, digits: 1)), ("changes", .int(change.count))]))]
                }
                report.append((mode.name, .object(fields)))
            }
            report.append(("goal", .string("throughput_ratio >= 0.70, p99_added_us < 1000")))
        } catch {
            server.stop()
            await cluster.stop()
            if kernel { await Self.cleanUp(executable, device: device, table: table) }
            throw error
        }
        server.stop()
        await cluster.stop()
        if kernel { await Self.cleanUp(executable, device: device, table: table) }
        print(BenchJSON.object(report).render())
    }

    /// Deletes the bench proxy's device (its ClusterIP with it) and nftables table:
    /// `skiff proxy --cleanup`.
    static func cleanUp(_ executable: String, device: String, table: String) async {
        await onThread("cleanup") {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: executable)
            p.arguments = ["proxy", "--cleanup", "--device", device, "--nft-table", table]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try? p.run()
            p.waitUntilExit()
        }
    }
}

/// Where the load goes: an IPv4 address and a TCP port.
struct BenchTarget: Sendable, CustomStringConvertible {
    var ip: String
    var port: Int
    var description: String { "\(ip):\(port)" }
}

/// Blocking-socket helpers of the benchmark (dedicated threads only, never the pool).
enum BenchSocket {
    static func address(_ target: BenchTarget) -> sockaddr_in {
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_addr.s_addr = inet_addr(target.ip)
        a.sin_port = UInt16(target.port).bigEndian
        return a
    }

    static func connect(_ target: BenchTarget) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var a = address(target)
        let r = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        if r != 0 { close(fd); return nil }
        return fd
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }
}

/// The endpoint: an HTTP/1.1 keep-alive server answering every request with `200 ok`.
final class HTTPBenchServer: Sendable {
    /// The response with a 2-byte body (every server's response has the same length).
    static func response(_ body: String) -> [UInt8] {
        Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\n\(body.prefix(2))".utf8)
    }
    static let responseLength = response("ok").count
    let fd: Int32
    let port: Int

    init(body: String = "ok") throws {
        let response = Self.response(body)
        let sock = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var a = BenchSocket.address(BenchTarget(ip: "127.0.0.1", port: 0))
        let bound = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(sock, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(sock, 1024) == 0 else { throw BenchError("cannot listen on 127.0.0.1: \(String(cString: strerror(errno)))") }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(sock, $0, &len) } }
        fd = sock
        port = Int(UInt16(bigEndian: a.sin_port))
        Thread {
            while true {
                let client = accept(sock, nil, nil)
                if client < 0 { if errno == EINTR || errno == ECONNABORTED { continue } else { return } }
                Thread { Self.serve(client, response) }.start()
            }
        }.start()
    }

    /// Answers each request (headers ending in CRLF CRLF, no body) until the client closes.
    static func serve(_ fd: Int32, _ response: [UInt8]) {
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var buffer = [UInt8](repeating: 0, count: 16384)
        var pending: [UInt8] = []
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            pending.append(contentsOf: buffer[..<n])
            var answers = 0
            while let end = pending.firstRange(of: [13, 10, 13, 10]) {
                answers += 1
                pending.removeSubrange(..<end.upperBound)
            }
            if answers > 0, !BenchSocket.writeAll(fd, Array([[UInt8]](repeating: response, count: answers).joined())) { break }
        }
        close(fd)
    }

    func stop() { shutdown(fd, Int32(SHUT_RDWR)); close(fd) }
}

/// Keep-alive HTTP clients, one thread each, one request in flight per connection.
enum LoadGenerator {
    struct Result: Sendable {
        var requests = 0
        var errors = 0
        var seconds = 0.0
        var latencies: [UInt64] = []

        mutating func merge(_ other: Result) {
            requests += other.requests
            errors += other.errors
            seconds += other.seconds
            latencies += other.latencies
        }
    }

    static let request = Array("GET / HTTP/1.1\r\nHost: bench\r\nUser-Agent: skiff-bench\r\n\r\n".utf8)

    /// One request on a new connection; true when it was answered.
    static func probe(_ target: BenchTarget) -> Bool {
        guard let fd = BenchSocket.connect(target) else { return false }
        defer { close(fd) }
        var tv = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        return exchange(fd)
    }

    /// The body of one response on a new connection (nil on failure).
    static func body(_ target: BenchTarget) -> String? {
        guard let fd = BenchSocket.connect(target) else { return nil }
        defer { close(fd) }
        var tv = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        guard BenchSocket.writeAll(fd, request) else { return nil }
        var got: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 512)
        while got.count < HTTPBenchServer.responseLength {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return nil }
            got += buffer[..<n]
        }
        return String(decoding: got.suffix(2), as: UTF8.self)
    }

    /// Sends one request and reads the whole (fixed-size) response.
    static func exchange(_ fd: Int32) -> Bool {
        guard BenchSocket.writeAll(fd, request) else { return false }
        var got = 0
        var buffer = [UInt8](repeating: 0, count: 512)
        while got < HTTPBenchServer.responseLength {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            got += n
        }
        return true
    }

    static func run(_ target: BenchTarget, connections: Int, seconds: Double) async -> Result {
        let start = BenchClock.now()
        let end = start + BenchClock.nanos(seconds)
        var total = await withTaskGroup(of: Result.self) { group in
            for i in 0..<connections {
                group.addTask { await onThread("load-\(i)") { connection(target, until: end) } }
            }
            var total = Result()
            for await r in group { total.merge(r) }
            return total
        }
        total.seconds = Double(BenchClock.now() - start) / 1e9
        return total
    }

    /// One keep-alive connection's requests until `end` (reconnecting after an error).
    static func connection(_ target: BenchTarget, until end: UInt64) -> Result {
        var r = Result()
        r.latencies.reserveCapacity(200_000)
        var fd = BenchSocket.connect(target)
        while BenchClock.now() < end {
            guard let open = fd else { r.errors += 1; fd = BenchSocket.connect(target); continue }
            let t0 = BenchClock.now()
            if exchange(open) {
                r.latencies.append(BenchClock.now() - t0)
                r.requests += 1
            } else {
                r.errors += 1
                close(open)
                fd = BenchSocket.connect(target)
            }
        }
        if let fd { close(fd) }
        return r
    }
}
