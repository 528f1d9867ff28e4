/// The apimachinery types whose protobuf form is a message but whose JSON form is a scalar.
extension ProtobufDecoder {
    /// Years 0000…9999, the range RFC 3339 can spell.
    static let timeRange: ClosedRange<Int64> = -62_167_219_200...253_402_300_799

    /// `metav1.Time` (`message Time { optional int64 seconds = 1; optional int32 nanos = 2; }`):
    /// RFC 3339 in UTC, whole seconds, as `metav1.Time` keeps only seconds when it reads
    /// protobuf. An empty message (what Go writes for an unset time) and Go's zero time are `null`.
    func time(in range: Range<Int>, path: String) throws(StatusError) -> JSON {
        var reader = ProtobufReader(bytes, range: range)
        if reader.isAtEnd { return .null }
        var seconds: Int64 = 0
        while !reader.isAtEnd {
            let (number, wireType) = try reader.readTag()
            switch number {
            case 1:
                guard wireType == .varint else { throw Self.wrongWireType(wireType, path) }
                seconds = Int64(bitPattern: try reader.readVarint())
            default:
                try reader.skip(wireType)  // nanos: dropped, as Kubernetes does
            }
        }
        let time = MetaTime(seconds: seconds)
        if time.isZero { return .null }
        guard Self.timeRange.contains(seconds) else {
            throw .badRequest("malformed protobuf body: \(path): time \(seconds)s since 1970 is out of range")
        }
        return .string(time.rfc3339)
    }

    /// `resource.Quantity` (`message Quantity { optional string string = 1; }`): the string, which
    /// must parse as a quantity (Go refuses the body otherwise). An empty message is `"0"`.
    func quantity(in range: Range<Int>, path: String) throws(StatusError) -> JSON {
        var reader = ProtobufReader(bytes, range: range)
        var text = "0"
        while !reader.isAtEnd {
            let (number, wireType) = try reader.readTag()
            guard number == 1 else {
                try reader.skip(wireType)
                continue
            }
            guard wireType == .lengthDelimited else { throw Self.wrongWireType(wireType, path) }
            text = String(decoding: bytes[try reader.readLengthDelimited()], as: UTF8.self)
            do {
                _ = try Quantity(parsing: text)
            } catch {
                throw .badRequest("malformed protobuf body: \(path): \(error.message)")
            }
        }
        return .string(text)
    }

    /// `intstr.IntOrString` (`type` 1: 0 for int, 1 for string; `intVal` 2; `strVal` 3): a JSON
    /// number or string.
    func intOrString(in range: Range<Int>, path: String) throws(StatusError) -> JSON {
        var reader = ProtobufReader(bytes, range: range)
        var kind: UInt64 = 0
        var int: Int64 = 0
        var string = ""
        while !reader.isAtEnd {
            let (number, wireType) = try reader.readTag()
            switch number {
            case 1, 2:
                guard wireType == .varint else { throw Self.wrongWireType(wireType, path) }
                let v = try reader.readVarint()
                if number == 1 { kind = v } else { int = Int64(Int32(truncatingIfNeeded: v)) }
            case 3:
                guard wireType == .lengthDelimited else { throw Self.wrongWireType(wireType, path) }
                string = String(decoding: bytes[try reader.readLengthDelimited()], as: UTF8.self)
            default:
                try reader.skip(wireType)
            }
        }
        switch kind {
        case 0: return .int(int)
        case 1: return .string(string)
        default: throw .badRequest("malformed protobuf body: \(path): IntOrString type \(kind) is neither 0 (int) nor 1 (string)")
        }
    }
}
