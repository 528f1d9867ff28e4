import Logging
import ServiceLifecycle
import ZeroMQ

extension EventStream {
    /// Publishes events on an XPUB socket (SKIFF-EVENTS/1): assigns each stream's sequence
    /// numbers, heartbeats streams that have subscribers, and welcomes each new subscription
    /// with an immediate heartbeat.
    ///
    /// Guarantees: events are sent in the order `publish` was called; each stream's sequence
    /// grows by exactly one per event; `publish` never blocks (a subscriber at its high-water
    /// mark loses messages, which its sequence check reveals).
    public final class Publisher: Service, Sendable {
        public struct Configuration: Sendable {
            public var heartbeatInterval: Duration = .seconds(1)
            /// Messages queued per subscriber before it starts losing them.
            public var sendHighWaterMark: Int32 = 100_000
            /// Streams known from the start, heartbeated as soon as someone subscribes to them.
            public var streams: [String] = []
            public init() {}
        }

        public let endpoints: [String]
        /// This publisher's epoch (SKIFF-EVENTS/1 §3.1).
        public let epoch: UInt64
        private let loop: Loop
        private let state: PublisherState
        private let queue: LoopQueue<Outgoing>

        struct Outgoing: Sendable {
            var topic: String
            var revision: UInt64
            var body: [UInt8]
        }

        public init(
            bind endpoints: [String],
            configuration: Configuration = .init(),
            context: Context = .shared,
            logger: Logger = Logger(label: "skiff.events.publisher")
        ) async throws {
            let loop = try Loop(name: "publisher")
            let epoch = UInt64.random(in: 1...UInt64.max)
            let state = PublisherState(loop: loop, epoch: epoch, configuration: configuration, logger: logger)
            self.loop = loop
            self.epoch = epoch
            self.state = state
            self.queue = LoopQueue(loop: loop) { batch in for item in batch { state.send(item) } }
            self.endpoints = try await loop.setUp {
                let socket = try Socket(.xpub, context: context)
                try socket.setXPubVerboser(true)
                try socket.setSendHighWaterMark(configuration.sendHighWaterMark)
                var bound: [String] = []
                for endpoint in endpoints {
                    try socket.bind(endpoint)
                    bound.append(try socket.lastEndpoint)
                }
                state.socket = socket
                loop.register(socket) { state.readSubscriptions() }
                state.scheduleHeartbeats()
                return bound
            }
        }

        /// Publishes one event. Never blocks; the loop thread sends it (after a close, nothing).
        public func publish(topic: String, revision: UInt64, body: [UInt8]) {
            queue.enqueue(Outgoing(topic: topic, revision: revision, body: body))
        }

        /// Waits for graceful shutdown or cancellation, then closes.
        public func run() async throws {
            try? await gracefulShutdown()
            await close()
        }

        /// Sends what is queued and closes the socket.
        public func close() async {
            loop.execute { [queue, state] in
                queue.drain()
                state.close()
            }
            await loop.shutdown()
        }
    }
}

/// The publisher's socket and per-stream counters; used on its loop thread only.
final class PublisherState: @unchecked Sendable {
    struct Stream {
        var sequence: UInt64 = 0
        var lastSent: ContinuousClock.Instant
    }

    let loop: Loop
    let epoch: UInt64
    let configuration: EventStream.Publisher.Configuration
    let logger: Logger
    var socket: Socket?
    var streams: [String: Stream] = [:]
    /// Subscription prefixes and how many subscribers hold each.
    var subscriptions: [[UInt8]: Int] = [:]
    var revision: UInt64 = 0

    init(loop: Loop, epoch: UInt64, configuration: EventStream.Publisher.Configuration, logger: Logger) {
        self.loop = loop
        self.epoch = epoch
        self.configuration = configuration
        self.logger = logger
        let start = ContinuousClock.now
        for name in configuration.streams { streams[name] = Stream(lastSent: start) }
    }

    func send(_ item: EventStream.Publisher.Outgoing) {
        guard let socket else { return }
        let name = String(EventStream.stream(of: item.topic))
        var stream = streams[name] ?? Stream(lastSent: .now)
        stream.sequence += 1
        stream.lastSent = .now
        streams[name] = stream
        revision = max(revision, item.revision)
        let header = EventStream.Header(kind: .event, epoch: epoch, sequence: stream.sequence, revision: item.revision)
        // XPUB never blocks: a subscriber at its high-water mark drops the message.
        _ = try? socket.send(frames: [Array(item.topic.utf8), header.encode(), item.body])
    }

    func heartbeat(_ name: String, now: ContinuousClock.Instant) {
        guard let socket, var stream = streams[name] else { return }
        stream.lastSent = now
        streams[name] = stream
        let header = EventStream.Header(kind: .heartbeat, epoch: epoch, sequence: stream.sequence, revision: revision)
        _ = try? socket.send(frames: [Array(name.utf8), header.encode(), []])
    }

    /// Whether any subscriber receives stream `name`.
    func isSubscribed(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        return subscriptions.keys.contains { bytes.starts(with: $0) }
    }

    func readSubscriptions() {
        guard let socket else { return }
        while let message = try? socket.receive() {
            guard message.count == 1, let flag = message[0].first, flag <= 1 else { continue }
            let prefix = Array(message[0].dropFirst())
            if flag == 1 {
                subscriptions[prefix, default: 0] += 1
                welcome(prefix)
            } else if let count = subscriptions[prefix] {
                subscriptions[prefix] = count > 1 ? count - 1 : nil
            }
        }
    }

    /// SKIFF-EVENTS/1 §5: a new subscription gets a heartbeat on each stream it covers at once.
    private func welcome(_ prefix: [UInt8]) {
        let now = ContinuousClock.now
        if let name = String(validating: prefix, as: UTF8.self), EventStream.isStreamName(name), streams[name] == nil {
            streams[name] = Stream(lastSent: now)
        }
        for name in streams.keys where Array(name.utf8).starts(with: prefix) { heartbeat(name, now: now) }
    }

    func scheduleHeartbeats() {
        let interval = configuration.heartbeatInterval
        loop.schedule(at: .now + interval / 4) { [weak self] in
            guard let self, socket != nil else { return }
            let now = ContinuousClock.now
            for (name, stream) in streams where now - stream.lastSent >= interval && isSubscribed(name) {
                heartbeat(name, now: now)
            }
            scheduleHeartbeats()
        }
    }

    func close() {
        if let socket { loop.unregister(socket) }
        socket = nil
    }
}
