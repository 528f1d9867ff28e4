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
        public let deliveries: AsyncStream<Delivery>
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
            let (deliveries, sink) = AsyncStream.makeStream(of: Delivery.self, bufferingPolicy: .bufferingOldest(configuration.bufferLimit))
            let core = SubscriberCore(subscriptions: streams, silenceTimeout: configuration.silenceTimeout, now: .now)
            let state = SubscriberState(loop: loop, core: core, sink: sink, logger: logger)
            self.loop = loop
            self.state = state
            self.streams = streams
            self.deliveries = deliveries
            let name = "subscriber-\(UInt64.random(in: 1...UInt64.max))"
            do {
                try await loop.submit {
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
            } catch {
                await loop.shutdown()
                throw error
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
    let sink: AsyncStream<EventStream.Delivery>.Continuation
    let logger: Logger
    var socket: Socket?
    let malformed = Atomic<Int>(0)
    let disconnections = Atomic<Int>(0)
    /// Set when the owner's buffer overflowed and the resync notices are not delivered yet.
    var overflowPending = false

    init(loop: Loop, core: EventStream.SubscriberCore, sink: AsyncStream<EventStream.Delivery>.Continuation, logger: Logger) {
        self.loop = loop
        self.core = core
        self.sink = sink
        self.logger = logger
    }

    func readEvents() {
        guard let socket else { return }
        for _ in 0..<1024 {
            guard let message = try? socket.receive() else { return }
            guard message.count == 3, let topic = message[0].utf8String,
                  let header = EventStream.Header.decode(message[1]) else {
                malformed.add(1, ordering: .relaxed)
                logger.warning("dropped a malformed stream message", metadata: ["frames": "\(message.count)"])
                continue
            }
            deliver(core.receive(topic: topic, header: header, body: message[2], now: .now))
        }
    }

    func readMonitor(_ monitor: Socket) {
        while let message = try? monitor.receive() {
            guard let event = try? MonitorEvent(message), event.kind == .disconnected else { continue }
            disconnections.add(1, ordering: .relaxed)
            deliver(core.disconnected(now: .now))
        }
    }

    func scheduleTicks(every interval: Duration) {
        loop.schedule(at: .now + interval) { [weak self] in
            guard let self, socket != nil else { return }
            deliver(core.tick(now: .now))
            scheduleTicks(every: interval)
        }
    }

    /// Hands deliveries to the owner. When its buffer is full the delivery is lost, so every
    /// live stream owes the owner a resync; until that notice is delivered, nothing else is.
    private func deliver(_ items: [EventStream.Delivery]) {
        for item in items {
            if overflowPending {
                let notices = core.overflowed()
                var delivered = true
                for notice in notices where delivered {
                    if case .dropped = sink.yield(notice) { delivered = false }
                }
                if !delivered { return }
                overflowPending = false
            }
            if case .dropped = sink.yield(item) { overflowPending = true }
        }
    }

    func close() {
        if let socket { loop.unregister(socket) }
        socket = nil
        sink.finish()
    }
}
