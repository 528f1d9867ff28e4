/// A segment file of the log: a 32-byte header, then frames. Named
/// `<seq, 16 digits>-<base revision, 20 digits>.log`; every record in it has revision > base.
struct SegmentInfo: Sendable, Equatable {
    var seq: UInt64
    /// The store revision before the segment's first entry.
    var base: Int64
    var path: String
    /// Bytes known good and durable (the header plus whole, acknowledged batches).
    var size: Int64
}

enum SegmentFile {
    static let headerSize = 32
    static let magic = Array("SKIFFSEG".utf8)
    static let version: UInt32 = 1

    static func name(seq: UInt64, base: Int64) -> String {
        padded(seq, 16) + "-" + padded(UInt64(base), 20) + ".log"
    }

    static func parse(name: String) -> (seq: UInt64, base: Int64)? {
        guard name.hasSuffix(".log") else { return nil }
        let parts = name.dropLast(4).split(separator: "-")
        guard parts.count == 2, parts[0].count == 16, parts[1].count == 20,
              let seq = UInt64(parts[0]), let base = Int64(parts[1]) else { return nil }
        return (seq, base)
    }

    /// magic(8) version u32, CRC-32C of bytes 16..<32 u32, seq u64, base u64.
    static func header(seq: UInt64, base: Int64) -> [UInt8] {
        var w = ByteWriter(capacity: headerSize)
        w.raw(magic)
        w.u32(version)
        w.u32(0)
        w.u64(seq)
        w.i64(base)
        w.patchU32(CRC32C.checksum(Array(w.bytes[16..<32])), at: 12)
        return w.bytes
    }

    /// The reason the header is wrong, or `nil` if it matches the file's name.
    static func checkHeader(_ buf: UnsafeRawBufferPointer, seq: UInt64, base: Int64) -> String? {
        guard buf.count >= headerSize else { return "file shorter than its \(headerSize)-byte header" }
        var r = ByteReader(buf)
        guard r.bytes(8) == magic else { return "bad magic" }
        guard r.u32() == version else { return "unknown segment version" }
        let crc = r.u32()
        guard CRC32C.checksum(UnsafeRawBufferPointer(rebasing: buf[16..<32])) == crc else { return "header CRC mismatch" }
        guard r.u64() == seq, r.i64() == base else { return "header does not match file name" }
        return nil
    }

    /// Creates an empty segment durably (temp file, fsync, rename, directory fsync).
    static func create(directory: String, seq: UInt64, base: Int64) throws(EventLogError) -> SegmentInfo {
        let path = directory + "/" + name(seq: seq, base: base)
        try FileIO.writeAtomically(header(seq: seq, base: base), to: path, directory: directory)
        return SegmentInfo(seq: seq, base: base, path: path, size: Int64(headerSize))
    }

    /// Segments found in `directory`, by sequence number.
    static func list(directory: String) throws(EventLogError) -> [SegmentInfo] {
        try FileIO.list(directory).compactMap { name in
            parse(name: name).map { SegmentInfo(seq: $0.seq, base: $0.base, path: directory + "/" + name, size: 0) }
        }.sorted { $0.seq < $1.seq }
    }

    /// How a scan ended.
    struct ScanResult {
        /// Offset just past the last complete transaction.
        var validEnd: Int
        /// The first bad spot, if any.
        var problem: Problem?
    }

    struct Problem {
        /// Offset of the bad frame (or of the incomplete transaction).
        var offset: Int
        var reason: String
        /// True when it is a torn tail: nothing valid follows and this is the log's last segment.
        var torn: Bool
    }

    /// Walks frames from `offset` to the end of `buf`, handing each complete transaction (a run of
    /// entries ending with one without the continues flag) and its offset to `body`, which returns
    /// false to stop early. Stops at the first bad frame. In the last segment a bad frame with no
    /// valid frame after it is a torn tail.
    static func scan(_ buf: UnsafeRawBufferPointer, from offset: Int, isLast: Bool,
                     _ body: ([LogEntry], Int) throws(EventLogError) -> Bool) throws(EventLogError) -> ScanResult {
        var pos = offset
        var groupStart = offset
        var group: [LogEntry] = []
        while pos < buf.count {
            switch LogEntry.decode(buf, at: pos) {
            case .entry(let e, let continues, let next):
                group.append(e)
                pos = next
                if !continues {
                    let more = try body(group, groupStart)
                    group.removeAll(keepingCapacity: true)
                    groupStart = pos
                    if !more { return ScanResult(validEnd: pos, problem: nil) }
                }
            case .truncated(let why):
                return ScanResult(validEnd: groupStart, problem: Problem(offset: pos, reason: why, torn: isLast))
            case .invalid(let why, _):
                let torn = isLast && !validFrameExists(buf, after: pos)
                return ScanResult(validEnd: groupStart,
                                  problem: Problem(offset: pos, reason: torn ? why + ", nothing valid after it" : why, torn: torn))
            }
        }
        if !group.isEmpty {
            return ScanResult(validEnd: groupStart,
                              problem: Problem(offset: groupStart, reason: "incomplete transaction at end of segment", torn: isLast))
        }
        return ScanResult(validEnd: pos, problem: nil)
    }

    /// True when some offset after `pos` starts a frame that decodes and passes its CRC.
    static func validFrameExists(_ buf: UnsafeRawBufferPointer, after pos: Int) -> Bool {
        var p = pos + 1
        while p + LogEntry.frameHeaderSize <= buf.count {
            if case .entry = LogEntry.decode(buf, at: p) { return true }
            p += 1
        }
        return false
    }
}

/// Zero-padded decimal.
func padded(_ v: UInt64, _ width: Int) -> String {
    let s = String(v)
    return String(repeating: "0", count: max(0, width - s.count)) + s
}
