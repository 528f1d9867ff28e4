/// The durable, materialized state: what every acknowledged write produced, in log order.
/// Rebuilt on open from a snapshot plus the log; advanced by `apply` after each durable batch.
/// A value type guarded by the log's lock; not thread-safe by itself.
struct StoreState {
    var index = SortedIndex()
    /// Lease id → TTL in milliseconds.
    var leases: [LeaseID: Int64] = [:]
    /// Lease id → keys attached to it.
    var leaseKeys: [LeaseID: Set<Key>] = [:]
    var revision: Int64 = 0
    var compactRevision: Int64 = 0
    var nextLeaseID: LeaseID = 1
    /// The most recent records, for `changes(since:)` from memory.
    var history = RecordWindow(capacity: 0)

    /// Applies one log entry. Throws when the entry cannot follow the current state (a revision
    /// gap), which on recovery means the log is corrupt.
    mutating func apply(_ entry: LogEntry) throws(ApplyError) {
        switch entry {
        case .record(let r):
            guard r.revision == revision + 1 else { throw ApplyError("revision \(r.revision) follows \(revision)") }
            revision = r.revision
            let old: KeyValue?
            if let value = r.value {
                old = index.upsert(KeyValue(key: r.key, value: value, createRevision: r.createRevision,
                                            modRevision: r.revision, lease: r.lease))
                if r.lease != 0 { leaseKeys[r.lease, default: []].insert(r.key) }
            } else {
                old = index.remove(r.key)
            }
            if let old, old.lease != 0, old.lease != r.lease || r.value == nil {
                leaseKeys[old.lease]?.remove(old.key)
            }
            history.append(r)
        case .leaseGrant(let id, let ttl):
            leases[id] = ttl
            nextLeaseID = max(nextLeaseID, id + 1)
        case .leaseRevoke(let id):
            leases[id] = nil
            leaseKeys[id] = nil
        case .compact(let rev):
            compactRevision = max(compactRevision, rev)
            history.drop(through: compactRevision)
        }
    }

    struct ApplyError: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }
}

/// A bounded ring of the newest records, ascending and contiguous by revision.
struct RecordWindow {
    private var storage: [Record] = []
    private var head = 0
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    var count: Int { storage.count - head }
    /// Revision of the oldest record held, `nil` when empty.
    var firstRevision: Int64? { count > 0 ? storage[head].revision : nil }

    mutating func append(_ r: Record) {
        guard capacity > 0 else { return }
        storage.append(r)
        if count > capacity { head += 1 }
        if head > 4096 && head * 2 > storage.count {
            storage.removeFirst(head)
            head = 0
        }
    }

    /// Drops records with revision ≤ `revision`.
    mutating func drop(through revision: Int64) {
        while head < storage.count && storage[head].revision <= revision { head += 1 }
    }

    /// Records with revision > `after`, at most `limit`; `nil` when the window does not reach back that far.
    func records(after: Int64, limit: Int) -> [Record]? {
        guard let first = firstRevision, first <= after + 1 else { return nil }
        let start = head + Int(after + 1 - first)
        let end = min(storage.count, start + limit)
        return start < end ? Array(storage[start..<end]) : []
    }
}
