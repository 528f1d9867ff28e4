extension EventStream {
    /// The subscriber's rules (SKIFF-EVENTS/1 §6) as a pure state machine: messages and time
    /// go in, deliveries come out. No sockets, no clock of its own.
    public struct SubscriberCore: Sendable {
        struct Stream: Sendable {
            var epoch: UInt64
            var sequence: UInt64
            var lastSeen: ContinuousClock.Instant
        }

        /// Streams subscribed by name; they are watched for silence even before their first message.
        public let subscriptions: [String]
        public let silenceTimeout: Duration
        /// Streams with a known baseline. A stream absent here is not live.
        private var streams: [String: Stream] = [:]
        /// When each named subscription was made or last reported silent.
        private var waitingSince: [String: ContinuousClock.Instant] = [:]

        public init(subscriptions: [String], silenceTimeout: Duration, now: ContinuousClock.Instant) {
            self.subscriptions = subscriptions
            self.silenceTimeout = silenceTimeout
            for name in subscriptions where EventStream.isStreamName(name) { waitingSince[name] = now }
        }

        /// Whether `stream` has a baseline.
        public func isLive(_ stream: String) -> Bool { streams[stream] != nil }

        /// A message arrived. Returns what to deliver, in order.
        public mutating func receive(topic: String, header: Header, body: [UInt8], now: ContinuousClock.Instant) -> [Delivery] {
            let name = header.kind == .heartbeat ? topic : String(EventStream.stream(of: topic))
            var out: [Delivery] = []
            if let known = streams[name] {
                let expected = header.kind == .event ? known.sequence &+ 1 : known.sequence
                if header.epoch != known.epoch {
                    out.append(.resync(stream: name, reason: .publisherRestarted))
                } else if header.sequence != expected {
                    out.append(.resync(stream: name, reason: .gap(expected: expected, received: header.sequence)))
                }
            } else {
                waitingSince[name] = nil
                out.append(.live(stream: name))
            }
            streams[name] = Stream(epoch: header.epoch, sequence: header.sequence, lastSeen: now)
            if header.kind == .event {
                out.append(.event(Event(topic: topic, stream: name, sequence: header.sequence,
                                         revision: header.revision, body: body)))
            }
            return out
        }

        /// Time passed: reports streams silent for longer than the timeout (once each, until
        /// they are heard from again).
        public mutating func tick(now: ContinuousClock.Instant) -> [Delivery] {
            var out: [Delivery] = []
            for (name, stream) in streams where now - stream.lastSeen > silenceTimeout {
                streams[name] = nil
                waitingSince[name] = now
                out.append(.resync(stream: name, reason: .silent))
            }
            for (name, since) in waitingSince where now - since > silenceTimeout {
                waitingSince[name] = now
                out.append(.resync(stream: name, reason: .silent))
            }
            return out
        }

        /// The connection to the publisher was lost: every stream must be seen live again.
        public mutating func disconnected(now: ContinuousClock.Instant) -> [Delivery] {
            let names = streams.keys.sorted()
            for name in names {
                streams[name] = nil
                waitingSince[name] = now
            }
            return names.map { .resync(stream: $0, reason: .disconnected) }
        }

        /// The owner lost deliveries (its buffer overflowed): every live stream needs a resync.
        public func overflowed() -> [Delivery] {
            streams.keys.sorted().map { .resync(stream: $0, reason: .overflow) }
        }
    }
}
