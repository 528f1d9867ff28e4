/// SKIFF-EVENTS/1: event streams over XPUB/SUB, the zguide's Clone pattern
/// (`proto-docs/bus-events.md`).
public enum EventStream {
    /// The protocol version this code speaks.
    public static let version: UInt8 = 1

    /// The stream a topic belongs to (SKIFF-EVENTS/1 §2): up to and including the first `/`,
    /// or the second when the first segment names an index (`pods@node/node-1/`).
    public static func stream<S: StringProtocol>(of topic: S) -> Substring {
        let utf8 = topic.utf8
        guard let first = utf8.firstIndex(of: UInt8(ascii: "/")) else { return Substring(topic) }
        let firstSegment = utf8[utf8.startIndex..<first]
        var end = utf8.index(after: first)
        if firstSegment.contains(UInt8(ascii: "@")) {
            guard let second = utf8[end...].firstIndex(of: UInt8(ascii: "/")) else { return Substring(topic) }
            end = utf8.index(after: second)
        }
        return Substring(topic[topic.startIndex..<end])
    }

    /// Whether `name` is a whole stream name (its own stream).
    public static func isStreamName<S: StringProtocol>(_ name: S) -> Bool {
        stream(of: name).utf8.count == name.utf8.count
    }

    /// One event as a subscriber receives it.
    public struct Event: Sendable, Equatable {
        public var topic: String
        public var stream: String
        public var sequence: UInt64
        public var revision: UInt64
        public var body: [UInt8]

        public init(topic: String, stream: String, sequence: UInt64, revision: UInt64, body: [UInt8]) {
            self.topic = topic
            self.stream = stream
            self.sequence = sequence
            self.revision = revision
            self.body = body
        }
    }

    /// Why a subscriber can no longer trust its copy of a stream.
    public enum ResyncReason: Sendable, Equatable, CustomStringConvertible {
        /// An event's sequence was not the next one (or a heartbeat's not the last one).
        case gap(expected: UInt64, received: UInt64)
        /// A message came from another publisher epoch: the publisher restarted.
        case publisherRestarted
        /// Nothing arrived on the stream for the silence timeout.
        case silent
        /// The connection to the publisher was lost.
        case disconnected
        /// The subscriber's own buffer overflowed because its owner read too slowly.
        case overflow

        public var description: String {
            switch self {
            case let .gap(expected, received): "gap: expected sequence \(expected), received \(received)"
            case .publisherRestarted: "publisher restarted"
            case .silent: "stream silent"
            case .disconnected: "disconnected from publisher"
            case .overflow: "subscriber buffer overflowed"
            }
        }

        /// Whether the stream must be seen live again before a snapshot can be trusted.
        public var needsLiveness: Bool {
            switch self {
            case .silent, .disconnected: true
            case .gap, .publisherRestarted, .overflow: false
            }
        }
    }

    /// What a subscriber hands its owner, in order.
    public enum Delivery: Sendable, Equatable {
        /// The stream's first message since subscribing (or since it was silent or
        /// disconnected) arrived: the subscription is in force.
        case live(stream: String)
        /// An event, in sequence.
        case event(Event)
        /// Messages of the stream were lost; the owner must take a new snapshot.
        case resync(stream: String, reason: ResyncReason)
    }
}
