import ArgumentParser
import Client
import Foundation
import Resources
#if canImport(Glibc)
import Glibc
#endif

/// `skiff bench proxy`: short HTTP requests through `skiff proxy` and straight to the endpoint,
/// in the same run, on loopback (issue 7, "Speed"). Starts a store, an API server and a proxy of
/// its own (`--no-root-features`: the node port on 127.0.0.1, so nothing leaves loopback and no
/// root is needed), an HTTP server in this process (a thread per connection, a fixed 2-byte
/// body), and a load generator of `--connections` keep-alive connections, each on a thread of
/// its own sending one request at a time. Phases alternate direct / proxied `--rounds` times;
/// figures are requests/s and latency percentiles per mode, and their ratios.
struct BenchProxy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy",
        abstract: "Benchmark skiff proxy: HTTP requests/s and p50/p99 through the proxy vs straight to the endpoint."
    )

    @Option(help: "Concurrent keep-alive connections.")
    var connections = 16

    @Option(help: "Seconds per measured phase.")
    var duration = 5.0

    @Option(help: "Direct/proxied phase pairs (alternated, summed).")
    var rounds = 2

    @Option(help: "The skiff executable to start (default: this one).")
    var skiffBin: String?

    static func note(_ text: String) { Console.error("bench proxy: " + text) }

    func run() async throws {
        guard connections > 0, duration > 0, rounds > 0 else { throw BenchError("--connections, --duration and --rounds must be positive") }
        let server = try HTTPBenchServer()
        let executable = skiffBin ?? BenchStore.ownExecutable()
        var cluster = try BenchCluster(executable: executable, name: "proxy")
        var report: [(String, BenchJSON)] = []
        do {
            try await cluster.startMaster()
            let client = try await APIClient(endpoints: [cluster.apiRPC])
            let service = try await client.call(APIRequest(.create, resource: "services", namespace: "default", body: try JSON.parse(
                #"{"metadata":{"name":"bench"},"spec":{"type":"NodePort","ports":[{"name":"http","port":80,"targetPort":\#(server.port)}]}}"#))).object()
            let nodePort = Int(service["spec"]?["ports"]?[0]?["nodePort"]?.int ?? 0)
            _ = try await client.call(APIRequest(.create, group: "discovery.k8s.io", resource: "endpointslices", namespace: "default", body: try JSON.parse(
                #"{"metadata":{"name":"bench-1","labels":{"kubernetes.io/service-name":"bench"}},"addressType":"IPv4","endpoints":[{"addresses":["127.0.0.1"],"conditions":{"ready":true}}],"ports":[{"name":"http","port":\#(server.port),"protocol":"TCP"}]}"#)))
            await client.close()
            try await cluster.launch("proxy", ["proxy", "--node-name", "bench", "--api", cluster.apiRPC, "--api-events", cluster.apiEvents,
                                               "--no-root-features"])
            let proxyPID = cluster.process("proxy")?.pid ?? 0
            // The proxy is ready once it answers on the node port.
            let deadline = ContinuousClock.now + .seconds(60)
            while (await onThread("probe") { LoadGenerator.probe(port: nodePort) }) == false {
                guard ContinuousClock.now < deadline else { throw BenchError("the proxy never answered on 127.0.0.1:\(nodePort)") }
                try await Task.sleep(for: .milliseconds(50))
            }
            Self.note("endpoint 127.0.0.1:\(server.port), node port 127.0.0.1:\(nodePort); \(connections) connections, \(rounds) × \(duration) s per mode")
            _ = await LoadGenerator.run(port: server.port, connections: connections, seconds: 1)  // warm-up
            _ = await LoadGenerator.run(port: nodePort, connections: connections, seconds: 1)
            var direct = LoadGenerator.Result(), proxied = LoadGenerator.Result()
            var proxyCPU = 0.0
            for round in 1...rounds {
                Self.note("round \(round): direct…")
                direct.merge(await LoadGenerator.run(port: server.port, connections: connections, seconds: duration))
                Self.note("round \(round): through the proxy…")
                let before = BenchCluster.cpuSeconds(pid: proxyPID)
                proxied.merge(await LoadGenerator.run(port: nodePort, connections: connections, seconds: duration))
                proxyCPU += BenchCluster.cpuSeconds(pid: proxyPID) - before
            }
            // Endpoint changes: the slice is switched between two servers; the time from the
            // update call to the first new connection answered by the new one.
            let other = try HTTPBenchServer(body: "k2")
            defer { other.stop() }
            let updater = try await APIClient(endpoints: [cluster.apiRPC])
            var switches: [UInt64] = []
            for i in 0..<10 {
                let (target, body) = i % 2 == 0 ? (other.port, "k2") : (server.port, "ok")
                let slice = try await updater.call(APIRequest(.get, group: "discovery.k8s.io", resource: "endpointslices", namespace: "default", name: "bench-1")).object()
                var updated = slice
                updated["ports"] = try JSON.parse(#"[{"name":"http","port":\#(target),"protocol":"TCP"}]"#)
                let t0 = BenchClock.now()
                _ = try await updater.call(APIRequest(.update, group: "discovery.k8s.io", resource: "endpointslices", namespace: "default", name: "bench-1", body: updated))
                while (await onThread("switch") { LoadGenerator.body(port: nodePort) }) != body {
                    guard BenchClock.now() - t0 < 30_000_000_000 else { throw BenchError("the proxy did not follow an endpoint change in 30 s") }
                }
                switches.append(BenchClock.now() - t0)
            }
            await updater.close()
            let change = LatencySummary(switches)
            let d = LatencySummary(direct.latencies), p = LatencySummary(proxied.latencies)
            let directRPS = Double(direct.requests) / direct.seconds, proxiedRPS = Double(proxied.requests) / proxied.seconds
            func mode(_ r: LoadGenerator.Result, _ rps: Double, _ l: LatencySummary) -> BenchJSON {
                .object([("requests", .int(r.requests)), ("errors", .int(r.errors)), ("requests_per_s", .number(rps, digits: 0)),
                         ("latency", l.json)])
            }
            report = [
                ("machine", .object([("cpus", .int(ProcessInfo.processInfo.activeProcessorCount))])),
                ("connections", .int(connections)), ("seconds_per_mode", .number(duration * Double(rounds), digits: 1)),
                ("direct", mode(direct, directRPS, d)),
                ("proxied", mode(proxied, proxiedRPS, p)),
                ("throughput_ratio", .ratio(proxiedRPS, directRPS)),
                ("p50_added_us", .number((p.p50 - d.p50) / 1000, digits: 1)),
                ("p99_added_us", .number((p.p99 - d.p99) / 1000, digits: 1)),
                ("proxy_cpu_seconds", .number(proxyCPU, digits: 2)),
                ("endpoint_change_ms", .object([("p50", .number(change.p50 / 1e6, digits: 1)), ("max", .number(change.max / 1e6, digits: 1)),
                                                ("changes", .int(change.count))])),
                ("goal", .string("throughput_ratio >= 0.70, p99_added_us < 1000")),
            ]
        } catch {
            server.stop()
            await cluster.stop()
            throw error
        }
        server.stop()
        await cluster.stop()
        print(BenchJSON.object(report).render())
    }
}

/// Blocking-socket helpers of the benchmark (dedicated threads only, never the pool).
enum BenchSocket {
    static func loopback(port: Int) -> sockaddr_in {
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_addr.s_addr = inet_addr("127.0.0.1")
        a.sin_port = UInt16(port).bigEndian
        return a
    }

    static func connect(port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var a = loopback(port: port)
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
        var a = BenchSocket.loopback(port: 0)
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
    static func probe(port: Int) -> Bool {
        guard let fd = BenchSocket.connect(port: port) else { return false }
        defer { close(fd) }
        var tv = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        return exchange(fd)
    }

    /// The body of one response on a new connection (nil on failure).
    static func body(port: Int) -> String? {
        guard let fd = BenchSocket.connect(port: port) else { return nil }
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

    static func run(port: Int, connections: Int, seconds: Double) async -> Result {
        let start = BenchClock.now()
        let end = start + BenchClock.nanos(seconds)
        var total = await withTaskGroup(of: Result.self) { group in
            for i in 0..<connections {
                group.addTask { await onThread("load-\(i)") { connection(port: port, until: end) } }
            }
            var total = Result()
            for await r in group { total.merge(r) }
            return total
        }
        total.seconds = Double(BenchClock.now() - start) / 1e9
        return total
    }

    /// One keep-alive connection's requests until `end` (reconnecting after an error).
    static func connection(port: Int, until end: UInt64) -> Result {
        var r = Result()
        r.latencies.reserveCapacity(200_000)
        var fd = BenchSocket.connect(port: port)
        while BenchClock.now() < end {
            guard let open = fd else { r.errors += 1; fd = BenchSocket.connect(port: port); continue }
            let t0 = BenchClock.now()
            if exchange(open) {
                r.latencies.append(BenchClock.now() - t0)
                r.requests += 1
            } else {
                r.errors += 1
                close(open)
                fd = BenchSocket.connect(port: port)
            }
        }
        if let fd { close(fd) }
        return r
    }
}
