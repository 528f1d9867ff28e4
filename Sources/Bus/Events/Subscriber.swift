import Logging
import Synchronization
import ZeroMQ

extension EventStream {
    /// Follows streams on a SUB socket and hands its owner events in sequence, or word that
    /// it must resynchronise (SKIFF-EVENTS/1 §6).
    ///
    /// Guarantees: the owner never receives an event after a hole without a `.resync` before
    /// it — whether the hole came from the publisher's high-water mark, the socket's, a
    /// publisher restart, a lost connection, a silent stream, or this subscriber's own bounded
    /// buffer overflowing because the owner read too slowly.
    public final class Subscriber: Sendable {
        public struct Configuration: Sendable {
            /// Messages libzmq queues before dropping (`ZMQ_RCVHWM`).
            public var receiveHighWaterMark: Int32 = 100_000
            /// Largest frame accepted; a publisher sending more is disconnected by libzmq
            /// (`ZMQ_MAXMSGSIZE`), which the subscriber reports as a lost connection.
            public var maxMessageBytes: Int64 = 64 << 20
            /// Deliveries buffered for the owner before they overflow.
            public var bufferLimit = 100_000
            /// A stream with no message for this long is silent; 3 heartbeat intervals.
            public var silenceTimeout: Duration = .seconds(3)
            public var reconnectInterval: Int32 = 100
            public var maxReconnectInterval: Int32 = 2000
            public init() {}
        }

        /// The streams (or stream prefixes) subscribed.
        public let streams: [String]
        /// Deliveries, in order. One consumer.
        public let deliveries: Deliveries
        private let loop: Loop
        private let state: SubscriberState

        public init(
            connect endpoints: [String],
            streams: [String],
            configuration: Configuration = .init(),
            context: Context = .shared,
            logger: Logger = Logger(label: "skiff.events.subscriber")
        ) async throws {
            let loop = try Loop(name: "subscriber")
            let (batches, sink) = AsyncStream.makeStream(of: [Delivery].self)
            let waiting = WaitingCount()
            let core = SubscriberCore(subscriptions: streams, silenceTimeout: configuration.silenceTimeout, now: .now)
            let state = SubscriberState(loop: loop, core: core, sink: sink, waiting: waiting,
                                        bufferLimit: configuration.bufferLimit, logger: logger)
            self.loop = loop
            self.state = state
            self.streams = streams
            self.deliveries = Deliveries(batches: batches, waiting: waiting)
            let name = "subscriber-\(UInt64.random(in: 1...UInt64.max))"
            try await loop.setUp {
                let socket = try Socket(.sub, context: context)
                try socket.setReceiveHighWaterMark(configuration.receiveHighWaterMark)
                try socket.setMaxMessageSize(configuration.maxMessageBytes)
                try socket.setReconnect(interval: configuration.reconnectInterval, maximum: configuration.maxReconnectInterval)
                let monitor = try socket.monitor(name: name, events: .disconnected)
                for stream in streams { try socket.subscribe(stream) }
                for endpoint in endpoints { try socket.connect(endpoint) }
                state.socket = socket
                loop.register(socket) { state.readEvents() }
                loop.register(monitor) { state.readMonitor(monitor) }
                state.scheduleTicks(every: configuration.silenceTimeout / 3)
            }
        }

        /// How many malformed messages were dropped so far.
        public var malformedCount: Int { state.malformed.load(ordering: .relaxed) }

        /// How many times a connection to a publisher was lost so far.
        public var disconnections: Int { state.disconnections.load(ordering: .relaxed) }

        /// Closes the socket and ends `deliveries`.
        public func close() async {
            loop.execute { [state] in state.close() }
            await loop.shutdown()
        }
    }
}

/// The subscriber's socket, core and outlet; used on its loop thread only.
final class SubscriberState: @unchecked Sendable {
    let loop: Loop
    var core: EventStream.SubscriberCore
    let sink: AsyncStream<[EventStream.Delivery]>.Continuation
    let waiting: EventStream.WaitingCount
    let bufferLimit: Int
    let logger: Logger
    var socket: Socket?
    let malformed = Atomic<Int>(0)
    let disconnections = Atomic<Int>(0)
    /// Deliveries of the current wake-up, handed over together by `flush()`.
    var outbox: [EventStream.Delivery] = []
    /// Set when deliveries were dropped for want of room and the resync notices that cover
    /// them are not handed over yet; until they are, nothing else is.
    var overflowPending = false

    init(loop: Loop, core: EventStream.SubscriberCore, sink: AsyncStream<[EventStream.Delivery]>.Continuation,
         waiting: EventStream.WaitingCount, bufferLimit: Int, logger: Logger) {
        self.loop = loop
        self.core = core
        self.sink = sink
        self.waiting = waiting
        self.bufferLimit = bufferLimit
        self.logger = logger
    }

    func readEvents() {
        guard let socket else { return }
        defer { flush() }
        for _ in 0..<1024 {
            guard let message = try? socket.receive() else { return }
            guard message.count == 3, let topic = message[0].utf8String,
                  let header = EventStream.Header.decode(message[1]) else {
                malformed.add(1, ordering: .relaxed)
                logger.warning("dropped a malformed stream message", metadata: ["frames": "\(message.count)"])
                continue
            }
            outbox.append(contentsOf: core.receive(topic: topic, header: header, body: message[2], now: .now))
        }
    }

    func readMonitor(_ monitor: Socket) {
        defer { flush() }
        while let message = try? monitor.receive() {
            guard let event = try? MonitorEvent(message), event.kind == .disconnected else { continue }
            disconnections.add(1, ordering: .relaxed)
            outbox.append(contentsOf: core.disconnected(now: .now))
        }
    }

    func scheduleTicks(every interval: Duration) {
        loop.schedule(at: .now + interval) { [weak self] in
            guard let self, socket != nil else { return }
            outbox.append(contentsOf: core.tick(now: .now))
            flush()
            scheduleTicks(every: interval)
        }
    }

    /// Hands the outbox to the owner, as much as its buffer has room for. What does not fit is
    /// dropped, so every live stream then owes the owner a resync, delivered first as soon as
    /// there is room (at the latest on the next tick).
    private func flush() {
        guard !outbox.isEmpty || overflowPending else { return }
        var room = bufferLimit - waiting.count.load(ordering: .relaxed)
        var batch: [EventStream.Delivery] = []
        if overflowPending {
            let notices = core.overflowed()
            guard notices.count <= room else {
                outbox.removeAll(keepingCapacity: true)
                return
            }
            batch = notices
            room -= notices.count
            overflowPending = false
        }
        if outbox.count <= room {
            batch.append(contentsOf: outbox)
        } else {
            batch.append(contentsOf: outbox.prefix(max(0, room)))
            overflowPending = true
        }
        outbox.removeAll(keepingCapacity: true)
        guard !batch.isEmpty else { return }
        waiting.count.add(batch.count, ordering: .relaxed)
        sink.yield(batch)
    }

    func close() {
        if let socket { loop.unregister(socket) }
        socket = nil
        sink.finish()
    }
}
