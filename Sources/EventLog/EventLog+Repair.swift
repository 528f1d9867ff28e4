#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension EventLog {
    /// Cuts the log at its first damaged entry, for a person to run deliberately (`skiff storectl
    /// repair`) when `open` refused a corrupt log. Everything from the start of the transaction
    /// holding the damaged entry to the end of the log is removed: the rest of that segment,
    /// every later segment, and snapshots describing state past the cut. The store must be closed
    /// (the directory lock is taken). Blocking: do not call from the cooperative pool.
    public static func repair(directory: String) throws(EventLogError) -> RepairReport {
        let lockFD = try FileIO.lock(directory + "/LOCK")
        defer { FileIO.close(lockFD) }
        var report = RepairReport()
        let segments = try SegmentFile.list(directory: directory)
        for (i, seg) in segments.enumerated() {
            let bytes = try FileIO.readFile(seg.path)
            var cut: (offset: Int, reason: String)?
            try bytes.withBytes { (buf) throws(EventLogError) in
                if let bad = SegmentFile.checkHeader(buf, seq: seg.seq, base: seg.base) {
                    cut = (0, "segment header: \(bad)")
                    return
                }
                let result = try SegmentFile.scan(buf, from: SegmentFile.headerSize, isLast: i == segments.count - 1) { _, _ in true }
                if let p = result.problem { cut = (result.validEnd, "at offset \(p.offset): \(p.reason)") }
            }
            guard let cut else { continue }
            report.truncatedPath = seg.path
            report.truncatedOffset = Int64(cut.offset)
            report.reason = cut.reason
            report.droppedBytes = Int64(bytes.count - cut.offset)
            if cut.offset == 0 {
                try FileIO.unlink(seg.path)
                report.deletedSegments.append(seg.path)
            } else {
                try FileIO.truncate(path: seg.path, to: Int64(cut.offset))
            }
            for later in segments[(i + 1)...] {
                try FileIO.unlink(later.path)
                report.deletedSegments.append(later.path)
            }
            for snap in try Recovery(directory: directory, options: EventLogOptions()).listSnapshots() {
                guard let (seq, offset) = snapshotPosition(snap.path) else { continue }
                if seq > seg.seq || (seq == seg.seq && offset > Int64(cut.offset)) {
                    try FileIO.unlink(snap.path)
                    report.deletedSnapshots.append(snap.path)
                }
            }
            try FileIO.syncDirectory(directory)
            break
        }
        return report
    }

    /// The log position recorded in a snapshot's header (not CRC-checked: used only to decide
    /// whether the snapshot is past a cut).
    private static func snapshotPosition(_ path: String) -> (UInt64, Int64)? {
        guard let fd = try? FileIO.open(path, O_RDONLY) else { return nil }
        defer { FileIO.close(fd) }
        guard let header = try? FileIO.pread(fd, count: SnapshotFile.headerSize, at: 0, path: path),
              header.count == SnapshotFile.headerSize else { return nil }
        return header.withUnsafeBytes { buf in
            var r = ByteReader(buf, offset: 32)
            guard let seq = r.u64(), let off = r.i64() else { return nil }
            return (seq, off)
        }
    }
}
