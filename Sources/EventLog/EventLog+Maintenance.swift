extension EventLog {
    /// Writes a snapshot of the durable state atomically (temp file, fsync, rename, directory
    /// fsync) without blocking writers, keeps the newest `options.retainedSnapshots`, and deletes
    /// segments that the oldest kept snapshot covers and that lie wholly at or below the compacted
    /// revision. Restart then loads the snapshot and replays only the log after it.
    public func snapshot() async throws(EventLogError) -> SnapshotInfo {
        let file = try core.withLock { (c) throws(EventLogError) -> SnapshotFile in
            if c.closed { throw .closed }
            let seg = c.segments[c.segments.count - 1]
            return SnapshotFile(revision: c.state.revision, compactRevision: c.state.compactRevision,
                                segmentSeq: seg.seq, segmentOffset: seg.size, nextLeaseID: c.nextLeaseID,
                                leases: c.state.leases, index: c.state.index)
        }
        let directory = directory, keep = max(1, options.retainedSnapshots)
        return try await Self.onQueue(backgroundQueue) { () throws(EventLogError) -> SnapshotInfo in
            let path = directory + "/" + SnapshotFile.name(revision: file.revision, seq: file.segmentSeq)
            let size = try file.write(to: path, directory: directory)
            let ref = SnapshotRef(path: path, revision: file.revision, seq: file.segmentSeq)
            let dropped: [SnapshotRef] = self.core.withLock { c in
                c.snapshots.removeAll { $0.path == path }
                c.snapshots.append(ref)
                let n = max(0, c.snapshots.count - keep)
                defer { c.snapshots.removeFirst(n) }
                return Array(c.snapshots.prefix(n))
            }
            for old in dropped { try FileIO.unlink(old.path) }
            try self.pruneSegments()
            return SnapshotInfo(path: path, revision: file.revision, keys: file.index.count, bytes: size)
        }
    }

    /// Drops history at or below `revision`: `changes(since:)` below it then throws `.compacted`.
    /// Recorded durably in the log before returning; segments wholly below it that a snapshot
    /// covers are deleted. Compacting to a revision at or below the current compaction is a no-op.
    public func compact(revision: Int64) async throws(EventLogError) {
        let compacted = try await submit { (c) throws(EventLogError) -> (Bool, [[LogEntry]]) in
            try c.checkWritable()
            if revision > c.pendingRevision { throw .futureRevision(requested: revision, current: c.pendingRevision) }
            if revision <= c.pendingCompact { return (false, []) }
            c.pendingCompact = revision
            return (true, [[.compact(revision: revision)]])
        }
        if compacted {
            try await Self.onQueue(backgroundQueue) { () throws(EventLogError) in try self.pruneSegments() }
        }
    }

    /// Deletes leading segments that are not active, lie before the oldest kept snapshot's
    /// position, and hold only revisions at or below the compacted revision. Background queue only.
    func pruneSegments() throws(EventLogError) {
        let doomed: [SegmentInfo] = core.withLock { c in
            guard let floor = c.snapshots.map(\.seq).min() else { return [] }
            var n = 0
            while n + 1 < c.segments.count, c.segments[n].seq < floor, c.segments[n + 1].base <= c.state.compactRevision {
                n += 1
            }
            defer { c.segments.removeFirst(n) }
            return Array(c.segments.prefix(n))
        }
        guard !doomed.isEmpty else { return }
        for seg in doomed { try FileIO.unlink(seg.path) }
        try FileIO.syncDirectory(directory)
    }
}
