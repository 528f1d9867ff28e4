import Resources

/// How a plain (unquoted, untagged) YAML scalar becomes a JSON value: go-yaml v2's resolution,
/// which `sigs.k8s.io/yaml` — and so kubectl and the API server — use. YAML 1.1 booleans
/// (`yes`, `on`, `y`, …) are booleans; Go's base-prefixed integers (`0x1F`, `0o17`, `017`,
/// `0b101`) are integers; `_` separators are dropped from numbers.
enum YAMLScalar {
    static let nulls: Set<String> = ["", "~", "null", "Null", "NULL"]
    static let trues: Set<String> = ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]
    static let falses: Set<String> = ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]

    /// The JSON value of a plain scalar.
    static func resolvePlain(_ text: String) -> JSON {
        if nulls.contains(text) { return .null }
        if trues.contains(text) { return .bool(true) }
        if falses.contains(text) { return .bool(false) }
        guard let first = text.utf8.first, "+-.0123456789".utf8.contains(first) else { return .string(text) }
        let plain = text.replacingUnderscores()
        if let n = goInteger(plain) { return n }
        if isYAMLFloat(plain), let d = Double(plain), d.isFinite { return .double(d) }
        return .string(text)
    }

    /// The value of a scalar with an explicit standard tag (`!!str`, `!!int`, …).
    static func resolveTagged(_ text: String, tag: String) -> JSON? {
        switch tag {
        case "tag:yaml.org,2002:str", "tag:yaml.org,2002:binary", "!": return .string(text)
        case "tag:yaml.org,2002:null": return .null
        case "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float":
            let v = resolvePlain(text)
            if case .string = v { return nil }
            return v
        default: return resolvePlain(text)
        }
    }

    /// Go's `strconv.ParseInt(s, 0, 64)`, then `ParseUint` (as a double beyond Int64).
    static func goInteger(_ s: String) -> JSON? {
        var digits = Substring(s)
        var negative = false
        if let f = digits.first, f == "+" || f == "-" {
            negative = f == "-"
            digits = digits.dropFirst()
        }
        var radix = 10
        let lower = digits.lowercased()
        if lower.hasPrefix("0x") { radix = 16; digits = digits.dropFirst(2) }
        else if lower.hasPrefix("0o") { radix = 8; digits = digits.dropFirst(2) }
        else if lower.hasPrefix("0b") { radix = 2; digits = digits.dropFirst(2) }
        else if digits.count > 1, digits.first == "0" { radix = 8; digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isHexDigit }),
              let magnitude = UInt64(digits, radix: radix) else { return nil }
        if negative {
            if magnitude <= UInt64(Int64.max) { return .int(-Int64(magnitude)) }
            if magnitude == UInt64(Int64.max) + 1 { return .int(.min) }
            return nil
        }
        return magnitude <= UInt64(Int64.max) ? .int(Int64(magnitude)) : .double(Double(magnitude))
    }

    /// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
    static func isYAMLFloat(_ s: String) -> Bool {
        var u = Substring(s).utf8[...]
        func digits() -> Int {
            var n = 0
            while let c = u.first, c >= 0x30, c <= 0x39 { u = u.dropFirst(); n += 1 }
            return n
        }
        if let c = u.first, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { u = u.dropFirst() }
        if u.first == UInt8(ascii: ".") {
            u = u.dropFirst()
            guard digits() > 0 else { return false }
        } else {
            guard digits() > 0 else { return false }
            if u.first == UInt8(ascii: ".") { u = u.dropFirst(); _ = digits() }
        }
        if let c = u.first, c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            u = u.dropFirst()
            if let c = u.first, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { u = u.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return u.isEmpty
    }

    /// A map key as a JSON object key: strings as they are, other scalars as their JSON text.
    static func keyString(_ value: JSON, raw: String) -> String {
        switch value {
        case .string(let s): s
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        default: raw
        }
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        utf8.contains(UInt8(ascii: "_")) ? String(filter { $0 != "_" }) : self
    }
}
