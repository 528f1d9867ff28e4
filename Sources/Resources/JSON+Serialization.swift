extension JSON {
    /// The compact serialization, byte-for-byte what Go's `encoding/json` `Marshal` produces for
    /// the same value: no whitespace, object members in insertion order, `<`, `>`, `&`, U+2028
    /// and U+2029 escaped as `\u003c`…, control characters as `\n`, `\t`, `\r`, `\b`, `\f` or
    /// `\u00XX`, doubles in Go's shortest form (`1e+21`, `1e-7`, `0.5`). Non-finite doubles
    /// (which parsing never produces) are written as `null`.
    public func serialized() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The compact serialization as UTF-8 bytes.
    public func serializedBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(to: &out)
        return out
    }

    /// Appends the compact serialization to `out`.
    public func write(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .double(let d): out.append(contentsOf: JSON.goFormat(d).utf8)
        case .string(let s): JSON.writeString(s, to: &out)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (n, element) in a.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                element.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            out.append(UInt8(ascii: "{"))
            for n in 0..<o.count {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                JSON.writeString(o.keys[n], to: &out)
                out.append(UInt8(ascii: ":"))
                o.values[n].write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { utf8 in
            var k = 0
            while k < utf8.count {
                let c = utf8[k]
                k += 1
                switch c {
                case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
                case 0x0A: out.append(contentsOf: #"\n"#.utf8)
                case 0x0D: out.append(contentsOf: #"\r"#.utf8)
                case 0x09: out.append(contentsOf: #"\t"#.utf8)
                case 0x08: out.append(contentsOf: #"\b"#.utf8)
                case 0x0C: out.append(contentsOf: #"\f"#.utf8)
                case 0..<0x20, UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"):
                    out.append(contentsOf: #"\u00"#.utf8)
                    out.append(hexDigits[Int(c >> 4)])
                    out.append(hexDigits[Int(c & 0xF)])
                case 0xE2 where k + 1 < utf8.count && utf8[k] == 0x80 && (utf8[k + 1] == 0xA8 || utf8[k + 1] == 0xA9):
                    // U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR
                    out.append(contentsOf: (utf8[k + 1] == 0xA8 ? #"\u2028"# : #"\u2029"#).utf8)
                    k += 2
                default: out.append(c)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Go's `encoding/json` float64 format: shortest round-trip digits, plain notation for
    /// 1e-6 ≤ |d| < 1e21, otherwise exponent notation with `e+NN` / `e-N`.
    static func goFormat(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == 0 { return d.sign == .minus ? "-0" : "0" }
        let negative = d < 0
        let magnitude = abs(d)
        // Shortest round-trip digits from Swift's description, e.g. "1.2345e-07" or "123.45".
        let text = magnitude.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(String(text[text.index(after: e)...].filter { $0 != "+" })) ?? 0
        }
        var digits = [Character]()
        var point = 0
        var seenPoint = false
        for ch in mantissa {
            if ch == "." { seenPoint = true; continue }
            digits.append(ch)
            if !seenPoint { point += 1 }
        }
        point += exponent
        while digits.first == "0" { digits.removeFirst(); point -= 1 }
        while digits.last == "0" { digits.removeLast() }
        if digits.isEmpty { return "0" }
        var result = negative ? "-" : ""
        if magnitude < 1e-6 || magnitude >= 1e21 {
            result.append(digits[0])
            if digits.count > 1 { result += "." + String(digits[1...]) }
            let e = point - 1
            result += e < 0 ? "e-\(-e)" : (e < 10 ? "e+0\(e)" : "e+\(e)")
        } else if point <= 0 {
            result += "0." + String(repeating: "0", count: -point) + String(digits)
        } else if point >= digits.count {
            result += String(digits) + String(repeating: "0", count: point - digits.count)
        } else {
            result += String(digits[..<point]) + "." + String(digits[point...])
        }
        return result
    }
}

