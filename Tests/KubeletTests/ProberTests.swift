import Foundation
@testable import Kubelet
import Testing

/// HTTP GET and TCP probes against real sockets on loopback.
@Suite struct ProberTests {
    /// A listener on a free loopback port answering each connection with `response`, on a
    /// thread of its own; returns the port and the socket (``stop(_:)`` ends it).
    static func serve(_ response: String) throws -> (port: Int, fd: Int32) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        listen(fd, 8)
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        Thread {
            while true {
                let c = accept(fd, nil, nil)
                if c < 0 {
                    close(fd)  // here, not in stop(): the number is not reused while this thread may accept on it
                    return
                }
                var buffer = [UInt8](repeating: 0, count: 1024)
                _ = buffer.withUnsafeMutableBytes { recv(c, $0.baseAddress, $0.count, 0) }
                let bytes = Array(response.utf8)
                _ = bytes.withUnsafeBytes { send(c, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                close(c)
            }
        }.start()
        return (Int(UInt16(bigEndian: addr.sin_port)), fd)
    }

    static func stop(_ servers: (port: Int, fd: Int32)...) {
        for s in servers { shutdown(s.fd, Int32(SHUT_RDWR)) }
    }

    @Test func httpStatusDecides() throws {
        let ok = try Self.serve("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        let redirect = try Self.serve("HTTP/1.1 302 Found\r\n\r\n")
        let broken = try Self.serve("HTTP/1.1 503 Service Unavailable\r\n\r\n")
        defer { Self.stop(ok, redirect, broken) }
        #expect(Prober.httpGet(host: "127.0.0.1", port: ok.port, path: "/healthz", headers: [], timeoutSeconds: 1).success)
        #expect(Prober.httpGet(host: "127.0.0.1", port: redirect.port, path: "/", headers: [], timeoutSeconds: 1).success)
        let failed = Prober.httpGet(host: "127.0.0.1", port: broken.port, path: "/", headers: [], timeoutSeconds: 1)
        #expect(!failed.success && failed.output == "HTTP probe failed with statuscode: 503")
    }

    @Test func tcpConnects() throws {
        let server = try Self.serve("")
        defer { Self.stop(server) }
        let fd = try #require(Prober.connect(host: "127.0.0.1", port: server.port, timeoutSeconds: 1))
        close(fd)
        // Port 1 on loopback: nobody listens.
        #expect(Prober.connect(host: "127.0.0.1", port: 1, timeoutSeconds: 1) == nil)
        let refused = Prober.httpGet(host: "127.0.0.1", port: 1, path: "/", headers: [], timeoutSeconds: 1)
        #expect(!refused.success && refused.output.contains("connection refused"))
    }

    @Test func handlersParseWithNamedPorts() {
        let ports = ["http": 8080]
        #expect(Handler(["httpGet": ["port": "http", "path": "/ready"]], ports: ports)
            == .httpGet(host: nil, port: 8080, path: "/ready", scheme: "HTTP", headers: []))
        #expect(Handler(["tcpSocket": ["port": 9000, "host": "10.0.0.1"]], ports: ports) == .tcpSocket(host: "10.0.0.1", port: 9000))
        #expect(Handler(["tcpSocket": ["port": "nope"]], ports: ports) == .unsupported("unresolvable port \"nope\""))
        #expect(Handler(["exec": ["command": ["cat", "/tmp/ok"]]], ports: ports) == .exec(command: ["cat", "/tmp/ok"]))
        let probe = ProbeSpec(["exec": ["command": ["true"]]], ports: [:])
        #expect(probe?.periodSeconds == 10 && probe?.timeoutSeconds == 1 && probe?.failureThreshold == 3 && probe?.successThreshold == 1)
    }
}
