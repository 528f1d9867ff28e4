/// An RFC 6901 JSON Pointer: `""` is the whole document, `/a/0/b~1c` is `a`, element 0, key `b/c`.
///
/// Guarantees: `~1` decodes to `/` and `~0` to `~` (in that order, so `~01` is `~1`); any other
/// `~` escape, or a non-empty pointer not starting with `/`, is rejected.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible {
    /// The decoded reference tokens.
    public var tokens: [String]

    public init(tokens: [String]) { self.tokens = tokens }

    public init(_ text: String) throws(PatchError) {
        if text.isEmpty { tokens = []; return }
        guard text.hasPrefix("/") else {
            throw PatchError(.invalidPatch, "JSON pointer \(JSON.string(text)) must be empty or start with '/'")
        }
        var result: [String] = []
        for raw in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            var token = ""
            var escaping = false
            for ch in raw {
                if escaping {
                    switch ch {
                    case "0": token.append("~")
                    case "1": token.append("/")
                    default: throw PatchError(.invalidPatch, "JSON pointer \(JSON.string(text)) has an invalid escape '~\(ch)'")
                    }
                    escaping = false
                } else if ch == "~" {
                    escaping = true
                } else {
                    token.append(ch)
                }
            }
            if escaping { throw PatchError(.invalidPatch, "JSON pointer \(JSON.string(text)) ends with '~'") }
            result.append(token)
        }
        tokens = result
    }

    /// The pointer text, with `~` and `/` escaped.
    public var description: String {
        tokens.map { "/" + $0.split(separator: "~", omittingEmptySubsequences: false).joined(separator: "~0")
            .split(separator: "/", omittingEmptySubsequences: false).joined(separator: "~1") }.joined()
    }

    /// True if `self` is a proper prefix of `other` (`other` is inside the value `self` names).
    public func isProperPrefix(of other: JSONPointer) -> Bool {
        tokens.count < other.tokens.count && Array(other.tokens.prefix(tokens.count)) == tokens
    }

    /// Parses an array index token: digits without a leading zero (RFC 6901 §4).
    static func arrayIndex(_ token: String) -> Int? {
        guard !token.isEmpty, token.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
            token == "0" || !token.hasPrefix("0") else { return nil }
        return Int(token)
    }
}

extension JSON {
    /// The value `pointer` names, or `nil` if it names nothing.
    public func value(at pointer: JSONPointer) -> JSON? {
        var current = self
        for token in pointer.tokens {
            switch current {
            case .object(let o):
                guard let next = o[token] else { return nil }
                current = next
            case .array(let a):
                guard let i = JSONPointer.arrayIndex(token), a.indices.contains(i) else { return nil }
                current = a[i]
            default: return nil
            }
        }
        return current
    }
}
