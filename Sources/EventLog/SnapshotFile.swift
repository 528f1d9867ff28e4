#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A snapshot of the materialized state at a log position. See README.md for the layout.
struct SnapshotFile {
    var revision: Int64
    var compactRevision: Int64
    /// The log position the state corresponds to: replay resumes here.
    var segmentSeq: UInt64
    var segmentOffset: Int64
    var nextLeaseID: LeaseID
    var leases: [LeaseID: Int64]
    var index: SortedIndex

    static let magic = Array("SKIFFSNP".utf8)
    static let version: UInt32 = 1
    static let headerSize = 72

    static func name(revision: Int64, seq: UInt64) -> String {
        "snap-" + padded(UInt64(revision), 20) + "-" + padded(seq, 16) + ".snap"
    }

    static func parse(name: String) -> (revision: Int64, seq: UInt64)? {
        guard name.hasPrefix("snap-"), name.hasSuffix(".snap") else { return nil }
        let parts = name.dropFirst(5).dropLast(5).split(separator: "-")
        guard parts.count == 2, let rev = Int64(parts[0]), let seq = UInt64(parts[1]) else { return nil }
        return (rev, seq)
    }

    /// Streams the snapshot to `path` atomically (temp file, fsync, rename, directory fsync).
    /// Returns the file size.
    func write(to path: String, directory: String) throws(EventLogError) -> Int64 {
        let tmp = path + ".tmp"
        let fd = try FileIO.open(tmp, O_WRONLY | O_CREAT | O_TRUNC)
        var offset: Int64 = 0
        var crc: UInt32 = 0
        var w = ByteWriter(capacity: 5 << 20)
        func flush() throws(EventLogError) {
            try w.bytes.withBytes { (b) throws(EventLogError) in
                crc = CRC32C.checksum(b, continuing: crc)
                try FileIO.pwriteAll(fd, b, at: offset, path: tmp)
            }
            offset += Int64(w.bytes.count)
            w.bytes.removeAll(keepingCapacity: true)
        }
        do throws(EventLogError) {
            w.raw(SnapshotFile.magic)
            w.u32(SnapshotFile.version)
            w.u32(0)
            w.i64(revision)
            w.i64(compactRevision)
            w.u64(segmentSeq)
            w.i64(segmentOffset)
            w.i64(nextLeaseID)
            w.u64(UInt64(leases.count))
            w.u64(UInt64(index.count))
            for (id, ttl) in leases.sorted(by: { $0.key < $1.key }) {
                w.i64(id)
                w.i64(ttl)
            }
            try index.forEach { (kv) throws(EventLogError) in
                w.i64(kv.createRevision)
                w.i64(kv.modRevision)
                w.i64(kv.lease)
                w.blob(kv.key.bytes)
                w.blob(kv.value)
                if w.bytes.count >= 4 << 20 { try flush() }
            }
            try flush()
            w.u32(crc)
            try flush()
            try FileIO.fsync(fd, path: tmp)
        } catch {
            FileIO.close(fd)
            try? FileIO.unlink(tmp)
            throw error
        }
        FileIO.close(fd)
        try FileIO.rename(tmp, path)
        try FileIO.syncDirectory(directory)
        return offset
    }

    /// Reads and checks a snapshot; throws `.corrupt` naming the file when any check fails.
    static func load(path: String, historyCapacity: Int) throws(EventLogError) -> SnapshotFile {
        let bytes = try FileIO.readFile(path)
        func bad(_ why: String, _ at: Int = 0) -> EventLogError { .corrupt(path: path, offset: Int64(at), reason: why) }
        return try bytes.withBytes { (buf) throws(EventLogError) -> SnapshotFile in
            guard buf.count >= headerSize + 4 else { throw bad("file too short") }
            let body = UnsafeRawBufferPointer(rebasing: buf[0..<(buf.count - 4)])
            var t = ByteReader(buf, offset: buf.count - 4)
            guard CRC32C.checksum(body) == t.u32() else { throw bad("CRC mismatch", buf.count - 4) }
            var r = ByteReader(body)
            guard r.bytes(8) == magic else { throw bad("bad magic") }
            guard r.u32() == version, r.u32() != nil else { throw bad("unknown snapshot version", 8) }
            guard let rev = r.i64(), let compact = r.i64(), let seq = r.u64(), let off = r.i64(),
                  let nextLease = r.i64(), let leaseCount = r.u64(), let kvCount = r.u64() else { throw bad("short header") }
            var leases: [LeaseID: Int64] = [:]
            for _ in 0..<leaseCount {
                guard let id = r.i64(), let ttl = r.i64() else { throw bad("short lease table", r.offset) }
                leases[id] = ttl
            }
            var index = SortedIndex()
            var previous: Key?
            for _ in 0..<kvCount {
                let at = r.offset
                guard let create = r.i64(), let mod = r.i64(), let lease = r.i64(), let k = r.blob(), let v = r.blob()
                else { throw bad("short key-value entry", at) }
                let key = Key(unchecked: k)
                if let previous, !(previous < key) { throw bad("keys out of order", at) }
                index.appendSorted(KeyValue(key: key, value: v, createRevision: create, modRevision: mod, lease: lease))
                previous = key
            }
            guard r.remaining == 0 else { throw bad("trailing bytes", r.offset) }
            return SnapshotFile(revision: rev, compactRevision: compact, segmentSeq: seq, segmentOffset: off,
                                nextLeaseID: nextLease, leases: leases, index: index)
        }
    }

    /// The state this snapshot describes.
    func state(historyCapacity: Int) -> StoreState {
        var s = StoreState()
        s.index = index
        s.leases = leases
        s.revision = revision
        s.compactRevision = compactRevision
        s.nextLeaseID = nextLeaseID
        s.history = RecordWindow(capacity: historyCapacity)
        index.forEach { kv in
            if kv.lease != 0 { s.leaseKeys[kv.lease, default: []].insert(kv.key) }
        }
        return s
    }
}
