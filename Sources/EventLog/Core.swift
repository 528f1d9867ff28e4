/// Called once when a batch is durable (`nil`) or failed (the error).
typealias Waiter = @Sendable (EventLogError?) -> Void

/// Log entries accepted together, written with one write() and one fdatasync().
struct Batch {
    /// Transactions in order; each group is written as a unit (continues flags inside it).
    var groups: [[LogEntry]] = []
    var waiters: [Waiter] = []
    /// Rough size, to cap batches.
    var bytes = 0
    /// The committed revision before this batch's first record.
    var baseRevision: Int64
}

/// A key's latest version among accepted but not yet durable writes (`kv == nil`: deleted).
struct PendingVersion {
    var revision: Int64
    var kv: KeyValue?
}

/// Everything the log's lock guards: the durable state, the view writers evaluate against
/// (durable state plus accepted writes), the batch queue and bookkeeping.
struct Core {
    var state: StoreState
    var overlay: [Key: PendingVersion] = [:]
    var pendingRevision: Int64
    var pendingLeases: [LeaseID: Int64]
    var pendingCompact: Int64
    var nextLeaseID: LeaseID
    /// Lease deadlines: volatile (not logged); restored leases get one at the first `now` seen.
    var deadlines: [LeaseID: ContinuousClock.Instant] = [:]
    /// Batches waiting to be written; new writes join the last one.
    var batches: [Batch] = []
    /// True while the flusher runs (or is scheduled) on the I/O queue.
    var flushing = false
    var segments: [SegmentInfo]
    /// Retained snapshot files, oldest first.
    var snapshots: [SnapshotRef]
    var stats = EventLogStats()
    var closed = false
    var closeWaiters: [@Sendable () -> Void] = []
    /// Set when the writer can no longer write safely (truncating a failed batch failed).
    var broken: EventLogError?
    var subscribers: [UInt64: AsyncStream<[Record]>.Continuation] = [:]
    var nextSubscriber: UInt64 = 0
    let maxBatchBytes: Int
    /// The directory lock, held until `close` (or deinit).
    var lockFD: Int32

    init(state: StoreState, segments: [SegmentInfo], snapshots: [SnapshotRef], maxBatchBytes: Int, lockFD: Int32) {
        self.lockFD = lockFD
        self.state = state
        self.pendingRevision = state.revision
        self.pendingLeases = state.leases
        self.pendingCompact = state.compactRevision
        self.nextLeaseID = state.nextLeaseID
        self.segments = segments
        self.snapshots = snapshots
        self.maxBatchBytes = maxBatchBytes
    }

    /// True when nothing is accepted but not yet durable: the pending view equals the durable state.
    var idle: Bool { batches.isEmpty && !flushing }

    func checkWritable() throws(EventLogError) {
        if closed { throw .closed }
        if let broken { throw broken }
    }

    /// The latest version of `key` as writers see it.
    func pendingGet(_ key: Key) -> KeyValue? {
        if let p = overlay[key] { return p.kv }
        return state.index[key]
    }

    /// Appends transaction groups to the open batch. Returns true when the caller must start the flusher.
    mutating func enqueue(_ groups: [[LogEntry]], waiter: @escaping Waiter) -> Bool {
        let size = groups.reduce(0) { $0 + $1.reduce(0) { $0 + $1.estimatedSize } }
        if batches.isEmpty || batches[batches.count - 1].bytes >= maxBatchBytes {
            // `evaluate` already reserved the revisions of `groups`: the batch starts just before them.
            let records = groups.reduce(0) { $0 + $1.records.count }
            batches.append(Batch(baseRevision: pendingRevision - Int64(records)))
        }
        let last = batches.count - 1
        batches[last].groups.append(contentsOf: groups)
        batches[last].waiters.append(waiter)
        batches[last].bytes += size
        if flushing { return false }
        flushing = true
        return true
    }

    /// Makes a durable batch part of the state. Returns the records it committed.
    mutating func commit(_ batch: Batch) -> [Record] {
        var records: [Record] = []
        for group in batch.groups {
            for entry in group {
                do { try state.apply(entry) } catch {
                    preconditionFailure("EventLog: committed entry does not apply: \(error.reason)")
                }
                if case .record(let r) = entry {
                    records.append(r)
                    if overlay[r.key]?.revision == r.revision { overlay[r.key] = nil }
                }
            }
        }
        stats.batches += 1
        stats.syncs += 1
        stats.entries += batch.groups.reduce(0) { $0 + $1.count }
        return records
    }

    /// Forgets every accepted, not yet durable write after a failed batch; returns the waiters of
    /// the batches still queued, which were evaluated against the lost writes and must fail too.
    mutating func rollBack() -> [Waiter] {
        let waiters = batches.flatMap(\.waiters)
        batches.removeAll()
        overlay.removeAll()
        pendingRevision = state.revision
        pendingLeases = state.leases
        pendingCompact = state.compactRevision
        deadlines = deadlines.filter { pendingLeases[$0.key] != nil }
        stats.failedBatches += 1
        return waiters
    }
}

extension LogEntry {
    var estimatedSize: Int {
        if case .record(let r) = self { return 48 + r.key.bytes.count + (r.value?.count ?? 0) }
        return 28
    }
}

/// A snapshot file kept on disk.
struct SnapshotRef: Sendable, Equatable {
    var path: String
    var revision: Int64
    var seq: UInt64
}
