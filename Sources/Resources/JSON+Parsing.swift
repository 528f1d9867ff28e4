extension JSON {
    /// The deepest nesting of arrays and objects ``parse(_:maxDepth:)`` accepts by default.
    public static let defaultMaxDepth = 512

    /// Parses one JSON text (RFC 8259), strictly.
    ///
    /// Rejects: trailing non-whitespace, invalid escapes, control characters in strings,
    /// invalid UTF-8 anywhere in a string, lone UTF-16 surrogates in `\u` escapes, leading zeros,
    /// and nesting deeper than `maxDepth`. A duplicated object key keeps its first position and
    /// its last value (Go keeps the last value too). Never traps on any input; recursion is
    /// bounded by `maxDepth`.
    public static func parse<Bytes: Collection>(_ bytes: Bytes, maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSON
    where Bytes.Element == UInt8 {
        let result: Result<JSON, JSONParseError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONParseError) -> JSON in
                var parser = JSONParser(buffer, maxDepth: maxDepth)
                return try parser.parseDocument()
            }
        }
        if let result { return try result.get() }
        let copy = Array(bytes)
        return try parse(copy, maxDepth: maxDepth)
    }

    /// Parses a JSON text given as a string (see ``parse(_:maxDepth:)-(Bytes,_)``).
    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSON {
        var text = text
        let result = text.withUTF8 { buffer in
            Result { () throws(JSONParseError) -> JSON in
                var parser = JSONParser(buffer, maxDepth: maxDepth)
                return try parser.parseDocument()
            }
        }
        return try result.get()
    }
}

/// A recursive-descent parser over a byte buffer. Internal: use ``JSON/parse(_:maxDepth:)-(Bytes,_)``.
struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0
    private let maxDepth: Int
    private var depth = 0
    private var scratch: [UInt8] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    mutating func parseDocument() throws(JSONParseError) -> JSON {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if i < bytes.count {
            throw .invalidCharacter(bytes[i], "after top-level value", at: i)
        }
        return value
    }

    private mutating func skipWhitespace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x0A, 0x0D, 0x09: i += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(JSONParseError) -> JSON {
        guard i < bytes.count else { throw .unexpectedEnd(i) }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try parseLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try parseLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try parseLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        case let c: throw .invalidCharacter(c, "looking for beginning of value", at: i)
        }
    }

    private mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > maxDepth { throw JSONParseError(offset: i, message: "exceeded max depth") }
    }

    private mutating func parseObject() throws(JSONParseError) -> JSON {
        try enter()
        i += 1
        var object = JSONObject()
        skipWhitespace()
        guard i < bytes.count else { throw .unexpectedEnd(i) }
        if bytes[i] == UInt8(ascii: "}") {
            i += 1
            depth -= 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard i < bytes.count else { throw .unexpectedEnd(i) }
            guard bytes[i] == UInt8(ascii: "\"") else {
                throw .invalidCharacter(bytes[i], "looking for beginning of object key string", at: i)
            }
            let key = try parseString()
            skipWhitespace()
            guard i < bytes.count else { throw .unexpectedEnd(i) }
            guard bytes[i] == UInt8(ascii: ":") else { throw .invalidCharacter(bytes[i], "after object key", at: i) }
            i += 1
            skipWhitespace()
            object[key] = try parseValue()
            skipWhitespace()
            guard i < bytes.count else { throw .unexpectedEnd(i) }
            switch bytes[i] {
            case UInt8(ascii: ","): i += 1
            case UInt8(ascii: "}"):
                i += 1
                depth -= 1
                return .object(object)
            case let c: throw .invalidCharacter(c, "after object key:value pair", at: i)
            }
        }
    }

    private mutating func parseArray() throws(JSONParseError) -> JSON {
        try enter()
        i += 1
        var array: [JSON] = []
        skipWhitespace()
        guard i < bytes.count else { throw .unexpectedEnd(i) }
        if bytes[i] == UInt8(ascii: "]") {
            i += 1
            depth -= 1
            return .array(array)
        }
        while true {
            skipWhitespace()
            array.append(try parseValue())
            skipWhitespace()
            guard i < bytes.count else { throw .unexpectedEnd(i) }
            switch bytes[i] {
            case UInt8(ascii: ","): i += 1
            case UInt8(ascii: "]"):
                i += 1
                depth -= 1
                return .array(array)
            case let c: throw .invalidCharacter(c, "after array element", at: i)
            }
        }
    }

    private mutating func parseLiteral(_ word: StaticString) throws(JSONParseError) {
        let text = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for k in 0..<text.count {
            guard i < bytes.count else { throw .unexpectedEnd(i) }
            if bytes[i] != text[k] {
                let expecting = Character(Unicode.Scalar(text[k]))
                throw .invalidCharacter(bytes[i], "in literal \(word) (expecting '\(expecting)')", at: i)
            }
            i += 1
        }
    }

    private mutating func parseNumber() throws(JSONParseError) -> JSON {
        let start = i
        var isInteger = true
        if bytes[i] == UInt8(ascii: "-") {
            i += 1
            guard i < bytes.count else { throw .unexpectedEnd(i) }
            guard isDigit(bytes[i]) else { throw .invalidCharacter(bytes[i], "in numeric literal", at: i) }
        }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
        } else {
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            guard i < bytes.count else { throw .unexpectedEnd(i) }
            guard isDigit(bytes[i]) else {
                throw .invalidCharacter(bytes[i], "after decimal point in numeric literal", at: i)
            }
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            isInteger = false
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count else { throw .unexpectedEnd(i) }
            guard isDigit(bytes[i]) else {
                throw .invalidCharacter(bytes[i], "in exponent of numeric literal", at: i)
            }
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        let literal = UnsafeBufferPointer(rebasing: bytes[start..<i])
        if isInteger, let value = exactInteger(literal) { return .int(value) }
        let text = String(decoding: literal, as: UTF8.self)
        guard let d = Double(text), d.isFinite else {
            throw JSONParseError(offset: start, message: "number \(text) is out of range")
        }
        return .double(d)
    }

    private func exactInteger(_ digits: UnsafeBufferPointer<UInt8>) -> Int64? {
        var negative = false
        var k = 0
        if digits[0] == UInt8(ascii: "-") { negative = true; k = 1 }
        var value: Int64 = 0
        while k < digits.count {
            let d = Int64(digits[k] - UInt8(ascii: "0"))
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
            if o1 || o2 { return nil }
            value = s
            k += 1
        }
        return value
    }

    private func isDigit(_ c: UInt8) -> Bool { c &- UInt8(ascii: "0") < 10 }

    /// Parses a string starting at the opening quote.
    private mutating func parseString() throws(JSONParseError) -> String {
        let open = i
        i += 1
        let start = i
        // Fast path: no escapes.
        var asciiOnly = true
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<i])
                i += 1
                if asciiOnly { return String(decoding: slice, as: UTF8.self) }
                guard let s = String(validating: slice, as: UTF8.self) else {
                    throw JSONParseError(offset: open, message: "invalid UTF-8 in string literal")
                }
                return s
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw .invalidCharacter(c, "in string literal", at: i) }
            if c >= 0x80 { asciiOnly = false }
            i += 1
        }
        guard i < bytes.count else { throw .unexpectedEnd(i) }
        // Slow path: unescape into scratch.
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                guard let s = String(validating: scratch, as: UTF8.self) else {
                    throw JSONParseError(offset: open, message: "invalid UTF-8 in string literal")
                }
                return s
            }
            if c < 0x20 { throw .invalidCharacter(c, "in string literal", at: i) }
            if c != UInt8(ascii: "\\") {
                scratch.append(c)
                i += 1
                continue
            }
            i += 1
            guard i < bytes.count else { throw .unexpectedEnd(i) }
            switch bytes[i] {
            case UInt8(ascii: "\""): scratch.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): scratch.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "/"): scratch.append(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                let escapeStart = i - 1
                i += 1
                var code = try parseHex4()
                if (0xDC00...0xDFFF).contains(code) {
                    throw JSONParseError(offset: escapeStart, message: "invalid lone surrogate in string escape")
                }
                if (0xD800...0xDBFF).contains(code) {
                    guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                        if i >= bytes.count { throw .unexpectedEnd(i) }
                        throw JSONParseError(offset: escapeStart, message: "invalid lone surrogate in string escape")
                    }
                    i += 2
                    let low = try parseHex4()
                    guard (0xDC00...0xDFFF).contains(low) else {
                        throw JSONParseError(offset: escapeStart, message: "invalid lone surrogate in string escape")
                    }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                appendUTF8(Unicode.Scalar(code)!)
                continue
            case let e: throw .invalidCharacter(e, "in string escape code", at: i)
            }
            i += 1
        }
        throw .unexpectedEnd(i)
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard i < bytes.count else { throw .unexpectedEnd(i) }
            let c = bytes[i]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw .invalidCharacter(c, "in \\u hexadecimal character escape", at: i)
            }
            value = value << 4 | d
            i += 1
        }
        return value
    }

    private mutating func appendUTF8(_ scalar: Unicode.Scalar) {
        UTF8.encode(scalar) { scratch.append($0) }
    }
}
