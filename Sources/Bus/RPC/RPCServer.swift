import Logging
import ServiceLifecycle
import Synchronization
import ZeroMQ

extension RPC {
    /// One call as a handler sees it.
    public struct Request: Sendable {
        public var method: String
        public var body: [UInt8]
        public var idempotent: Bool
        /// When the caller stops waiting; nil if it waits for ever.
        public var deadline: ContinuousClock.Instant?
    }

    /// Handles one method. Throw a `BusError` to send that error; any other error is sent as
    /// `Internal`.
    public typealias Handler = @Sendable (Request) async throws -> [UInt8]

    /// An RPC server: a ROUTER socket on its own loop thread, and handlers that run
    /// concurrently on Swift tasks.
    ///
    /// Guarantees: every request received gets exactly one reply (SKIFF-RPC/1 §5); a malformed
    /// message gets an error reply and changes nothing; a slow or vanished client never blocks
    /// the server (replies to gone peers are dropped by the ROUTER); `_ping` is answered on the
    /// loop thread without a task.
    public final class Server: Service, Sendable {
        public struct Configuration: Sendable {
            /// Largest request body accepted; larger ones get `RequestEntityTooLarge`.
            public var maxBodyBytes = 8 << 20
            /// Hard per-frame limit enforced by libzmq, which drops the offending connection.
            public var maxMessageBytes: Int64 = 64 << 20
            /// Calls running at once; beyond it requests get `TooManyRequests`.
            public var maxConcurrentCalls = 4096
            public var heartbeatInterval: Int32 = 1000
            public var heartbeatTimeout: Int32 = 3000
            public init() {}
        }

        /// The endpoints bound, wildcard ports resolved.
        public let endpoints: [String]
        private let loop: Loop
        private let state: LoopBound<ServerState>
        /// Calls in batches: all the requests one wake-up of the loop read, handed over at once.
        private let calls: AsyncStream<[IncomingCall]>
        private let methods: [String: Handler]
        private let inFlight: CallCounter
        private let logger: Logger
        /// Replies on their way to the loop thread, which sends them in batches.
        private let replies: LoopQueue<[Frame]>

        /// Binds a server for `methods` on `endpoints` (`tcp://127.0.0.1:*` picks a free port).
        public init(
            bind endpoints: [String],
            methods: [String: Handler],
            configuration: Configuration = .init(),
            context: Context = .shared,
            logger: Logger = Logger(label: "skiff.rpc.server")
        ) async throws {
            let loop = try Loop(name: "rpc-server")
            let (calls, callSink) = AsyncStream.makeStream(of: [IncomingCall].self)
            let inFlight = CallCounter()
            self.inFlight = inFlight
            self.loop = loop
            self.calls = calls
            self.methods = methods
            self.logger = logger
            let methodNames = Set(methods.keys)
            let state = LoopBound<ServerState>(ServerState(), loop: loop)
            self.state = state
            self.replies = LoopQueue(loop: loop) { batch in
                let current = state.value
                for frames in batch { current.send(frames) }
            }
            self.endpoints = try await loop.setUp {
                let socket = try Socket(.router, context: context)
                try socket.setHeartbeat(interval: configuration.heartbeatInterval,
                                        timeout: configuration.heartbeatTimeout,
                                        ttl: configuration.heartbeatTimeout)
                try socket.setMaxMessageSize(configuration.maxMessageBytes)
                try socket.setSendHighWaterMark(100_000)
                try socket.setReceiveHighWaterMark(100_000)
                var bound: [String] = []
                for endpoint in endpoints {
                    try socket.bind(endpoint)
                    bound.append(try socket.lastEndpoint)
                }
                state.value.socket = socket
                state.value.sink = callSink
                let intake = Intake(methods: methodNames, configuration: configuration,
                                    sink: callSink, inFlight: inFlight, logger: logger)
                loop.register(socket) { intake.drain(socket) }
                return bound
            }
        }

        /// Serves calls until the task is cancelled or graceful shutdown is triggered; then
        /// stops reading, lets the calls already running finish and reply, and closes.
        public func run() async throws {
            await withGracefulShutdownHandler {
                await withDiscardingTaskGroup { group in
                    for await batch in calls {
                        for call in batch { group.addTask { await self.serve(call) } }
                    }
                }
            } onGracefulShutdown: { [loop, state] in
                loop.execute { state.value.stopIntake(loop) }
            }
            await loop.shutdown()
        }

        /// Closes the socket without waiting for `run()` (for servers never run).
        public func close() async {
            loop.execute { [loop, state] in state.value.stopIntake(loop) }
            await loop.shutdown()
        }

        private func serve(_ call: IncomingCall) async {
            defer { inFlight.release() }
            let reply: (header: ReplyHeader, body: [UInt8])
            if let deadline = call.request.deadline, deadline < .now {
                reply = Self.errorReply(call.id, BusError.timeout("deadline passed before \(call.request.method) started"))
            } else {
                do {
                    let body = try await methods[call.request.method]!(call.request)
                    reply = (ReplyHeader(id: call.id), body)
                } catch let error as BusError {
                    reply = Self.errorReply(call.id, error)
                } catch {
                    logger.error("handler failed", metadata: ["rpc.method": "\(call.request.method)", "error": "\(error)"])
                    reply = Self.errorReply(call.id, BusError.internal("\(call.request.method): \(error)"))
                }
            }
            let frames = [call.identity, reply.header.encode(), reply.body]
            replies.enqueue(frames)
        }

        static func errorReply(_ id: UInt64, _ error: BusError) -> (header: ReplyHeader, body: [UInt8]) {
            (ReplyHeader(id: id, code: error.code, reason: error.reason.rawValue), Array(error.message.utf8))
        }
    }

    struct IncomingCall: Sendable {
        var identity: [UInt8]
        var id: UInt64
        var request: Request
    }
}

/// The server's socket, touched only on its loop thread.
struct ServerState {
    var socket: Socket?
    var sink: AsyncStream<[RPC.IncomingCall]>.Continuation?

    func send(_ frames: [Frame]) {
        // A ROUTER drops messages to gone or mute peers rather than block: exactly the rule.
        _ = try? socket?.send(frames: frames)
    }

    /// Stops reading requests: closes the socket and ends the stream of calls.
    mutating func stopIntake(_ loop: Loop) {
        if let socket { loop.unregister(socket) }
        socket = nil
        sink?.finish()
        sink = nil
    }
}

/// A count shared by a server's loop thread and its handler tasks.
final class CallCounter: Sendable {
    private let count = Atomic<Int>(0)
    /// Takes a slot if fewer than `limit` are taken.
    func acquire(limit: Int) -> Bool {
        var current = count.load(ordering: .relaxed)
        while current < limit {
            let (exchanged, original) = count.compareExchange(expected: current, desired: current + 1, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
        return false
    }
    func release() { count.subtract(1, ordering: .relaxed) }
}

extension RPC.Server {
    /// Reads requests on the loop thread: validates them, answers what needs no handler, and
    /// hands the rest to `run()`.
    final class Intake: @unchecked Sendable {  // used on the loop thread only
        let methods: Set<String>
        let configuration: Configuration
        let sink: AsyncStream<[RPC.IncomingCall]>.Continuation
        /// Calls accepted during the current `drain`, handed to `run()` in one yield at its end:
        /// one wake-up of the serving task per drain instead of one per request.
        var accepted: [RPC.IncomingCall] = []
        let inFlight: CallCounter
        let logger: Logger

        init(methods: Set<String>, configuration: Configuration, sink: AsyncStream<[RPC.IncomingCall]>.Continuation,
             inFlight: CallCounter, logger: Logger) {
            self.methods = methods
            self.configuration = configuration
            self.sink = sink
            self.inFlight = inFlight
            self.logger = logger
        }

        /// Reads up to a batch of messages, so that one busy socket cannot starve the loop.
        func drain(_ socket: Socket) {
            defer { handOver(socket) }
            for _ in 0..<512 {
                let message: Message?
                do { message = try socket.receive() } catch {
                    logger.warning("receive failed", metadata: ["error": "\(error)"])
                    return
                }
                guard let message else { return }
                if let reply = accept(message) {
                    _ = try? socket.send(frames: [message[0], reply.header.encode(), reply.body])
                }
            }
        }

        /// Hands the calls accepted by this drain to `run()`; if it has stopped, answers them
        /// `Unavailable` instead.
        private func handOver(_ socket: Socket) {
            guard !accepted.isEmpty else { return }
            let batch = accepted
            accepted.removeAll(keepingCapacity: true)
            guard case .terminated = sink.yield(batch) else { return }
            for call in batch {
                inFlight.release()
                let reply = RPC.Server.errorReply(call.id, .unavailable("server is shutting down"))
                _ = try? socket.send(frames: [call.identity, reply.header.encode(), reply.body])
            }
        }

        /// Either hands the call on (nil) or returns the reply to send at once.
        func accept(_ message: Message) -> (header: RPC.ReplyHeader, body: [UInt8])? {
            guard message.count == 3 else {
                logger.debug("malformed request", metadata: ["frames": "\(message.count)"])
                return RPC.Server.errorReply(0, .badRequest("a request has 2 frames, [header][body]; got \(message.count - 1)"))
            }
            let header: RPC.RequestHeader
            do { header = try RPC.RequestHeader.decode(message[1]) } catch {
                logger.debug("malformed request header", metadata: ["error": "\(error)"])
                return RPC.Server.errorReply(error.id ?? 0, .badRequest(error.description))
            }
            let body = message[2]
            if header.method == RPC.pingMethod { return (RPC.ReplyHeader(id: header.id), []) }
            guard methods.contains(header.method) else {
                return RPC.Server.errorReply(header.id, .notFound("method \"\(header.method)\" not found"))
            }
            guard body.count <= configuration.maxBodyBytes else {
                return RPC.Server.errorReply(header.id, BusError(.requestEntityTooLarge,
                    "request body of \(body.count) bytes is over the limit of \(configuration.maxBodyBytes)"))
            }
            guard inFlight.acquire(limit: configuration.maxConcurrentCalls) else {
                return RPC.Server.errorReply(header.id, BusError(.tooManyRequests,
                    "server is running \(configuration.maxConcurrentCalls) calls; retry later"))
            }
            let deadline: ContinuousClock.Instant? = header.timeoutMilliseconds == 0
                ? nil : .now + .milliseconds(Int64(header.timeoutMilliseconds))
            let request = RPC.Request(method: header.method, body: body, idempotent: header.idempotent, deadline: deadline)
            accepted.append(RPC.IncomingCall(identity: message[0], id: header.id, request: request))
            return nil
        }
    }
}
