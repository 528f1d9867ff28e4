extension Core {
    /// Evaluates a transaction against the pending view, reserving revisions for its writes and
    /// recording them in the overlay. Returns the result and the log entries to write (empty for
    /// a transaction that writes nothing).
    mutating func evaluate(_ txn: Txn) throws(EventLogError) -> (TxnResult, [LogEntry]) {
        try checkWritable()
        let succeeded = txn.compares.allSatisfy { $0.holds(for: pendingGet($0.key)) }
        let branch = succeeded ? txn.success : txn.failure
        for op in branch {
            if case .put(_, _, let lease) = op, lease != 0, pendingLeases[lease] == nil { throw .leaseNotFound(lease) }
        }
        var responses: [OpResponse] = []
        var entries: [LogEntry] = []
        for op in branch {
            switch op {
            case .put(let key, let value, let lease):
                let prev = pendingGet(key)
                let rev = pendingRevision + 1
                let record = Record(revision: rev, key: key, value: value, createRevision: prev?.createRevision ?? rev,
                                    prevRevision: prev?.modRevision ?? 0, lease: lease)
                overlay[key] = PendingVersion(revision: rev, kv: record.keyValue)
                pendingRevision = rev
                entries.append(.record(record))
                responses.append(.put(revision: rev, previous: prev))
            case .delete(let key):
                guard let prev = pendingGet(key) else {
                    responses.append(.delete(revision: nil, previous: nil))
                    continue
                }
                entries.append(.record(tombstone(for: prev)))
                responses.append(.delete(revision: pendingRevision, previous: prev))
            case .get(let key):
                responses.append(.get(pendingGet(key)))
            case .range(let request):
                responses.append(.range(pendingRange(request)))
            }
        }
        let current = succeeded ? [] : txn.compares.map { pendingGet($0.key) }
        return (TxnResult(succeeded: succeeded, revision: pendingRevision, responses: responses, current: current), entries)
    }

    /// Reserves the next revision for deleting `prev` and records it in the overlay.
    mutating func tombstone(for prev: KeyValue) -> Record {
        let rev = pendingRevision + 1
        pendingRevision = rev
        overlay[prev.key] = PendingVersion(revision: rev, kv: nil)
        return Record(revision: rev, key: prev.key, value: nil, createRevision: prev.createRevision,
                      prevRevision: prev.modRevision, lease: 0)
    }

    /// Entries revoking `id`: a tombstone per attached key (key order), then the revoke entry.
    mutating func revoke(_ id: LeaseID) throws(EventLogError) -> [LogEntry] {
        guard pendingLeases[id] != nil else { throw .leaseNotFound(id) }
        var keys = Set(state.leaseKeys[id] ?? [])
        for (key, p) in overlay {
            if p.kv?.lease == id { keys.insert(key) } else { keys.remove(key) }
        }
        var entries: [LogEntry] = []
        for key in keys.sorted() {
            guard let prev = pendingGet(key), prev.lease == id else { continue }
            entries.append(.record(tombstone(for: prev)))
        }
        entries.append(.leaseRevoke(id: id))
        pendingLeases[id] = nil
        deadlines[id] = nil
        return entries
    }

    /// A range over the pending view (durable state with accepted writes applied).
    func pendingRange(_ request: RangeRequest) -> RangeResult {
        let touched = overlay.filter { request.matches($0.key) }
        guard !touched.isEmpty else {
            var r = state.index.range(request, revision: pendingRevision)
            r.revision = pendingRevision
            return r
        }
        var unlimited = request
        unlimited.limit = 0
        var kvs = state.index.range(unlimited, revision: pendingRevision).kvs.filter { touched[$0.key] == nil }
        kvs += touched.values.compactMap(\.kv)
        kvs.sort { $0.key < $1.key }
        let count = kvs.count
        if request.limit > 0 && kvs.count > request.limit { kvs.removeSubrange(request.limit...) }
        return RangeResult(kvs: kvs, revision: pendingRevision, count: count)
    }
}

extension RangeRequest {
    /// True when `k` is in the range (continue token included).
    func matches(_ k: Key) -> Bool {
        if let after, !(after < k) { return false }
        switch match {
        case .exact: return k == key
        case .prefix: return k.hasPrefix(key)
        }
    }

    /// The smallest key greater than every key with this prefix; `nil` when there is none.
    static func prefixEnd(_ prefix: Key) -> Key? {
        var b = prefix.bytes
        while let last = b.last {
            if last < 0xFF {
                b[b.count - 1] = last + 1
                return Key(unchecked: b)
            }
            b.removeLast()
        }
        return nil
    }

    func validate() throws(EventLogError) {
        if limit < 0 { throw .invalidRequest("negative limit") }
        if match == .exact { try key.validate() }
    }
}

extension SortedIndex {
    /// Answers a range request from this index.
    func range(_ request: RangeRequest, revision: Int64) -> RangeResult {
        switch request.match {
        case .exact:
            guard let kv = self[request.key], request.matches(kv.key) else { return RangeResult(kvs: [], revision: revision, count: 0) }
            return RangeResult(kvs: [kv], revision: revision, count: 1)
        case .prefix:
            var start = lowerBound(request.key)
            if let after = request.after, request.key <= after { start = lowerBound(after, strict: true) }
            let end = RangeRequest.prefixEnd(request.key).map { lowerBound($0) } ?? endPosition
            let count = distance(from: start, to: end)
            let n = request.limit > 0 ? min(count, request.limit) : count
            var kvs: [KeyValue] = []
            kvs.reserveCapacity(n)
            var p = start
            for _ in 0..<n {
                kvs.append(self[p])
                p = after(p)
            }
            return RangeResult(kvs: kvs, revision: revision, count: count)
        }
    }
}
