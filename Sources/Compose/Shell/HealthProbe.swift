import Bus
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One health probe: an RPC `_ping` or an HTTP GET, bounded by the check's timeout. Blocking
/// socket work happens on a thread of its own.
enum HealthProbe {
    static func rpcPing(_ client: RPC.Client, timeout: Duration) async -> Bool {
        do {
            _ = try await client.call(RPC.pingMethod, timeout: timeout, idempotent: true)
            return true
        } catch {
            return false
        }
    }

    static func httpGet(_ url: HTTPURL, timeout: Duration) async -> Bool {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: blockingGet(url, timeout: timeout)) }.start()
        }
    }

    /// GET over a plain socket: a 2xx or 3xx status line within `timeout` is a success.
    static func blockingGet(_ url: HTTPURL, timeout: Duration) -> Bool {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(url.host, String(url.port), &hints, &list) == 0, let first = list else { return false }
        defer { freeaddrinfo(list) }
        let fd = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let seconds = timeout.components.seconds
        var tv = timeval(tv_sec: Int(seconds), tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        guard connect(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else { return false }
        let request = Array("GET \(url.path) HTTP/1.0\r\nHost: \(url.host):\(url.port)\r\nUser-Agent: skiff-compose\r\n\r\n".utf8)
        guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == request.count else { return false }
        var buffer = [UInt8](repeating: 0, count: 64)
        var received: [UInt8] = []
        while received.count < 12 {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            received += buffer[..<n]
        }
        // "HTTP/1.x 200 …"
        let line = String(decoding: received, as: UTF8.self)
        let parts = line.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let code = Int(parts[1]) else { return false }
        return (200..<400).contains(code)
    }
}
