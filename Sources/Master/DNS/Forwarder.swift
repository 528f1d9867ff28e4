#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Sends queries for names outside the cluster to upstream servers over UDP and relays their
/// replies: each query goes out under a fresh ID to the first upstream, then the next after
/// `timeout`; when all have failed to answer, the client gets SERVFAIL. One receive thread
/// serves every upstream socket; `reply` closures run on it and must not block for long.
final class Forwarder: Sendable {
    struct Pending {
        var originalID: UInt16
        var query: [UInt8]
        var upstream: Int
        var deadline: ContinuousClock.Instant
        var reply: @Sendable ([UInt8]) -> Void
    }

    let upstreams: [SocketAddress]
    let timeout: Duration
    private let sockets: [Int32]
    private let pending = Mutex<[UInt16: Pending]>([:])

    init(upstreams: [SocketAddress], timeout: Duration = .seconds(2)) throws {
        self.upstreams = upstreams
        self.timeout = timeout
        var fds: [Int32] = []
        for u in upstreams {
            let fd = try Sockets.open(u, type: Int32(SOCK_DGRAM.rawValue))
            guard u.withSockaddr({ connect(fd, $0, $1) }) == 0 else {
                let message = String(cString: strerror(errno))
                close(fd)
                for f in fds { close(f) }
                throw Sockets.Failure(description: "upstream \(u): \(message)")
            }
            fds.append(fd)
        }
        sockets = fds
    }

    /// Forwards `query`; `reply` gets the upstream's reply (with the client's ID) or a SERVFAIL.
    func forward(_ query: [UInt8], reply: @escaping @Sendable ([UInt8]) -> Void) {
        guard let header = DNSMessage.header(of: query) else { return }
        guard !sockets.isEmpty else {
            if let fail = DNSResponder.serverFailure(for: query) { reply(fail) }
            return
        }
        let id: UInt16 = pending.withLock { p in
            var id = UInt16.random(in: 0...UInt16.max)
            while p[id] != nil { id = UInt16.random(in: 0...UInt16.max) }
            p[id] = Pending(originalID: header.id, query: query, upstream: 0, deadline: .now + timeout, reply: reply)
            return id
        }
        send(query, id: id, to: 0)
    }

    private func send(_ query: [UInt8], id: UInt16, to upstream: Int) {
        var bytes = query
        bytes[0] = UInt8(id >> 8)
        bytes[1] = UInt8(id & 0xFF)
        _ = bytes.withUnsafeBytes { Glibc.send(sockets[upstream], $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// The receive loop: replies and timeouts until `threads` stop.
    func run(_ threads: ServerThreads) {
        var fds = sockets.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        var buffer = [UInt8](repeating: 0, count: 65535)
        while !threads.stopping {
            if fds.isEmpty { usleep(200_000); continue }
            let ready = poll(&fds, nfds_t(fds.count), 100)
            if ready > 0 {
                for i in fds.indices where fds[i].revents & Int16(POLLIN) != 0 {
                    let n = buffer.withUnsafeMutableBytes { recv(fds[i].fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                    guard n >= 12 else { continue }
                    var bytes = Array(buffer[..<n])
                    let id = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
                    guard let p = pending.withLock({ p -> Pending? in
                        guard let found = p[id], found.upstream == i else { return nil }
                        p[id] = nil
                        return found
                    }) else { continue }
                    bytes[0] = UInt8(p.originalID >> 8)
                    bytes[1] = UInt8(p.originalID & 0xFF)
                    p.reply(bytes)
                }
            }
            expire(now: .now)
        }
        for fd in sockets { close(fd) }
    }

    private func expire(now: ContinuousClock.Instant) {
        var retries: [(UInt16, [UInt8], Int)] = []
        let failed: [Pending] = pending.withLock { p in
            var failed: [Pending] = []
            for (id, entry) in p where entry.deadline <= now {
                if entry.upstream + 1 < sockets.count {
                    p[id]?.upstream += 1
                    p[id]?.deadline = now + timeout
                    retries.append((id, entry.query, entry.upstream + 1))
                } else {
                    p[id] = nil
                    failed.append(entry)
                }
            }
            return failed
        }
        for (id, query, upstream) in retries { send(query, id: id, to: upstream) }
        for f in failed { if let fail = DNSResponder.serverFailure(for: f.query) { f.reply(fail) } }
    }
}
