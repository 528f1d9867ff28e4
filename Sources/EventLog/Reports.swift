/// What `EventLog.open` found and did. Nothing is dropped without appearing here.
public struct OpenReport: Sendable, Equatable {
    /// The snapshot file loaded, if any.
    public var snapshotPath: String?
    /// The revision of that snapshot (`0` without one).
    public var snapshotRevision: Int64 = 0
    /// Snapshots that failed their checks and were passed over (newest first), with the reason.
    public var skippedSnapshots: [String] = []
    /// Log entries replayed after the snapshot (records and lease/compaction entries).
    public var replayedEntries: Int = 0
    /// Set when a torn tail was cut off the last segment.
    public var truncatedTail: TruncatedTail?
    /// The store revision after recovery.
    public var revision: Int64 = 0

    /// A torn write at the end of the log, removed on open.
    public struct TruncatedTail: Sendable, Equatable {
        public var path: String
        /// The new length of the file (where the first incomplete entry started).
        public var offset: Int64
        /// Bytes removed.
        public var droppedBytes: Int64
        /// Why the tail was judged torn.
        public var reason: String
    }
}

/// What `EventLog.repair` removed.
public struct RepairReport: Sendable, Equatable {
    /// The segment that was cut, and where; `nil` when the log was already sound.
    public var truncatedPath: String?
    public var truncatedOffset: Int64 = 0
    /// Why the record at that offset was rejected.
    public var reason: String = ""
    /// Bytes removed from the cut segment.
    public var droppedBytes: Int64 = 0
    /// Later segments deleted whole.
    public var deletedSegments: [String] = []
    /// Snapshots deleted because they described state past the cut.
    public var deletedSnapshots: [String] = []
}

/// A snapshot that was written.
public struct SnapshotInfo: Sendable, Equatable {
    public var path: String
    public var revision: Int64
    public var keys: Int
    public var bytes: Int64
}

/// Counters for tests and metrics. Monotonic over the life of one `EventLog`.
public struct EventLogStats: Sendable, Equatable {
    /// fdatasync calls made for log batches.
    public var syncs: Int = 0
    /// Batches written.
    public var batches: Int = 0
    /// Log entries written (records plus lease/compaction entries).
    public var entries: Int = 0
    /// Bytes appended to segments.
    public var bytes: Int64 = 0
    /// Batches that failed to write.
    public var failedBatches: Int = 0
}

/// Tuning knobs. The defaults suit a Kubernetes-sized cluster.
public struct EventLogOptions: Sendable {
    /// A new segment starts when the current one would grow beyond this.
    public var segmentSize: Int64 = 64 << 20
    /// Number of recent records kept in memory to serve `changes(since:)` without disk reads.
    public var historyWindow: Int = 100_000
    /// A batch stops accepting writes at this many bytes (the next one starts).
    public var maxBatchBytes: Int = 8 << 20
    /// Snapshots kept on disk (at least 1).
    public var retainedSnapshots: Int = 2

    public init() {}
}

/// A lease: keys attached to it are deleted when it is revoked or expires.
public struct Lease: Sendable, Equatable {
    public var id: LeaseID
    /// Time to live, whole milliseconds.
    public var ttl: Duration
    /// Keys currently attached (committed state).
    public var keys: [Key]
}
