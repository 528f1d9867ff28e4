#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension EventLog {
    /// Records with revision greater than `revision`, ascending and contiguous, at most `limit`,
    /// from memory when recent and from the segment files otherwise (on a background queue).
    ///
    /// Throws `.compacted(oldestAvailable:)` when `revision` is below the compacted revision (ask
    /// again from `oldestAvailable`), `.futureRevision` when it is beyond the current one.
    public func changes(since revision: Int64, limit: Int = 1000) async throws(EventLogError) -> ChangesResult {
        guard limit > 0 else { throw .invalidRequest("limit must be positive") }
        guard revision >= 0 else { throw .invalidRequest("negative revision") }
        enum Plan: Sendable { case done(ChangesResult), disk([SegmentInfo], Int64) }
        let plan = try core.withLock { (c) throws(EventLogError) -> Plan in
            let s = c.state
            if revision < s.compactRevision { throw .compacted(oldestAvailable: s.compactRevision) }
            if revision > s.revision { throw .futureRevision(requested: revision, current: s.revision) }
            if revision == s.revision { return .done(ChangesResult(records: [], revision: s.revision, more: false)) }
            if let records = s.history.records(after: revision, limit: limit) {
                let more = (records.last?.revision ?? revision) < s.revision
                return .done(ChangesResult(records: records, revision: s.revision, more: more))
            }
            return .disk(c.segments, s.revision)
        }
        switch plan {
        case .done(let result):
            return result
        case .disk(let segments, let current):
            do throws(EventLogError) {
                let records = try await Self.onQueue(backgroundQueue) { () throws(EventLogError) in
                    try Self.readRecords(segments, after: revision, upTo: current, limit: limit)
                }
                let more = (records.last?.revision ?? revision) < current
                return ChangesResult(records: records, revision: current, more: more)
            } catch .io(_, _, let e) where e == ENOENT {
                throw .compacted(oldestAvailable: compactedRevision)
            }
        }
    }

    /// Reads committed records in (after, upTo] from segment files. Blocking.
    static func readRecords(_ segments: [SegmentInfo], after: Int64, upTo: Int64, limit: Int) throws(EventLogError) -> [Record] {
        guard let start = segments.lastIndex(where: { $0.base <= after }) else {
            throw .inconsistent("no segment holds revision \(after + 1)")
        }
        var out: [Record] = []
        for seg in segments[start...] {
            let bytes = try FileIO.readFile(seg.path)
            let end = min(Int(seg.size), bytes.count)
            let result = try bytes.withBytes { (buf) throws(EventLogError) in
                let committed = UnsafeRawBufferPointer(rebasing: buf[0..<end])
                return try SegmentFile.scan(committed, from: SegmentFile.headerSize, isLast: false) { (group, _) in
                    for case .record(let r) in group where r.revision > after && r.revision <= upTo {
                        out.append(r)
                        if out.count == limit { return false }
                    }
                    return out.last.map { $0.revision < upTo } ?? true
                }
            }
            if let p = result.problem { throw .corrupt(path: seg.path, offset: Int64(p.offset), reason: p.reason) }
            if out.count == limit || out.last?.revision == upTo { break }
        }
        return out
    }
}
