/// One entry of the log: a key change (which has a revision) or a lease/compaction entry (which
/// does not, so that revisions stay contiguous over key changes).
enum LogEntry: Sendable, Equatable {
    case record(Record)
    case leaseGrant(id: LeaseID, ttlMillis: Int64)
    case leaseRevoke(id: LeaseID)
    case compact(revision: Int64)

    enum Kind: UInt8 {
        case put = 1, delete = 2, leaseGrant = 3, leaseRevoke = 4, compact = 5
    }

    /// Frame header: u32 payload length, u32 CRC-32C of the payload.
    static let frameHeaderSize = 8
    /// Payload header: kind, flags.
    static let payloadHeaderSize = 2
    /// Flag bit: more entries of the same transaction follow; recovery applies a transaction only
    /// when its last entry (without this bit) is present.
    static let flagContinues: UInt8 = 1
    /// Largest payload accepted when reading; anything larger is garbage.
    static let maxPayload = EventLog.maxValueSize + Key.maxLength + 64

    /// Appends this entry as a frame to `w`.
    func encode(into w: inout ByteWriter, continues: Bool) {
        let start = w.bytes.count
        w.u32(0)
        w.u32(0)
        let flags: UInt8 = continues ? LogEntry.flagContinues : 0
        switch self {
        case .record(let r):
            w.u8(r.value == nil ? Kind.delete.rawValue : Kind.put.rawValue)
            w.u8(flags)
            w.i64(r.revision)
            w.i64(r.createRevision)
            w.i64(r.prevRevision)
            w.i64(r.lease)
            w.blob(r.key.bytes)
            w.blob(r.value ?? [])
        case .leaseGrant(let id, let ttl):
            w.u8(Kind.leaseGrant.rawValue)
            w.u8(flags)
            w.i64(id)
            w.i64(ttl)
        case .leaseRevoke(let id):
            w.u8(Kind.leaseRevoke.rawValue)
            w.u8(flags)
            w.i64(id)
        case .compact(let rev):
            w.u8(Kind.compact.rawValue)
            w.u8(flags)
            w.i64(rev)
        }
        let payloadStart = start + LogEntry.frameHeaderSize
        let length = w.bytes.count - payloadStart
        let crc = w.bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[payloadStart...])) }
        w.patchU32(UInt32(length), at: start)
        w.patchU32(crc, at: start + 4)
    }

    /// Result of decoding the frame at one offset.
    enum Decoded {
        /// A valid entry; `next` is the offset just past it.
        case entry(LogEntry, continues: Bool, next: Int)
        /// The frame runs past the end of the data (a torn write if this is the end of the log).
        case truncated(String)
        /// The frame is complete but wrong (bad length, CRC mismatch, malformed payload).
        case invalid(String, frameEnd: Int?)
    }

    /// Decodes the frame at `offset` of `buf`; checks length, payload shape, then CRC.
    static func decode(_ buf: UnsafeRawBufferPointer, at offset: Int) -> Decoded {
        var r = ByteReader(buf, offset: offset)
        guard let length = r.u32(), let crc = r.u32() else { return .truncated("partial frame header") }
        let n = Int(length)
        guard n >= payloadHeaderSize, n <= maxPayload else { return .invalid("bad payload length \(length)", frameEnd: nil) }
        let payloadStart = offset + frameHeaderSize
        guard r.remaining >= n else { return .truncated("frame of \(n) bytes runs past end of file") }
        let frameEnd = payloadStart + n
        var p = ByteReader(buf, offset: payloadStart, end: frameEnd)
        guard let entry = parsePayload(&p), p.remaining == 0 else {
            return .invalid("malformed payload", frameEnd: frameEnd)
        }
        let actual = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: buf[payloadStart..<frameEnd]))
        guard actual == crc else {
            return .invalid("CRC mismatch (stored \(hex(crc)), computed \(hex(actual)))", frameEnd: frameEnd)
        }
        return .entry(entry.0, continues: entry.1, next: frameEnd)
    }

    private static func parsePayload(_ p: inout ByteReader) -> (LogEntry, Bool)? {
        guard let kindByte = p.u8(), let kind = Kind(rawValue: kindByte), let flags = p.u8(),
              flags & ~flagContinues == 0 else { return nil }
        let continues = flags & flagContinues != 0
        switch kind {
        case .put, .delete:
            guard let rev = p.i64(), let create = p.i64(), let prev = p.i64(), let lease = p.i64(),
                  let key = p.blob(), let value = p.blob(), rev > 0, !key.isEmpty else { return nil }
            if kind == .delete && !value.isEmpty { return nil }
            let record = Record(revision: rev, key: Key(unchecked: key), value: kind == .put ? value : nil,
                                createRevision: create, prevRevision: prev, lease: lease)
            return (.record(record), continues)
        case .leaseGrant:
            guard let id = p.i64(), let ttl = p.i64() else { return nil }
            return (.leaseGrant(id: id, ttlMillis: ttl), continues)
        case .leaseRevoke:
            guard let id = p.i64() else { return nil }
            return (.leaseRevoke(id: id), continues)
        case .compact:
            guard let rev = p.i64() else { return nil }
            return (.compact(revision: rev), continues)
        }
    }
}

func hex(_ v: UInt32) -> String {
    let s = String(v, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 8 - s.count)) + s
}
