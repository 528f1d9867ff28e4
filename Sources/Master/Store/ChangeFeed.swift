import Bus
import EventLog
import Logging

/// Publishes every committed change of the log on the change stream, in revision order:
/// topic = key, revision = the record's revision, body = the record as JSON.
///
/// The subscription is taken when the feed is made, before the store accepts any write, so the
/// publisher's sequence on stream `/` (which starts at 1 with each new epoch) is exactly
/// `revision - sequenceBase`.
struct ChangeFeed: Sendable {
    let subscription: EventLog.Subscription
    let publisher: EventStream.Publisher
    let logger: Logger

    init(log: EventLog, publisher: EventStream.Publisher, logger: Logger) {
        self.subscription = log.subscribe()
        self.publisher = publisher
        self.logger = logger
    }

    /// The revision before the first event of this epoch.
    var sequenceBase: Int64 { subscription.revision }

    /// Runs until the log closes.
    func run() async {
        var expected = subscription.revision + 1
        for await batch in subscription.records {
            for record in batch {
                if record.revision != expected {
                    // The log promises contiguous revisions; a hole here would break sequence = revision.
                    logger.error("change feed saw a revision gap", metadata: ["store.revision": "\(record.revision)", "expected": "\(expected)"])
                }
                expected = record.revision + 1
                let body = (try? StoreCodec.encode(StoreCodec.wire(record))) ?? []
                publisher.publish(topic: record.key.string, revision: UInt64(record.revision), body: body)
            }
        }
    }
}
