extension EventStream {
    /// What a replica hands its owner.
    public enum ReplicaUpdate<Snapshot: Sendable>: Sendable {
        /// Replace everything with this snapshot, taken at `revision`.
        case reset(revision: UInt64, snapshot: Snapshot)
        /// Apply this event (its revision is above the last snapshot's).
        case event(Event)
    }

    /// Subscribe, then snapshot, then apply (SKIFF-EVENTS/1 §7): turns a subscriber's
    /// deliveries into a sequence a cache can apply blindly — a `.reset` with a snapshot, then
    /// the events after it, and a new `.reset` whenever the subscriber lost messages.
    ///
    /// The snapshot is taken in the consumer's own task, only once every subscribed stream is
    /// live, so nothing published after the snapshot's revision is missed unnoticed. A failed
    /// snapshot is retried after `retryDelay` (doubling up to 5 s). Iterate it from one task.
    public struct Replica<Snapshot: Sendable>: AsyncSequence {
        public typealias Element = ReplicaUpdate<Snapshot>
        public typealias SnapshotSource = @Sendable () async throws -> (revision: UInt64, snapshot: Snapshot)

        let subscriber: Subscriber
        let snapshot: SnapshotSource
        let retryDelay: Duration

        public init(subscriber: Subscriber, retryDelay: Duration = .milliseconds(100), snapshot: @escaping SnapshotSource) {
            self.subscriber = subscriber
            self.snapshot = snapshot
            self.retryDelay = retryDelay
        }

        public func makeAsyncIterator() -> Iterator {
            Iterator(deliveries: subscriber.deliveries.makeAsyncIterator(), streams: subscriber.streams,
                     snapshot: snapshot, retryDelay: retryDelay)
        }

        public struct Iterator: AsyncIteratorProtocol {
            var deliveries: Deliveries.AsyncIterator
            let snapshot: SnapshotSource
            let retryDelay: Duration
            /// Named streams that must be live before a snapshot; empty for a wildcard, which
            /// waits for any one stream instead.
            var waitingFor: Set<String>
            let wildcard: Bool
            var anyLive = false
            var needsSnapshot = true
            var revision: UInt64 = 0
            /// How many snapshots were taken: 1 plus the resyncs.
            public private(set) var snapshots = 0

            init(deliveries: Deliveries.AsyncIterator, streams: [String], snapshot: @escaping SnapshotSource, retryDelay: Duration) {
                self.deliveries = deliveries
                self.snapshot = snapshot
                self.retryDelay = retryDelay
                let named = streams.filter { EventStream.isStreamName($0) }
                self.waitingFor = Set(named)
                self.wildcard = named.count != streams.count
            }

            var ready: Bool { waitingFor.isEmpty && (!wildcard || anyLive) }

            /// The next update; nil when the subscriber closed. Throws `CancellationError` when
            /// the task is cancelled during a snapshot retry.
            public mutating func next() async throws -> ReplicaUpdate<Snapshot>? {
                while true {
                    if needsSnapshot && ready {
                        let taken = try await takeSnapshot()
                        needsSnapshot = false
                        revision = taken.revision
                        snapshots += 1
                        return .reset(revision: taken.revision, snapshot: taken.snapshot)
                    }
                    guard let delivery = await deliveries.next() else { return nil }
                    switch delivery {
                    case let .live(stream):
                        waitingFor.remove(stream)
                        anyLive = true
                    case let .resync(stream, reason):
                        needsSnapshot = true
                        if reason.needsLiveness { waitingFor.insert(stream) }
                    case let .event(event):
                        if !needsSnapshot && event.revision > revision { return .event(event) }
                    }
                }
            }

            private func takeSnapshot() async throws -> (revision: UInt64, snapshot: Snapshot) {
                var delay = retryDelay
                while true {
                    do { return try await snapshot() } catch {
                        try await Task.sleep(for: delay)
                        delay = Swift.min(delay * 2, .seconds(5))
                    }
                }
            }
        }
    }
}
