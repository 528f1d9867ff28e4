import Foundation
import Synchronization
@testable import DNS

/// A loopback DNS server for forwarding tests: answers every A question with 192.0.2.1
/// (TEST-NET-1), on a thread of its own. Also a tiny blocking client for raw exchanges.
final class FakeUpstream: Sendable {
    let fd: Int32
    let port: UInt16
    let stopped = Atomic<Bool>(false)

    init() throws {
        fd = try Sockets.bind(SocketAddress(address: [127, 0, 0, 1], port: 0), type: Int32(SOCK_DGRAM.rawValue))
        port = Sockets.localAddress(fd).port
        Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !stopped.load(ordering: .acquiring) {
                var storage = sockaddr_storage()
                var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
                let n = buffer.withUnsafeMutableBytes { raw in
                    withUnsafeMutableBytes(of: &storage) { recvfrom(fd, raw.baseAddress, raw.count, 0, $0.baseAddress!.assumingMemoryBound(to: sockaddr.self), &length) }
                }
                guard n > 0, let q = try? DNSMessage(decoding: Array(buffer[..<n])), let question = q.questions.first else { continue }
                var r = DNSMessage(id: q.id, flags: 0x8180)
                r.questions = q.questions
                if question.type == DNSType.a { r.answers = [.a(question.name, [192, 0, 2, 1], ttl: 60)] }
                let out = r.encoded()
                let client = SocketAddress(storage: storage, length: length)
                _ = out.withUnsafeBytes { b in client.withSockaddr { sendto(fd, b.baseAddress, b.count, 0, $0, $1) } }
            }
            close(fd)
        }.start()
    }

    func stop() { stopped.store(true, ordering: .releasing) }

    /// Sends `bytes` to 127.0.0.1:`port` and returns the reply, or nil after `wait` ms. Blocking.
    static func exchange(port: UInt16, _ bytes: [UInt8], wait: Int = 2000) throws -> [UInt8]? {
        let server = SocketAddress(address: [127, 0, 0, 1], port: port)
        let fd = try Sockets.open(server, type: Int32(SOCK_DGRAM.rawValue))
        defer { close(fd) }
        Sockets.setTimeout(fd, milliseconds: wait)
        _ = bytes.withUnsafeBytes { b in server.withSockaddr { sendto(fd, b.baseAddress, b.count, 0, $0, $1) } }
        var buffer = [UInt8](repeating: 0, count: 65535)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return n > 0 ? Array(buffer[..<n]) : nil
    }

    /// Sends `queries` over one TCP connection in one write (two-byte length framing) and reads
    /// as many replies. Blocking.
    static func tcpExchange(port: UInt16, _ queries: [[UInt8]]) throws -> [[UInt8]] {
        let server = SocketAddress(address: [127, 0, 0, 1], port: port)
        let fd = try Sockets.open(server, type: Int32(SOCK_STREAM.rawValue))
        defer { close(fd) }
        Sockets.setTimeout(fd, milliseconds: 5000)
        guard server.withSockaddr({ connect(fd, $0, $1) }) == 0 else { return [] }
        _ = Sockets.writeAll(fd, queries.flatMap { [UInt8($0.count >> 8), UInt8($0.count & 0xFF)] + $0 })
        var received: [UInt8] = [], replies: [[UInt8]] = []
        var buffer = [UInt8](repeating: 0, count: 65535)
        while replies.count < queries.count {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { break }
            received += buffer[..<n]
            while received.count >= 2, received.count >= 2 + (Int(received[0]) << 8 | Int(received[1])) {
                let length = Int(received[0]) << 8 | Int(received[1])
                replies.append(Array(received[2..<2 + length]))
                received.removeFirst(2 + length)
            }
        }
        return replies
    }

    /// The A records for `name`, sorted.
    static func exchangeA(port: UInt16, _ name: String) throws -> [String] {
        var q = DNSMessage(id: 9, flags: 0x0100)
        q.questions = [.init(name: DNSName(name)!, type: DNSType.a)]
        guard let bytes = try exchange(port: port, q.encoded()) else { return [] }
        return try DNSMessage(decoding: bytes).answers.compactMap { r in
            if case .a(let b) = r.data { IPAddress.format(b) } else { nil }
        }.sorted()
    }
}
