extension KubernetesProtobuf {
    /// The `runtime.Unknown` message after the magic: `typeMeta` 1 (`apiVersion` 1, `kind` 2),
    /// `raw` 2 (the object's own protobuf), `contentEncoding` 3, `contentType` 4.
    struct Envelope {
        var apiVersion = ""
        var kind = ""
        /// Where the object's bytes lie in the body.
        var raw: Range<Int>
        var contentEncoding = ""
        var contentType = ""

        init(_ bytes: [UInt8], range: Range<Int>) throws(StatusError) {
            raw = range.upperBound..<range.upperBound
            var reader = ProtobufReader(bytes, range: range)
            while !reader.isAtEnd {
                let (number, wireType) = try reader.readTag()
                guard (1...4).contains(number) else {
                    try reader.skip(wireType)
                    continue
                }
                guard wireType == .lengthDelimited else {
                    throw ProtobufDecoder.wrongWireType(wireType, "runtime.Unknown field \(number)")
                }
                let payload = try reader.readLengthDelimited()
                let text = { String(decoding: bytes[payload], as: UTF8.self) }
                switch number {
                case 1: try readTypeMeta(bytes, payload)
                case 2: raw = payload
                case 3: contentEncoding = text()
                default: contentType = text()
                }
            }
        }

        private mutating func readTypeMeta(_ bytes: [UInt8], _ range: Range<Int>) throws(StatusError) {
            var reader = ProtobufReader(bytes, range: range)
            while !reader.isAtEnd {
                let (number, wireType) = try reader.readTag()
                guard number == 1 || number == 2 else {
                    try reader.skip(wireType)
                    continue
                }
                guard wireType == .lengthDelimited else {
                    throw ProtobufDecoder.wrongWireType(wireType, "runtime.Unknown typeMeta field \(number)")
                }
                let text = String(decoding: bytes[try reader.readLengthDelimited()], as: UTF8.self)
                if number == 1 { apiVersion = text } else { kind = text }
            }
        }
    }
}
