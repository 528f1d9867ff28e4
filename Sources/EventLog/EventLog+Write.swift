import Dispatch

extension EventLog {
    /// Runs a transaction. Returns once its writes — and every write it observed — are durable.
    ///
    /// Compares are evaluated against the latest accepted state, so concurrent writers serialize
    /// in call order; a failed compare is not an error (`succeeded == false`, `current` holds the
    /// compared keys' versions). If the batch the transaction was written in fails (e.g. disk
    /// full), this throws that error and none of its writes happened.
    @discardableResult
    public func txn(_ txn: Txn) async throws(EventLogError) -> TxnResult {
        try Self.validate(txn)
        return try await submit { (c) throws(EventLogError) in
            let (result, entries) = try c.evaluate(txn)
            return (result, entries.isEmpty ? [] : [entries])
        }
    }

    /// Writes `value` at `key` unconditionally; returns the new modRevision.
    @discardableResult
    public func put(_ key: Key, _ value: [UInt8], lease: LeaseID = 0) async throws(EventLogError) -> Int64 {
        let r = try await txn(Txn(success: [.put(key, value, lease: lease)]))
        return r.revisions[0]
    }

    /// Deletes `key` unconditionally; returns the tombstone's revision, `nil` if it did not exist.
    @discardableResult
    public func delete(_ key: Key) async throws(EventLogError) -> Int64? {
        try await txn(Txn(success: [.delete(key)])).revisions.first
    }

    static func validate(_ txn: Txn) throws(EventLogError) {
        for c in txn.compares { try c.key.validate() }
        for branch in [txn.success, txn.failure] {
            var written = Set<Key>()
            for op in branch {
                switch op {
                case .put(let key, let value, _):
                    try key.validate()
                    if value.count > maxValueSize { throw .valueTooLarge(size: value.count, limit: maxValueSize) }
                    if !written.insert(key).inserted { throw .invalidRequest("key \(key) is written twice in one transaction") }
                case .delete(let key):
                    try key.validate()
                    if !written.insert(key).inserted { throw .invalidRequest("key \(key) is written twice in one transaction") }
                case .get(let key): try key.validate()
                case .range(let r): try r.validate()
                }
            }
        }
    }

    /// Evaluates `body` under the lock and, if it produced entries (or depends on writes still in
    /// flight), waits for them to be durable before returning its result.
    func submit<T: Sendable>(_ body: @escaping (inout Core) throws(EventLogError) -> (T, [[LogEntry]])) async throws(EventLogError) -> T {
        let result: Result<T, EventLogError> = await withCheckedContinuation { cont in
            let next: Next = core.withLock { c in
                let value: T
                let groups: [[LogEntry]]
                do throws(EventLogError) {
                    (value, groups) = try body(&c)
                } catch {
                    cont.resume(returning: .failure(error))
                    return .done
                }
                if groups.isEmpty && c.idle {
                    cont.resume(returning: .success(value))
                    return .done
                }
                let start = c.enqueue(groups) { error in
                    cont.resume(returning: error.map { .failure($0) } ?? .success(value))
                }
                return start ? .flush : .done
            }
            if next == .flush { ioQueue.async { self.flushLoop() } }
        }
        return try result.get()
    }

    private enum Next { case done, flush }

    /// Writes queued batches until none is left. Runs on `ioQueue` only.
    func flushLoop() {
        while true {
            let next: Batch? = core.withLock { c in
                guard !c.batches.isEmpty else {
                    c.flushing = false
                    let waiters = c.closeWaiters
                    c.closeWaiters.removeAll()
                    for w in waiters { w() }
                    return nil
                }
                return c.batches.removeFirst()
            }
            guard let batch = next else { return }
            guard !batch.groups.isEmpty else {
                for w in batch.waiters { w(nil) }
                continue
            }
            var w = ByteWriter(capacity: batch.bytes + 64)
            for group in batch.groups {
                for (i, entry) in group.enumerated() { entry.encode(into: &w, continues: i < group.count - 1) }
            }
            let outcome = writer.append(w.bytes, baseRevision: batch.baseRevision)
            switch outcome.result {
            case .success(let size):
                let (records, subscribers): ([Record], [AsyncStream<[Record]>.Continuation]) = core.withLock { c in
                    if let rotated = outcome.rotated { c.segments.append(rotated) }
                    c.segments[c.segments.count - 1].size = size
                    c.stats.bytes += Int64(w.bytes.count)
                    return (c.commit(batch), Array(c.subscribers.values))
                }
                if !records.isEmpty { for s in subscribers { s.yield(records) } }
                for waiter in batch.waiters { waiter(nil) }
            case .failure(let error):
                let others: [Waiter] = core.withLock { c in
                    if let rotated = outcome.rotated { c.segments.append(rotated) }
                    if let broken = outcome.broken { c.broken = broken }
                    return c.rollBack()
                }
                for waiter in batch.waiters + others { waiter(error) }
            }
        }
    }
}
