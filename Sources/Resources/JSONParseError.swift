/// Why a byte sequence is not JSON, in the words of Go's `encoding/json` where it has words for it.
///
/// `offset` is the index of the offending byte (or the input length for a truncated input), so an
/// API server can answer 400 with a precise reason.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var offset: Int
    public var message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String { message }

    static func unexpectedEnd(_ offset: Int) -> JSONParseError {
        JSONParseError(offset: offset, message: "unexpected end of JSON input")
    }

    static func invalidCharacter(_ byte: UInt8, _ context: String, at offset: Int) -> JSONParseError {
        JSONParseError(offset: offset, message: "invalid character \(quoteChar(byte)) \(context)")
    }

    /// Go's `quoteChar`: the byte as a Go character literal.
    static func quoteChar(_ c: UInt8) -> String {
        switch c {
        case UInt8(ascii: "'"): return #"'\''"#
        case UInt8(ascii: "\""): return #"'"'"#
        case 0x07: return #"'\a'"#
        case 0x08: return #"'\b'"#
        case 0x0C: return #"'\f'"#
        case 0x0A: return #"'\n'"#
        case 0x0D: return #"'\r'"#
        case 0x09: return #"'\t'"#
        case 0x0B: return #"'\v'"#
        case UInt8(ascii: "\\"): return #"'\\'"#
        case 0x20..<0x7F: return "'\(Character(Unicode.Scalar(c)))'"
        case 0..<0x20, 0x7F: return "'\\x" + hex2(c) + "'"
        case 0x80...0xA0, 0xAD: return "'\\u00" + hex2(c) + "'"
        default: return "'\(Character(Unicode.Scalar(c)))'"
        }
    }

    private static func hex2(_ c: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(c >> 4)], digits[Int(c & 0xF)]])
    }
}
