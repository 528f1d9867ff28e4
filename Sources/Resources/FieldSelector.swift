/// A field selector (`?fieldSelector=metadata.name=x,spec.nodeName!=`), as apimachinery's
/// `fields.ParseSelector` reads it: comma-separated terms `field=value`, `field==value` or
/// `field!=value`, with `\,`, `\=` and `\\` escapes in values. All terms must hold.
///
/// Matching reads the field from a JSON object by its dotted path; a missing field reads as the
/// empty string (so `spec.nodeName=` selects unscheduled pods), numbers and booleans by their
/// JSON spelling. Which fields a kind supports is the API server's decision, not this type's.
public struct FieldSelector: Sendable, Hashable, CustomStringConvertible {
    /// One term.
    public struct Term: Sendable, Hashable {
        public var field: String
        public var value: String
        /// True for `!=`.
        public var negated: Bool

        public init(field: String, value: String, negated: Bool) {
            self.field = field
            self.value = value
            self.negated = negated
        }
    }

    /// Terms, sorted as apimachinery sorts them (by their text).
    public private(set) var terms: [Term]

    public init(terms: [Term]) { self.terms = terms }

    public static let everything = FieldSelector(terms: [])
    public var isEverything: Bool { terms.isEmpty }

    public init(parsing text: String) throws(SelectorError) {
        guard text.utf8.count <= SelectorLimits.maxLength else {
            throw SelectorError("field selector is too long: \(text.utf8.count) bytes, at most \(SelectorLimits.maxLength)")
        }
        var parts = Self.splitTerms(text)
        parts.sort()
        var terms: [Term] = []
        for part in parts where !part.isEmpty {
            guard let (lhs, op, rhs) = Self.splitTerm(part) else {
                throw SelectorError("invalid selector: '\(text)'; can't understand '\(part)'")
            }
            terms.append(Term(field: lhs, value: try Self.unescape(rhs), negated: op == "!="))
        }
        guard terms.count <= SelectorLimits.maxRequirements else {
            throw SelectorError("too many terms in field selector: \(terms.count), at most \(SelectorLimits.maxRequirements)")
        }
        self.terms = terms
    }

    /// The value a term compares against, for `object`.
    public static func fieldValue(_ object: JSON, path: String) -> String {
        var current: JSON? = object
        for step in path.split(separator: ".", omittingEmptySubsequences: false) { current = current[String(step)] }
        switch current {
        case nil, .null?: return ""
        case .string(let s)?: return s
        case let other?: return other.serialized()
        }
    }

    /// Whether every term holds for `object`.
    public func matches(_ object: JSON) -> Bool {
        terms.allSatisfy { ($0.negated) != (Self.fieldValue(object, path: $0.field) == $0.value) }
    }

    /// Whether every term holds for a flat field set (the API server's `GetAttrs` result).
    public func matches(fields: [String: String]) -> Bool {
        terms.allSatisfy { ($0.negated) != ((fields[$0.field] ?? "") == $0.value) }
    }

    /// The canonical string form; parsing it gives an equal selector.
    public var description: String {
        terms.map { $0.field + ($0.negated ? "!=" : "=") + Self.escape($0.value) }.joined(separator: ",")
    }

    static func escape(_ v: String) -> String {
        var out = ""
        for ch in v {
            if ch == "\\" || ch == "," || ch == "=" { out.append("\\") }
            out.append(ch)
        }
        return out
    }

    /// Splits on commas not escaped by a backslash (escapes are kept for ``unescape(_:)``).
    static func splitTerms(_ text: String) -> [String] {
        if text.isEmpty { return [] }
        var terms: [String] = []
        var current = ""
        var escaped = false
        for ch in text {
            if escaped {
                current.append(ch)
                escaped = false
            } else if ch == "\\" {
                current.append(ch)
                escaped = true
            } else if ch == "," {
                terms.append(current)
                current = ""
            } else {
                current.append(ch)
            }
        }
        terms.append(current)
        return terms
    }

    /// The first operator at the earliest position, trying `!=`, `==`, `=` at each.
    static func splitTerm(_ term: String) -> (String, String, String)? {
        var i = term.startIndex
        while i < term.endIndex {
            let rest = term[i...]
            for op in ["!=", "==", "="] where rest.hasPrefix(op) {
                return (String(term[..<i]), op, String(rest.dropFirst(op.count)))
            }
            i = term.index(after: i)
        }
        return nil
    }

    static func unescape(_ v: String) throws(SelectorError) -> String {
        var out = ""
        var escaped = false
        for ch in v {
            if escaped {
                guard ch == "\\" || ch == "," || ch == "=" else {
                    throw SelectorError("invalid field selector: invalid escape sequence: \\\(ch)")
                }
                out.append(ch)
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else if ch == "," || ch == "=" {
                throw SelectorError("invalid field selector: unescaped character in value: \(ch)")
            } else {
                out.append(ch)
            }
        }
        if escaped { throw SelectorError("invalid field selector: invalid escape sequence: \\") }
        return out
    }
}
