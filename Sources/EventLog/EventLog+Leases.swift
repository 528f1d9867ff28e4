extension EventLog {
    /// A lease that was revoked (explicitly or by expiry) and the tombstones that deleted its keys.
    public struct RevokedLease: Sendable, Equatable {
        public var id: LeaseID
        /// One tombstone per attached key, in key order, with consecutive revisions.
        public var deleted: [Record]
    }

    /// Grants a lease with `ttl` (rounded down to milliseconds, at least 1 ms) that expires at
    /// `now + ttl` unless kept alive. Durable (logged) before it returns, so it survives restart.
    public func grantLease(ttl: Duration, now: ContinuousClock.Instant) async throws(EventLogError) -> LeaseID {
        let ms = ttl.milliseconds
        guard ms > 0 else { throw .invalidRequest("lease TTL must be at least 1 ms") }
        return try await submit { (c) throws(EventLogError) in
            try c.checkWritable()
            let id = c.nextLeaseID
            c.nextLeaseID += 1
            c.pendingLeases[id] = ms
            c.deadlines[id] = now + .milliseconds(ms)
            return (id, [[.leaseGrant(id: id, ttlMillis: ms)]])
        }
    }

    /// Extends a lease to `now + ttl`; returns the TTL. Not logged: after a restart every lease
    /// gets a full TTL from the first `now` the log sees (as etcd does on leader change).
    @discardableResult
    public func keepAlive(_ id: LeaseID, now: ContinuousClock.Instant) throws(EventLogError) -> Duration {
        try core.withLock { (c) throws(EventLogError) -> Duration in
            guard let ms = c.pendingLeases[id] else { throw .leaseNotFound(id) }
            c.deadlines[id] = now + .milliseconds(ms)
            return .milliseconds(ms)
        }
    }

    /// Revokes a lease: deletes every key attached to it (each a normal tombstone record), then
    /// the lease, in one atomic, durable transaction.
    public func revokeLease(_ id: LeaseID) async throws(EventLogError) -> RevokedLease {
        try await submit { (c) throws(EventLogError) in
            try c.checkWritable()
            let entries = try c.revoke(id)
            return (RevokedLease(id: id, deleted: entries.records), [entries])
        }
    }

    /// Revokes every lease whose deadline is at or before `now` (the shell calls this on a timer).
    /// Leases restored from disk that have no deadline yet get `now + ttl`. Returns what was revoked,
    /// by lease id; durable before it returns.
    public func expireLeases(now: ContinuousClock.Instant) async throws(EventLogError) -> [RevokedLease] {
        try await submit { (c) throws(EventLogError) in
            try c.checkWritable()
            var revoked: [RevokedLease] = []
            var groups: [[LogEntry]] = []
            for (id, ms) in c.pendingLeases.sorted(by: { $0.key < $1.key }) {
                guard let deadline = c.deadlines[id] else {
                    c.deadlines[id] = now + .milliseconds(ms)
                    continue
                }
                guard deadline <= now else { continue }
                let entries = try c.revoke(id)
                revoked.append(RevokedLease(id: id, deleted: entries.records))
                groups.append(entries)
            }
            return (revoked, groups)
        }
    }

    /// The durable leases and their attached keys, by id.
    public var leases: [Lease] {
        core.withLock { c in
            c.state.leases.sorted(by: { $0.key < $1.key }).map { id, ms in
                Lease(id: id, ttl: .milliseconds(ms), keys: (c.state.leaseKeys[id] ?? []).sorted())
            }
        }
    }
}

extension Duration {
    var milliseconds: Int64 {
        let (s, atto) = components
        return s * 1000 + atto / 1_000_000_000_000_000
    }
}

extension [LogEntry] {
    var records: [Record] {
        compactMap { if case .record(let r) = $0 { r } else { nil } }
    }
}
