/// Why bytes are not a DNS message.
public enum DNSWireError: Error, Equatable, Sendable {
    case truncated
    case badPointer
    case labelTooLong
    case nameTooLong
    case badLabelType
    case badRecord(String)
}

/// Reads big-endian fields and compressed names out of one message's bytes. Never traps on
/// hostile input: every read is bounds-checked, and name pointers must point strictly backwards,
/// so decoding always ends (RFC 1035 §4.1.4).
struct DNSReader {
    let bytes: [UInt8]
    var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }

    mutating func u8() throws(DNSWireError) -> UInt8 {
        guard offset < bytes.count else { throw .truncated }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u16() throws(DNSWireError) -> UInt16 {
        guard remaining >= 2 else { throw .truncated }
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    mutating func u32() throws(DNSWireError) -> UInt32 {
        guard remaining >= 4 else { throw .truncated }
        defer { offset += 4 }
        return UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }

    mutating func take(_ n: Int) throws(DNSWireError) -> [UInt8] {
        guard n >= 0, remaining >= n else { throw .truncated }
        defer { offset += n }
        return Array(bytes[offset..<offset + n])
    }

    /// A possibly compressed name; `offset` moves past its in-place part only.
    mutating func name() throws(DNSWireError) -> DNSName {
        var labels: [[UInt8]] = []
        var length = 1
        var position = offset
        var jumped = false
        // Each pointer must go strictly backwards: no loops, at most `bytes.count` jumps.
        var limit = position
        while true {
            guard position < bytes.count else { throw .truncated }
            let b = bytes[position]
            switch b & 0xC0 {
            case 0x00:
                if b == 0 {
                    if !jumped { offset = position + 1 }
                    return DNSName(labels: labels)
                }
                let n = Int(b)
                guard position + 1 + n <= bytes.count else { throw .truncated }
                length += 1 + n
                guard length <= DNSName.maxLength else { throw .nameTooLong }
                labels.append(Array(bytes[position + 1...position + n]))
                position += 1 + n
            case 0xC0:
                guard position + 1 < bytes.count else { throw .truncated }
                let target = Int(b & 0x3F) << 8 | Int(bytes[position + 1])
                guard target < limit else { throw .badPointer }
                if !jumped { offset = position + 2 }
                jumped = true
                limit = target
                position = target
            default:
                throw .badLabelType
            }
        }
    }
}

/// Writes a message, compressing names against those already written (RFC 1035 §4.1.4).
struct DNSWriter {
    private(set) var bytes: [UInt8] = []
    private var suffixes: [[UInt8]: Int] = [:]

    init(capacity: Int = 512) { bytes.reserveCapacity(capacity) }

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: UInt16) { bytes.append(UInt8(v >> 8)); bytes.append(UInt8(v & 0xFF)) }
    mutating func u32(_ v: UInt32) {
        bytes.append(UInt8(v >> 24)); bytes.append(UInt8(v >> 16 & 0xFF)); bytes.append(UInt8(v >> 8 & 0xFF)); bytes.append(UInt8(v & 0xFF))
    }
    mutating func append(_ b: [UInt8]) { bytes.append(contentsOf: b) }

    /// Overwrites a 16-bit field written earlier (RDLENGTH, counts).
    mutating func patch16(at index: Int, _ v: UInt16) {
        bytes[index] = UInt8(v >> 8)
        bytes[index + 1] = UInt8(v & 0xFF)
    }

    mutating func name(_ name: DNSName, compress: Bool = true) {
        let labels = name.labels
        for i in labels.indices {
            let rest = DNSName(labels: Array(labels[i...]))
            let key = rest.canonicalKey
            if compress, let at = suffixes[key] {
                u16(0xC000 | UInt16(at))
                return
            }
            if bytes.count < 0x3FFF { suffixes[key] = bytes.count }
            u8(UInt8(labels[i].count))
            append(labels[i])
        }
        u8(0)
    }
}
