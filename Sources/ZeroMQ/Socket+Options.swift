import CZeroMQ

extension Socket {
    // MARK: Raw options

    /// Sets an integer option.
    public func setOption(_ name: Int32, _ value: Int32) throws {
        var value = value
        guard zmq_setsockopt(try open("setsockopt"), name, &value, MemoryLayout<Int32>.size) == 0 else {
            throw ZMQError.last("setsockopt \(name) = \(value)")
        }
    }

    /// Sets a 64-bit integer option.
    public func setOption(_ name: Int32, int64 value: Int64) throws {
        var value = value
        guard zmq_setsockopt(try open("setsockopt"), name, &value, MemoryLayout<Int64>.size) == 0 else {
            throw ZMQError.last("setsockopt \(name) = \(value)")
        }
    }

    /// Sets a binary option.
    public func setOption(_ name: Int32, bytes: [UInt8]) throws {
        let socket = try open("setsockopt")
        let rc = bytes.withUnsafeBytes { zmq_setsockopt(socket, name, $0.baseAddress, $0.count) }
        guard rc == 0 else { throw ZMQError.last("setsockopt \(name) (\(bytes.count) bytes)") }
    }

    /// Reads an integer option.
    public func option(_ name: Int32) throws -> Int32 {
        var value: Int32 = 0
        var size = MemoryLayout<Int32>.size
        guard zmq_getsockopt(try open("getsockopt"), name, &value, &size) == 0 else {
            throw ZMQError.last("getsockopt \(name)")
        }
        return value
    }

    /// Reads a string option (NUL-terminated by libzmq).
    public func stringOption(_ name: Int32) throws -> String {
        var buffer = [CChar](repeating: 0, count: 1024)
        var size = buffer.count
        guard zmq_getsockopt(try open("getsockopt"), name, &buffer, &size) == 0 else {
            throw ZMQError.last("getsockopt \(name)")
        }
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    // MARK: Typed options

    /// Outbound high-water mark in messages (`ZMQ_SNDHWM`); 0 = none.
    public func setSendHighWaterMark(_ messages: Int32) throws { try setOption(ZMQ_SNDHWM, messages) }
    /// Inbound high-water mark in messages (`ZMQ_RCVHWM`); 0 = none.
    public func setReceiveHighWaterMark(_ messages: Int32) throws { try setOption(ZMQ_RCVHWM, messages) }
    /// Milliseconds pending messages are kept after close (`ZMQ_LINGER`); -1 = for ever.
    public func setLinger(_ milliseconds: Int32) throws { try setOption(ZMQ_LINGER, milliseconds) }
    /// The identity a ROUTER peer sees for this socket (`ZMQ_ROUTING_ID`), 1–255 bytes.
    public func setRoutingID(_ id: [UInt8]) throws { try setOption(ZMQ_ROUTING_ID, bytes: id) }
    /// Subscribes a SUB socket to messages whose first frame starts with `prefix`.
    public func subscribe(_ prefix: [UInt8]) throws { try setOption(ZMQ_SUBSCRIBE, bytes: prefix) }
    public func subscribe(_ prefix: String) throws { try subscribe(Array(prefix.utf8)) }
    public func unsubscribe(_ prefix: [UInt8]) throws { try setOption(ZMQ_UNSUBSCRIBE, bytes: prefix) }
    public func unsubscribe(_ prefix: String) throws { try unsubscribe(Array(prefix.utf8)) }
    /// XPUB: pass every subscribe and unsubscribe up to the application (`ZMQ_XPUB_VERBOSER`).
    public func setXPubVerboser(_ on: Bool) throws { try setOption(ZMQ_XPUB_VERBOSER, on ? 1 : 0) }
    /// ROUTER: fail sends to unknown peers instead of dropping them (`ZMQ_ROUTER_MANDATORY`).
    public func setRouterMandatory(_ on: Bool) throws { try setOption(ZMQ_ROUTER_MANDATORY, on ? 1 : 0) }
    /// Queue messages only to completed connections (`ZMQ_IMMEDIATE`).
    public func setImmediate(_ on: Bool) throws { try setOption(ZMQ_IMMEDIATE, on ? 1 : 0) }
    /// The largest inbound message accepted; a peer sending more is disconnected (`ZMQ_MAXMSGSIZE`).
    public func setMaxMessageSize(_ bytes: Int64) throws { try setOption(ZMQ_MAXMSGSIZE, int64: bytes) }

    /// ZMTP heartbeats: a PING every `interval` ms on an idle connection; the peer is dropped
    /// after `timeout` ms without traffic; `ttl` ms is what this side asks the peer to wait.
    public func setHeartbeat(interval: Int32, timeout: Int32, ttl: Int32) throws {
        try setOption(ZMQ_HEARTBEAT_IVL, interval)
        try setOption(ZMQ_HEARTBEAT_TIMEOUT, timeout)
        try setOption(ZMQ_HEARTBEAT_TTL, ttl)
    }

    /// Reconnect back-off: first retry after `interval` ms, doubling up to `maximum` ms.
    public func setReconnect(interval: Int32, maximum: Int32) throws {
        try setOption(ZMQ_RECONNECT_IVL, interval)
        try setOption(ZMQ_RECONNECT_IVL_MAX, maximum)
    }

    /// Makes this socket a CURVE server with `secretKey` (32 raw bytes).
    public func setCurveServer(secretKey: [UInt8]) throws {
        try setOption(ZMQ_CURVE_SERVER, 1)
        try setOption(ZMQ_CURVE_SECRETKEY, bytes: secretKey)
    }

    /// Makes this socket a CURVE client of the server whose public key is `serverKey`.
    public func setCurveClient(serverKey: [UInt8], keys: Curve.KeyPair) throws {
        try setOption(ZMQ_CURVE_SERVERKEY, bytes: serverKey)
        try setOption(ZMQ_CURVE_PUBLICKEY, bytes: keys.publicKey)
        try setOption(ZMQ_CURVE_SECRETKEY, bytes: keys.secretKey)
    }
}
