import Synchronization

extension EventStream {
    /// A subscriber's deliveries, in order, for one consumer.
    ///
    /// The subscriber's loop thread hands them over in batches — everything one wake-up read —
    /// so that producer and consumer meet on a lock once per batch rather than once per event;
    /// the iterator hands them out one at a time. At most the subscriber's `bufferLimit`
    /// deliveries wait for the consumer; beyond that they are dropped and the subscriber owes
    /// the consumer a resync (see `Subscriber`).
    public struct Deliveries: AsyncSequence, Sendable {
        public typealias Element = Delivery

        let batches: AsyncStream<[Delivery]>
        let waiting: WaitingCount

        public func makeAsyncIterator() -> AsyncIterator {
            AsyncIterator(batches: batches.makeAsyncIterator(), waiting: waiting)
        }

        public struct AsyncIterator: AsyncIteratorProtocol {
            var batches: AsyncStream<[Delivery]>.Iterator
            let waiting: WaitingCount
            var batch: [Delivery] = []
            var index = 0

            /// The next delivery; nil once the subscriber is closed (or the task cancelled).
            public mutating func next() async -> Delivery? {
                if index < batch.count {
                    defer { index += 1 }
                    return batch[index]
                }
                guard let next = await batches.next(), !next.isEmpty else { return nil }
                waiting.count.subtract(next.count, ordering: .relaxed)
                batch = next
                index = 1
                return next[0]
            }
        }
    }

    /// Deliveries handed over and not yet taken by the consumer.
    final class WaitingCount: Sendable {
        let count = Atomic<Int>(0)
    }
}
