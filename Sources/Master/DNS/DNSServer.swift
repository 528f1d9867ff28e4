#if canImport(Glibc)
import Glibc
#endif
import Logging
import Synchronization

/// The sockets of `skiff dns`: one UDP and one TCP socket on the same address and port, served
/// by dedicated threads (two UDP readers, one TCP acceptor, one thread per TCP connection up to
/// `maxConnections`, one forwarder). Each query is answered by ``DNSResponder`` from the index
/// snapshot `index()` returns at that moment.
public final class DNSServer: Sendable {
    public let address: SocketAddress
    let udp: Int32
    let tcp: Int32
    let responder: DNSResponder
    let forwarder: Forwarder
    let index: @Sendable () -> ClusterIndex
    let threads = ServerThreads()
    let connections = Atomic<Int>(0)
    let logger: Logger
    public static let maxConnections = 256
    /// A TCP connection with no complete query for this long is closed.
    static let idleMilliseconds = 10_000

    /// Binds both sockets (port 0: one free port for both). Threads start with ``start()``.
    public init(listen: SocketAddress, responder: DNSResponder, upstreams: [SocketAddress], logger: Logger,
                index: @escaping @Sendable () -> ClusterIndex) throws {
        var tcp: Int32 = -1, udp: Int32 = -1
        var attempt = 0
        while true {
            tcp = try Sockets.bind(listen, type: Int32(SOCK_STREAM.rawValue))
            let bound = Sockets.localAddress(tcp)
            do {
                udp = try Sockets.bind(SocketAddress(address: listen.address, port: bound.port), type: Int32(SOCK_DGRAM.rawValue))
                break
            } catch {
                close(tcp)
                attempt += 1
                if listen.port != 0 || attempt > 20 { throw error }
            }
        }
        self.tcp = tcp
        self.udp = udp
        self.address = Sockets.localAddress(udp)
        self.responder = responder
        self.forwarder = try Forwarder(upstreams: upstreams)
        self.index = index
        self.logger = logger
    }

    public func start() {
        threads.spawn("dns-forward") { [self] in forwarder.run(threads) }
        for i in 0..<2 { threads.spawn("dns-udp-\(i)") { [self] in serveUDP() } }
        threads.spawn("dns-tcp") { [self] in acceptTCP() }
    }

    /// Stops every thread and closes the sockets.
    public func stop() async {
        threads.stop()
        await threads.join()
        close(udp)
        close(tcp)
    }

    private func serveUDP() {
        var buffer = [UInt8](repeating: 0, count: 65535)
        while !threads.stopping {
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let n = buffer.withUnsafeMutableBytes { raw in
                withUnsafeMutableBytes(of: &storage) { s in
                    recvfrom(udp, raw.baseAddress, raw.count, 0, s.baseAddress!.assumingMemoryBound(to: sockaddr.self), &length)
                }
            }
            guard n >= 0 else { continue }
            let client = SocketAddress(storage: storage, length: length)
            let socket = udp
            let reply: @Sendable ([UInt8]) -> Void = { bytes in
                _ = bytes.withUnsafeBytes { b in client.withSockaddr { sendto(socket, b.baseAddress, b.count, 0, $0, $1) } }
            }
            switch responder.respond(to: Array(buffer[..<n]), over: .udp, index: index()) {
            case .reply(let bytes): reply(bytes)
            case .forward(let query): forwarder.forward(query, reply: reply)
            case .drop: logger.debug("dropped a datagram that is not a DNS query", metadata: ["dns.client": "\(client)"])
            }
        }
    }

    private func acceptTCP() {
        while !threads.stopping {
            let fd = accept(tcp, nil, nil)
            guard fd >= 0 else { continue }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            guard connections.add(1, ordering: .relaxed).newValue <= Self.maxConnections else {
                connections.subtract(1, ordering: .relaxed)
                close(fd)
                continue
            }
            Sockets.setTimeout(fd, milliseconds: 200)
            let connection = TCPConnection(fd: fd)
            threads.spawn("dns-tcp-conn") { [self] in
                serve(connection)
                connection.close()
                connections.subtract(1, ordering: .relaxed)
            }
        }
    }

    /// Queries framed by a two-byte length (RFC 1035 §4.2.2), many per connection.
    private func serve(_ connection: TCPConnection) {
        var idle = 0
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65535)
        while !threads.stopping && idle < Self.idleMilliseconds {
            let n = buffer.withUnsafeMutableBytes { recv(connection.fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return }
            if n < 0 {
                guard errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR else { return }
                idle += 200
                continue
            }
            pending.append(contentsOf: buffer[..<n])
            while pending.count >= 2 {
                let length = Int(pending[0]) << 8 | Int(pending[1])
                guard pending.count >= 2 + length else { break }
                let message = Array(pending[2..<2 + length])
                pending.removeFirst(2 + length)
                idle = 0
                switch responder.respond(to: message, over: .tcp, index: index()) {
                case .reply(let bytes): guard connection.write(bytes) else { return }
                case .forward(let query): forwarder.forward(query) { _ = connection.write($0) }
                case .drop: return
                }
            }
        }
    }
}

/// One TCP client; writes (from its own thread and the forwarder's) are serialized, and none
/// happens after ``close()``, so a reused descriptor is never written to.
final class TCPConnection: Sendable {
    let fd: Int32
    private let open = Mutex(true)

    init(fd: Int32) { self.fd = fd }

    func write(_ message: [UInt8]) -> Bool {
        open.withLock { open in
            guard open else { return false }
            return Sockets.writeAll(fd, [UInt8(message.count >> 8), UInt8(message.count & 0xFF)] + message)
        }
    }

    func close() {
        open.withLock { open in
            guard open else { return }
            open = false
            Glibc.close(fd)
        }
    }
}
