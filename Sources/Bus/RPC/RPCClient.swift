import Logging
import Synchronization
import ZeroMQ

extension RPC {
    /// An RPC client: one DEALER socket on its own loop thread, any number of calls in flight.
    ///
    /// Guarantees (SKIFF-RPC/1 §6): every call ends — with the reply, or `Timeout` at its
    /// deadline, or `Unavailable` when the connection is lost under a call that is not
    /// idempotent. Idempotent calls are sent again, under the same id, when the connection is
    /// lost or an attempt goes unanswered. Late and duplicate replies are dropped. The socket
    /// reconnects by itself with back-off, so the client keeps working after a server restart.
    public final class Client: Sendable {
        public struct Configuration: Sendable {
            /// Deadline of calls that do not give one.
            public var defaultTimeout: Duration = .seconds(5)
            /// First wait before an unanswered idempotent call is sent again; doubles per attempt.
            public var attemptInterval: Duration = .seconds(1)
            public var maxAttemptInterval: Duration = .seconds(5)
            public var reconnectInterval: Int32 = 100
            public var maxReconnectInterval: Int32 = 2000
            public var heartbeatInterval: Int32 = 1000
            public var heartbeatTimeout: Int32 = 3000
            public init() {}
        }

        public let endpoints: [String]
        private let loop: Loop
        private let state: ClientState
        private let nextID = Atomic<UInt64>(0)
        /// Calls on their way to the loop thread, which starts them in batches.
        private let starts: LoopQueue<Start>

        struct Start: Sendable {
            var id: UInt64
            var call: PendingCall
            var continuation: CheckedContinuation<[UInt8], Error>
        }
        private let configuration: Configuration

        /// Connects to `endpoints`. Returns at once: libzmq connects in the background, and
        /// calls made before the server is up wait for it (until their deadline).
        public init(
            connect endpoints: [String],
            configuration: Configuration = .init(),
            context: Context = .shared,
            logger: Logger = Logger(label: "skiff.rpc.client")
        ) async throws {
            let loop = try Loop(name: "rpc-client")
            self.loop = loop
            self.endpoints = endpoints
            self.configuration = configuration
            let state = ClientState(loop: loop, configuration: configuration, endpoints: endpoints, logger: logger)
            self.state = state
            self.starts = LoopQueue(loop: loop) { batch in
                for start in batch { state.start(start.id, start.call, start.continuation) }
            }
            let name = "rpc-client-\(UInt64.random(in: 1...UInt64.max))"
            try await loop.setUp {
                let socket = try Socket(.dealer, context: context)
                try socket.setReconnect(interval: configuration.reconnectInterval, maximum: configuration.maxReconnectInterval)
                try socket.setHeartbeat(interval: configuration.heartbeatInterval,
                                        timeout: configuration.heartbeatTimeout, ttl: configuration.heartbeatTimeout)
                try socket.setSendHighWaterMark(100_000)
                try socket.setReceiveHighWaterMark(100_000)
                // Queue only to live connections: a call made while the server is away waits in
                // our own backlog, where its deadline can take it back — never in a libzmq pipe
                // that would deliver it, long after the caller gave up, once the server returns.
                try socket.setImmediate(true)
                let monitor = try socket.monitor(name: name, events: .disconnected)
                for endpoint in endpoints { try socket.connect(endpoint) }
                state.socket = socket
                loop.register(socket) { state.readReplies() }
                loop.register(monitor) { state.readMonitor(monitor) }
            }
        }

        /// Calls `method` with `body` and returns the reply's body.
        ///
        /// - Parameters:
        ///   - timeout: how long to wait in all, retries included; default from the configuration.
        ///   - idempotent: whether the call may be carried out twice. Only idempotent calls are
        ///     retried; a lost connection fails the others with `Unavailable`.
        /// - Throws: `BusError` — the server's error, `Timeout`, or `Unavailable`.
        public func call(_ method: String, _ body: [UInt8] = [], timeout: Duration? = nil, idempotent: Bool = false) async throws -> [UInt8] {
            guard !method.isEmpty, method.utf8.count <= 255 else {
                throw BusError.badRequest("method names are 1 to 255 bytes")
            }
            let id = nextID.add(1, ordering: .relaxed).newValue
            let deadline = ContinuousClock.now + (timeout ?? configuration.defaultTimeout)
            let call = PendingCall(method: method, body: body, idempotent: idempotent, deadline: deadline)
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[UInt8], Error>) in
                    starts.enqueue(Start(id: id, call: call, continuation: continuation)) { rejected in
                        for start in rejected { start.continuation.resume(throwing: BusError.unavailable("client is closed")) }
                    }
                }
            } onCancel: {
                loop.execute { [state] in state.finish(id, with: .failure(CancellationError())) }
            }
        }

        /// How many calls are waiting for their reply (0 once closed).
        public var callsInFlight: Int {
            get async { (try? await loop.submit { [state] in state.inFlight.count }) ?? 0 }
        }

        /// Fails the calls in flight with `Unavailable` and closes the socket.
        public func close() async {
            loop.execute { [state] in state.closeAll() }
            await loop.shutdown()
        }
    }

    struct PendingCall: Sendable {
        var method: String
        var body: [UInt8]
        var idempotent: Bool
        var deadline: ContinuousClock.Instant
    }
}

/// A client's calls in flight and its socket. Lives on the client's loop thread: every method
/// runs there (the unchecked Sendable conformance rests on that).
final class ClientState: @unchecked Sendable {
    struct InFlight {
        var call: RPC.PendingCall
        var continuation: CheckedContinuation<[UInt8], Error>
        var deadlineTimer: TimerID
        var attemptTimer: TimerID?
        var attemptInterval: Duration
    }

    let loop: Loop
    let configuration: RPC.Client.Configuration
    let logger: Logger
    var socket: Socket?
    var inFlight: [UInt64: InFlight] = [:]
    /// Messages the socket refused — no live connection yet, or the high-water mark — oldest
    /// first with their call ids; sent when it is writable again.
    var backlog: [(id: UInt64, frames: [Frame])] = []
    var closed = false

    /// For messages: the endpoints this client connects to.
    let endpointsDescription: String

    init(loop: Loop, configuration: RPC.Client.Configuration, endpoints: [String], logger: Logger) {
        self.loop = loop
        self.configuration = configuration
        self.endpointsDescription = endpoints.joined(separator: ", ")
        self.logger = logger
    }

    func start(_ id: UInt64, _ call: RPC.PendingCall, _ continuation: CheckedContinuation<[UInt8], Error>) {
        guard !closed else { continuation.resume(throwing: BusError.unavailable("client is closed")); return }
        let deadlineTimer = loop.schedule(at: call.deadline) { [unowned self] in
            if backlog.contains(where: { $0.id == id }) {
                finish(id, with: .failure(BusError.unavailable(
                    "\(call.method) was not sent: no connection to \(endpointsDescription) before its deadline")))
            } else {
                finish(id, with: .failure(BusError.timeout("no reply to \(call.method) within its deadline")))
            }
        }
        var entry = InFlight(call: call, continuation: continuation, deadlineTimer: deadlineTimer,
                             attemptTimer: nil, attemptInterval: configuration.attemptInterval)
        if call.idempotent { entry.attemptTimer = scheduleAttempt(id, after: entry.attemptInterval) }
        inFlight[id] = entry
        transmit(id, call)
    }

    /// Ends call `id` with `result`, if it is still in flight.
    func finish(_ id: UInt64, with result: Result<[UInt8], Error>) {
        guard let entry = inFlight.removeValue(forKey: id) else { return }
        // A call that ends before it could be sent is never sent.
        backlog.removeAll { $0.id == id }
        loop.cancel(entry.deadlineTimer)
        if let timer = entry.attemptTimer { loop.cancel(timer) }
        entry.continuation.resume(with: result)
    }

    private func scheduleAttempt(_ id: UInt64, after interval: Duration) -> TimerID {
        loop.schedule(at: .now + interval) { [unowned self] in
            guard var entry = inFlight[id] else { return }
            entry.attemptInterval = min(entry.attemptInterval * 2, configuration.maxAttemptInterval)
            entry.attemptTimer = scheduleAttempt(id, after: entry.attemptInterval)
            inFlight[id] = entry
            transmit(id, entry.call)
        }
    }

    /// Sends (or re-sends) a call, with the time it has left in its header.
    private func transmit(_ id: UInt64, _ call: RPC.PendingCall) {
        let left = ContinuousClock.now.duration(to: call.deadline)
        let millis = max(1, min(Int64(UInt32.max), left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000))
        let header = RPC.RequestHeader(id: id, timeoutMilliseconds: UInt32(millis), idempotent: call.idempotent, method: call.method)
        send(id, [header.encode(), call.body])
    }

    private func send(_ id: UInt64, _ frames: [Frame]) {
        guard let socket else { return }
        if !backlog.isEmpty {
            backlog.removeAll { $0.id == id }  // a re-send replaces the waiting copy
            backlog.append((id, frames))
            return
        }
        do {
            if try !socket.send(frames: frames) {
                backlog.append((id, frames))
                loop.setWritableHandler(socket) { [unowned self] in flushBacklog() }
            }
        } catch {
            logger.warning("send failed", metadata: ["error": "\(error)"])
        }
    }

    private func flushBacklog() {
        guard let socket else { return }
        while let (_, frames) = backlog.first {
            guard (try? socket.send(frames: frames)) == true else { return }
            backlog.removeFirst()
        }
        loop.setWritableHandler(socket, nil)
    }

    func readReplies() {
        guard let socket else { return }
        for _ in 0..<512 {
            guard let message = try? socket.receive() else { return }
            guard message.count == 2 else {
                logger.warning("dropped a reply with \(message.count) frames")
                continue
            }
            let header: RPC.ReplyHeader
            do { header = try RPC.ReplyHeader.decode(message[0]) } catch {
                logger.warning("dropped a malformed reply", metadata: ["error": "\(error)"])
                continue
            }
            if header.isOK {
                finish(header.id, with: .success(message[1]))
            } else {
                let text = String(decoding: message[1], as: UTF8.self)
                finish(header.id, with: .failure(BusError(BusError.Reason(rawValue: header.reason), text, code: header.code)))
            }
        }
    }

    func readMonitor(_ monitor: Socket) {
        while let message = try? monitor.receive() {
            guard let event = try? MonitorEvent(message), event.kind == .disconnected else { continue }
            connectionLost(event.endpoint)
        }
    }

    /// SKIFF-RPC/1 §6.2–6.3: idempotent calls go again, the others fail at once.
    private func connectionLost(_ endpoint: String) {
        for (id, entry) in inFlight {
            if entry.call.idempotent {
                transmit(id, entry.call)
            } else {
                finish(id, with: .failure(BusError.unavailable(
                    "connection to \(endpoint) lost while \(entry.call.method) was in flight; it may or may not have been carried out")))
            }
        }
    }

    func closeAll() {
        closed = true
        for id in Array(inFlight.keys) { finish(id, with: .failure(BusError.unavailable("client is closed"))) }
        if let socket { loop.unregister(socket) }
        socket = nil
    }
}
