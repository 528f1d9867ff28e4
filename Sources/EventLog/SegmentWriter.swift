#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Appends batches to the active segment and rolls to a new one when it is full.
///
/// Confined to the log's I/O queue (hence `@unchecked Sendable`): every method blocks on disk I/O
/// and must never run on Swift's cooperative pool.
final class SegmentWriter: @unchecked Sendable {
    let directory: String
    let segmentSize: Int64
    private(set) var segment: SegmentInfo
    private var fd: Int32

    init(directory: String, segment: SegmentInfo, segmentSize: Int64) throws(EventLogError) {
        self.directory = directory
        self.segment = segment
        self.segmentSize = segmentSize
        self.fd = try FileIO.open(segment.path, O_RDWR)
    }

    deinit { if fd >= 0 { FileIO.close(fd) } }

    func close() {
        if fd >= 0 { FileIO.close(fd) }
        fd = -1
    }

    /// What an append did.
    struct Outcome {
        /// A segment created before writing (it exists even if the write then failed).
        var rotated: SegmentInfo?
        var result: Result<Int64, EventLogError>
        /// Set when the failed batch could not be cut off again: the writer must stop.
        var broken: EventLogError?
    }

    /// Writes `bytes` with one write and one fdatasync. On failure the segment is truncated back
    /// to its previous (acknowledged) length, so a failed batch leaves nothing behind.
    func append(_ bytes: [UInt8], baseRevision: Int64) -> Outcome {
        guard fd >= 0 else { return Outcome(rotated: nil, result: .failure(.closed)) }
        var rotated: SegmentInfo?
        if segment.size > Int64(SegmentFile.headerSize) && segment.size + Int64(bytes.count) > segmentSize {
            do throws(EventLogError) {
                let next = try SegmentFile.create(directory: directory, seq: segment.seq + 1, base: baseRevision)
                let nfd = try FileIO.open(next.path, O_RDWR)
                FileIO.close(fd)
                fd = nfd
                segment = next
                rotated = next
            } catch {
                return Outcome(rotated: nil, result: .failure(error))
            }
        }
        do throws(EventLogError) {
            try bytes.withBytes { (b) throws(EventLogError) in try FileIO.pwriteAll(fd, b, at: segment.size, path: segment.path) }
            try FileIO.fdatasync(fd, path: segment.path)
        } catch {
            do throws(EventLogError) {
                try FileIO.truncate(fd, to: segment.size, path: segment.path)
            } catch let cleanup {
                // Unacknowledged bytes stay after the good ones: stop writing. Reopening
                // recovers them under the torn-tail rules.
                return Outcome(rotated: rotated, result: .failure(error), broken: cleanup)
            }
            // Best effort: if this sync fails too, a crash may bring back the failed (never
            // acknowledged) batch, which is allowed; acknowledged data is untouched either way.
            try? FileIO.fdatasync(fd, path: segment.path)
            return Outcome(rotated: rotated, result: .failure(error))
        }
        segment.size += Int64(bytes.count)
        return Outcome(rotated: rotated, result: .success(segment.size))
    }
}
