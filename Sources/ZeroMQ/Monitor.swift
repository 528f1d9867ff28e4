import CZeroMQ

/// A socket event reported by libzmq's socket monitor (`zmq_socket_monitor`).
public struct MonitorEvent: Sendable, Equatable {
    /// What happened.
    public enum Kind: Sendable, Equatable {
        case connected, connectDelayed, connectRetried, listening, bindFailed, accepted
        case acceptFailed, closed, closeFailed, disconnected, monitorStopped
        case handshakeFailed, handshakeSucceeded
        case other(UInt16)

        init(_ raw: UInt16) {
            switch Int32(raw) {
            case ZMQ_EVENT_CONNECTED: self = .connected
            case ZMQ_EVENT_CONNECT_DELAYED: self = .connectDelayed
            case ZMQ_EVENT_CONNECT_RETRIED: self = .connectRetried
            case ZMQ_EVENT_LISTENING: self = .listening
            case ZMQ_EVENT_BIND_FAILED: self = .bindFailed
            case ZMQ_EVENT_ACCEPTED: self = .accepted
            case ZMQ_EVENT_ACCEPT_FAILED: self = .acceptFailed
            case ZMQ_EVENT_CLOSED: self = .closed
            case ZMQ_EVENT_CLOSE_FAILED: self = .closeFailed
            case ZMQ_EVENT_DISCONNECTED: self = .disconnected
            case ZMQ_EVENT_MONITOR_STOPPED: self = .monitorStopped
            case ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL,
                 ZMQ_EVENT_HANDSHAKE_FAILED_AUTH: self = .handshakeFailed
            case ZMQ_EVENT_HANDSHAKE_SUCCEEDED: self = .handshakeSucceeded
            default: self = .other(raw)
            }
        }
    }

    /// A set of event kinds to monitor.
    public struct Mask: OptionSet, Sendable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static let connected = Mask(rawValue: ZMQ_EVENT_CONNECTED)
        public static let accepted = Mask(rawValue: ZMQ_EVENT_ACCEPTED)
        public static let disconnected = Mask(rawValue: ZMQ_EVENT_DISCONNECTED)
        public static let handshakeSucceeded = Mask(rawValue: ZMQ_EVENT_HANDSHAKE_SUCCEEDED)
        public static let all = Mask(rawValue: ZMQ_EVENT_ALL)
    }

    public var kind: Kind
    /// The event's value: a file descriptor, an errno or a retry interval, depending on kind.
    public var value: UInt32
    /// The endpoint the event concerns.
    public var endpoint: String

    /// Parses a monitor message (frame 0: u16 event + u32 value in host order; frame 1: endpoint).
    public init(_ message: Message) throws {
        guard message.count == 2, message[0].count == 6 else {
            throw FrameError("a monitor message has 2 frames, the first 6 bytes long")
        }
        let head = message[0]
        let raw = head.withUnsafeBytes { UInt16(littleEndian: $0.loadUnaligned(as: UInt16.self)) }
        let value = head.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: 2, as: UInt32.self)) }
        self.kind = Kind(raw)
        self.value = value
        self.endpoint = message[1].utf8String ?? ""
    }
}

extension Socket {
    /// Starts libzmq's monitor on this socket and returns a connected PAIR socket on which
    /// `MonitorEvent` messages arrive. The PAIR socket belongs to the caller's thread, like this one.
    /// Read it steadily: libzmq blocks its I/O thread while the PAIR's queue is full. Closing
    /// either socket first stops the monitor (see `Socket.close()`).
    ///
    /// - Parameter name: a unique inproc name for the monitor endpoint.
    public func monitor(name: String, events: MonitorEvent.Mask = .all) throws -> Socket {
        let endpoint = "inproc://monitor-\(name)"
        guard zmq_socket_monitor(try open("monitor"), endpoint, events.rawValue) == 0 else {
            throw ZMQError.last("zmq_socket_monitor \(endpoint)")
        }
        isMonitored = true
        let pair = try Socket(.pair, context: context)
        pair.monitorTarget = self
        try pair.connect(endpoint)
        return pair
    }

    /// Stops the monitor started by `monitor(name:events:)`. Stop it (or close this socket)
    /// before closing the monitor's PAIR socket: see `close()`.
    public func stopMonitor() {
        guard let handle = rawHandle, isMonitored else { return }
        zmq_socket_monitor(handle, nil, 0)
        isMonitored = false
    }
}
