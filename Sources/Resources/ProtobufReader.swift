/// The protobuf wire types (the low three bits of a field's tag).
enum ProtobufWireType: UInt8, Sendable {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2
    case startGroup = 3
    case endGroup = 4
    case fixed32 = 5
}

/// Reads protobuf wire format from a window of a byte array: tags, varints, fixed-width values
/// and length-delimited ranges.
///
/// Guarantees: every read stays inside `position..<end` and advances `position` by at least one
/// byte or throws, so a loop `while !isAtEnd` always terminates. Malformed input (a varint longer
/// than ten bytes, a length past the end, field number 0, groups, wire types 6 and 7) throws
/// `StatusError.badRequest` naming the byte offset; nothing traps. Length-delimited values are
/// returned as ranges of the shared array, never copied.
struct ProtobufReader {
    let bytes: [UInt8]
    private(set) var position: Int
    let end: Int

    init(_ bytes: [UInt8], range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count)
        self.bytes = bytes
        self.position = range.lowerBound
        self.end = range.upperBound
    }

    var isAtEnd: Bool { position >= end }

    /// A base-128 varint of at most ten bytes; bits past the 64th are dropped, as Go does.
    mutating func readVarint() throws(StatusError) -> UInt64 {
        let start = position
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while position < end {
            let byte = bytes[position]
            position += 1
            if shift < 64 { value |= UInt64(byte & 0x7F) << shift }
            if byte < 0x80 { return value }
            shift += 7
            if shift >= 70 { throw Self.malformed("varint longer than 10 bytes at byte \(start)") }
        }
        throw Self.malformed("truncated varint at byte \(start)")
    }

    /// The next field's number and wire type.
    mutating func readTag() throws(StatusError) -> (number: Int, wireType: ProtobufWireType) {
        let start = position
        let key = try readVarint()
        let number = key >> 3
        guard number >= 1, number <= 0x1FFF_FFFF else {
            throw Self.malformed("invalid field number \(number) at byte \(start)")
        }
        guard let wireType = ProtobufWireType(rawValue: UInt8(key & 7)) else {
            throw Self.malformed("invalid wire type \(key & 7) at byte \(start)")
        }
        return (Int(number), wireType)
    }

    /// The range of a length-delimited value's payload.
    mutating func readLengthDelimited() throws(StatusError) -> Range<Int> {
        let start = position
        let length = try readVarint()
        guard length <= UInt64(end - position) else {
            throw Self.malformed("length \(length) at byte \(start) runs past the end of its message (byte \(end))")
        }
        let payload = position..<(position + Int(length))
        position = payload.upperBound
        return payload
    }

    /// Moves past a value of an unknown field. Groups (deprecated, never used by Kubernetes) are
    /// rejected rather than walked.
    mutating func skip(_ wireType: ProtobufWireType) throws(StatusError) {
        switch wireType {
        case .varint: _ = try readVarint()
        case .lengthDelimited: _ = try readLengthDelimited()
        case .fixed64: try advance(by: 8)
        case .fixed32: try advance(by: 4)
        case .startGroup, .endGroup:
            throw Self.malformed("unsupported group wire type at byte \(position)")
        }
    }

    private mutating func advance(by count: Int) throws(StatusError) {
        guard end - position >= count else {
            throw Self.malformed("truncated \(count * 8)-bit value at byte \(position)")
        }
        position += count
    }

    static func malformed(_ what: String) -> StatusError {
        .badRequest("malformed protobuf body: \(what)")
    }
}
