extension Quantity {
    /// Parses the string form (`resource.ParseQuantity`), with its error messages.
    public init(parsing text: String) throws(QuantityError) {
        let s = Array(text.utf8)
        guard !s.isEmpty, s.count <= 128 else { throw s.isEmpty ? .formatWrong : .tooLarge }
        var pos = 0
        var negative = false
        if s[0] == UInt8(ascii: "+") || s[0] == UInt8(ascii: "-") {
            negative = s[0] == UInt8(ascii: "-")
            pos = 1
        }
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        var integer: [UInt8] = []
        var fraction: [UInt8] = []
        while pos < s.count, isDigit(s[pos]) { integer.append(s[pos]); pos += 1 }
        if pos < s.count, s[pos] == UInt8(ascii: ".") {
            pos += 1
            while pos < s.count, isDigit(s[pos]) { fraction.append(s[pos]); pos += 1 }
        }
        guard !integer.isEmpty || !fraction.isEmpty else { throw .formatWrong }
        // Suffix: [eEinumkKMGTP]* [-+]? [0-9]*
        let suffixStart = pos
        while pos < s.count, "eEinumkKMGTP".utf8.contains(s[pos]) { pos += 1 }
        if pos < s.count, s[pos] == UInt8(ascii: "-") || s[pos] == UInt8(ascii: "+") { pos += 1 }
        while pos < s.count, isDigit(s[pos]) { pos += 1 }
        guard pos == s.count else { throw .formatWrong }
        let suffix = String(decoding: s[suffixStart...], as: UTF8.self)

        guard let (base, exponent, format) = Self.interpret(suffix) else { throw .suffix }

        // digits × 10^(9 - fraction count) nanos, then × base^exponent.
        var digits = integer + fraction
        while digits.count > 1, digits.first == UInt8(ascii: "0") { digits.removeFirst() }
        var shift = 9 - fraction.count + (base == 10 ? exponent : 0)
        var roundUp = false
        if shift < 0 {
            let keep = digits.count + shift
            if keep <= 0 {
                roundUp = digits.contains { $0 != UInt8(ascii: "0") }
                digits = [UInt8(ascii: "0")]
            } else {
                roundUp = digits[keep...].contains { $0 != UInt8(ascii: "0") }
                digits = Array(digits[..<keep])
            }
            shift = 0
        }
        guard digits.count + shift <= 38 else { throw .tooLarge }
        var n: Int128 = 0
        for d in digits { n = n * 10 + Int128(d - 48) }
        for _ in 0..<shift {
            let (m, o) = n.multipliedReportingOverflow(by: 10)
            guard !o else { throw .tooLarge }
            n = m
        }
        if roundUp { n += 1 }
        if base == 2 {
            let (m, o) = n.multipliedReportingOverflow(by: Int128(1) << exponent)
            guard !o, m <= Int128.max >> 8 else { throw .tooLarge }
            n = m
        }
        self.init(nanos: negative ? -n : n, format: format)
    }

    /// Reads a quantity from JSON: a string, or a number as Kubernetes also accepts.
    public init(json: JSON) throws(QuantityError) {
        switch json {
        case .string(let s): try self.init(parsing: s)
        case .int, .double: try self.init(parsing: json.serialized())
        default: throw .formatWrong
        }
    }

    /// `(base, exponent, format)` for a suffix, or nil if it is not one.
    static func interpret(_ suffix: String) -> (Int, Int, Format)? {
        switch suffix {
        case "": return (10, 0, .decimalSI)
        case "n": return (10, -9, .decimalSI)
        case "u": return (10, -6, .decimalSI)
        case "m": return (10, -3, .decimalSI)
        case "k": return (10, 3, .decimalSI)
        case "M": return (10, 6, .decimalSI)
        case "G": return (10, 9, .decimalSI)
        case "T": return (10, 12, .decimalSI)
        case "P": return (10, 15, .decimalSI)
        case "E": return (10, 18, .decimalSI)
        case "Ki": return (2, 10, .binarySI)
        case "Mi": return (2, 20, .binarySI)
        case "Gi": return (2, 30, .binarySI)
        case "Ti": return (2, 40, .binarySI)
        case "Pi": return (2, 50, .binarySI)
        case "Ei": return (2, 60, .binarySI)
        default:
            guard suffix.count > 1, suffix.first == "e" || suffix.first == "E",
                let e = Int(suffix.dropFirst()), abs(e) <= 64 else { return nil }
            return (10, e, .decimalExponent)
        }
    }
}
