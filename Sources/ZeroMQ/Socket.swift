import CZeroMQ
#if canImport(Glibc)
import Glibc
#endif

/// A ZeroMQ socket.
///
/// Not thread-safe, like the libzmq socket it wraps: use it from one thread only (in Skiff, the
/// thread of the `Loop` that created it). It is closed exactly once — by `close()` or, failing
/// that, when it is released — and it keeps its `Context` alive until then.
public final class Socket {
    /// The context this socket belongs to; retained so that it outlives the socket.
    public let context: Context
    public let type: SocketType
    private var handle: UnsafeMutableRawPointer?
    /// Whether libzmq's monitor is running on this socket (see `monitor(name:events:)`).
    var isMonitored = false
    /// On a monitor's PAIR socket: the socket it monitors, whose monitor must stop before this
    /// PAIR closes (see `close()`).
    weak var monitorTarget: Socket?

    /// Opens a socket of `type`. Linger is set to `linger` milliseconds (default 0: pending
    /// outbound messages are dropped on close, so closing never blocks).
    public init(_ type: SocketType, context: Context = .shared, linger: Int32 = 0) throws {
        guard let handle = zmq_socket(context.handle, type.raw) else {
            throw ZMQError.last("zmq_socket \(type)")
        }
        self.context = context
        self.type = type
        self.handle = handle
        try setOption(ZMQ_LINGER, linger)
    }

    deinit { close() }

    /// Closes the socket. Safe to call more than once; only the first call closes.
    ///
    /// libzmq's I/O thread hands monitor events to the monitor's PAIR socket with a blocking
    /// send, which blocks that thread — and with it every socket of the context — for ever once
    /// the PAIR reading them is closed. So a monitored socket stops its monitor before closing,
    /// and a monitor's PAIR stops the monitor of its target before closing, whichever goes first.
    public func close() {
        guard let handle else { return }
        if isMonitored { zmq_socket_monitor(handle, nil, 0) }
        isMonitored = false
        monitorTarget?.stopMonitor()
        monitorTarget = nil
        self.handle = nil
        zmq_close(handle)
    }

    /// Whether `close()` has run.
    public var isClosed: Bool { handle == nil }

    func open(_ operation: @autoclosure () -> String) throws -> UnsafeMutableRawPointer {
        guard let handle else { throw ZMQError(code: ENOTSOCK, operation: operation() + " on a closed socket") }
        return handle
    }

    // MARK: Endpoints

    /// Binds to `endpoint` (`tcp://127.0.0.1:7000`, `tcp://127.0.0.1:*`, `ipc:///path`, `inproc://name`).
    public func bind(_ endpoint: String) throws {
        guard zmq_bind(try open("bind"), endpoint) == 0 else { throw ZMQError.last("bind \(endpoint)") }
    }

    /// Connects to `endpoint`; libzmq connects (and reconnects) in the background.
    public func connect(_ endpoint: String) throws {
        guard zmq_connect(try open("connect"), endpoint) == 0 else { throw ZMQError.last("connect \(endpoint)") }
    }

    public func unbind(_ endpoint: String) throws {
        guard zmq_unbind(try open("unbind"), endpoint) == 0 else { throw ZMQError.last("unbind \(endpoint)") }
    }

    public func disconnect(_ endpoint: String) throws {
        guard zmq_disconnect(try open("disconnect"), endpoint) == 0 else { throw ZMQError.last("disconnect \(endpoint)") }
    }

    /// The endpoint last bound, with a wildcard port resolved (`tcp://127.0.0.1:41234`).
    public var lastEndpoint: String {
        get throws { try stringOption(ZMQ_LAST_ENDPOINT) }
    }

    // MARK: Sending

    /// Sends `message` as one atomic multi-frame message.
    ///
    /// - Parameter wait: block until the message can be queued; when false (the default), a
    ///   socket at its high-water mark returns false and nothing is sent.
    /// - Returns: true if libzmq took the whole message.
    @discardableResult
    public func send(_ message: Message, wait: Bool = false) throws -> Bool {
        try send(frames: message.frames, wait: wait)
    }

    /// Sends `frames` as one message; see `send(_:wait:)`.
    @discardableResult
    public func send(frames: [Frame], wait: Bool = false) throws -> Bool {
        let socket = try open("send")
        precondition(!frames.isEmpty, "a ZeroMQ message has at least one frame")
        let base: Int32 = wait ? 0 : ZMQ_DONTWAIT
        for (index, frame) in frames.enumerated() {
            let flags = index == frames.count - 1 ? base : base | ZMQ_SNDMORE
            while true {
                let rc = frame.withUnsafeBytes { zmq_send(socket, $0.baseAddress, $0.count, flags) }
                if rc >= 0 { break }
                let errno = zmq_errno()
                if errno == EINTR { continue }
                if errno == EAGAIN && index == 0 { return false }
                // libzmq queues the later parts of a message it accepted; failing there means
                // the socket is broken, and the partial message is discarded by libzmq.
                throw ZMQError(code: errno, operation: "send frame \(index) of \(frames.count)")
            }
        }
        return true
    }

    // MARK: Receiving

    /// Receives one whole message.
    ///
    /// - Parameter wait: block until a message arrives; when false (the default), returns nil
    ///   if none is queued.
    public func receive(wait: Bool = false) throws -> Message? {
        let socket = try open("receive")
        var frames: [Frame] = []
        var part = zmq_msg_t()
        zmq_msg_init(&part)
        defer { zmq_msg_close(&part) }
        while true {
            let rc = zmq_msg_recv(&part, socket, wait || !frames.isEmpty ? 0 : ZMQ_DONTWAIT)
            if rc < 0 {
                let errno = zmq_errno()
                if errno == EINTR { continue }
                if errno == EAGAIN && frames.isEmpty { return nil }
                throw ZMQError(code: errno, operation: "receive")
            }
            let size = zmq_msg_size(&part)
            if size == 0 {
                frames.append([])
            } else {
                let data = zmq_msg_data(&part)!
                frames.append(Array(UnsafeRawBufferPointer(start: data, count: size)))
            }
            if zmq_msg_more(&part) == 0 { return Message(frames) }
        }
    }

    /// Whether a message can be received now / sent now without blocking (`ZMQ_EVENTS`).
    public var readiness: (readable: Bool, writable: Bool) {
        get throws {
            let events: Int32 = try option(ZMQ_EVENTS)
            return (events & Int32(ZMQ_POLLIN) != 0, events & Int32(ZMQ_POLLOUT) != 0)
        }
    }

    var rawHandle: UnsafeMutableRawPointer? { handle }
}
