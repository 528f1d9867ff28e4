/// The lexer and parser of apimachinery's `labels.Parse`, with its error messages.
struct LabelSelectorParser {
    enum Token: Equatable {
        case identifier, doesNotExist, equals, doubleEquals, notEquals, greaterThan, lessThan
        case `in`, notIn, openPar, closedPar, comma, end, error
    }

    private var tokens: [(token: Token, literal: String)] = []
    private var position = 0

    init(_ text: String) {
        tokens = Self.lex(Array(text))
    }

    static func isSpecial(_ c: Character) -> Bool { "=!(),><".contains(c) }

    static func lex(_ s: [Character]) -> [(Token, String)] {
        var out: [(Token, String)] = []
        var i = 0
        while true {
            while i < s.count, s[i].isWhitespace { i += 1 }
            guard i < s.count else { out.append((.end, "")); return out }
            if isSpecial(s[i]) {
                let two = i + 1 < s.count ? String(s[i...i + 1]) : ""
                let (tok, lit): (Token, String) = switch two {
                case "==": (.doubleEquals, "==")
                case "!=": (.notEquals, "!=")
                default:
                    switch s[i] {
                    case "=": (.equals, "=")
                    case "!": (.doesNotExist, "!")
                    case "(": (.openPar, "(")
                    case ")": (.closedPar, ")")
                    case ",": (.comma, ",")
                    case ">": (.greaterThan, ">")
                    case "<": (.lessThan, "<")
                    default: (.error, String(s[i]))
                    }
                }
                out.append((tok, lit))
                i += lit.count
            } else {
                let start = i
                while i < s.count, !s[i].isWhitespace, !isSpecial(s[i]) { i += 1 }
                let word = String(s[start..<i])
                switch word {
                case "in": out.append((.in, word))
                case "notin": out.append((.notIn, word))
                default: out.append((.identifier, word))
                }
            }
        }
    }

    /// In "values" context the keywords `in` and `notin` are plain identifiers.
    private func lookahead(values: Bool = true) -> (token: Token, literal: String) {
        var t = tokens[min(position, tokens.count - 1)]
        if values, t.token == .in || t.token == .notIn { t.token = .identifier }
        return t
    }

    private mutating func consume(values: Bool = true) -> (token: Token, literal: String) {
        let t = lookahead(values: values)
        if position < tokens.count - 1 { position += 1 }
        return t
    }

    mutating func parse() throws(SelectorError) -> [LabelRequirement] {
        var reqs: [LabelRequirement] = []
        while true {
            let (tok, lit) = lookahead()
            switch tok {
            case .identifier, .doesNotExist:
                do {
                    reqs.append(try parseRequirement())
                } catch {
                    throw SelectorError("unable to parse requirement: \(error.message)")
                }
                if reqs.count > SelectorLimits.maxRequirements {
                    throw SelectorError("too many requirements in label selector: more than \(SelectorLimits.maxRequirements)")
                }
                let (t, l) = consume()
                switch t {
                case .end: return reqs
                case .comma:
                    let (t2, l2) = lookahead()
                    if t2 != .identifier && t2 != .doesNotExist {
                        throw SelectorError("found '\(l2)', expected: identifier after ','")
                    }
                default: throw SelectorError("found '\(l)', expected: ',' or 'end of string'")
                }
            case .end: return reqs
            default: throw SelectorError("found '\(lit)', expected: !, identifier, or 'end of string'")
            }
        }
    }

    private mutating func parseRequirement() throws(SelectorError) -> LabelRequirement {
        var (tok, lit) = consume()
        var inferred: LabelRequirement.Operator?
        if tok == .doesNotExist {
            inferred = .doesNotExist
            (tok, lit) = consume()
        }
        guard tok == .identifier else { throw SelectorError("found '\(lit)', expected: identifier") }
        let key = lit
        let keyErrs = NameValidation.qualifiedName(key)
        if !keyErrs.isEmpty { throw SelectorError(fieldInvalid("key", key, keyErrs.joined(separator: "; "))) }
        let next = lookahead().token
        if next == .end || next == .comma || inferred == .doesNotExist {
            // `!key` followed by anything else is reported by the caller ("expected: ',' or …").
            return try LabelRequirement(key: key, operator: inferred ?? .exists, values: [])
        }
        let (opTok, opLit) = consume(values: false)
        let op: LabelRequirement.Operator
        switch opTok {
        case .equals: op = .equals
        case .doubleEquals: op = .doubleEquals
        case .notEquals: op = .notEquals
        case .in: op = .in
        case .notIn: op = .notIn
        case .greaterThan: op = .greaterThan
        case .lessThan: op = .lessThan
        default: throw SelectorError("found '\(opLit)', expected: in, notin, =, ==, !=, gt, lt")
        }
        let values: [String]
        switch op {
        case .in, .notIn: values = try parseValues()
        default: values = try parseExactValue()
        }
        return try LabelRequirement(key: key, operator: op, values: values)
    }

    private mutating func parseValues() throws(SelectorError) -> [String] {
        let (tok, lit) = consume()
        guard tok == .openPar else { throw SelectorError("found '\(lit)' expected: '('") }
        let (t, l) = lookahead()
        switch t {
        case .identifier, .comma:
            let set = try parseIdentifiersList()
            let (closing, closingLit) = consume()
            guard closing == .closedPar else { throw SelectorError("found '\(closingLit)', expected: ')'") }
            return set
        case .closedPar:
            _ = consume()
            return [""]
        default:
            throw SelectorError("found '\(l)', expected: ',', ')' or identifier")
        }
    }

    private mutating func parseIdentifiersList() throws(SelectorError) -> [String] {
        var set: [String] = []
        while true {
            let (tok, lit) = consume()
            switch tok {
            case .identifier:
                set.append(lit)
                let (t2, l2) = lookahead()
                switch t2 {
                case .comma: continue
                case .closedPar: return set
                default: throw SelectorError("found '\(l2)', expected: ',' or ')'")
                }
            case .comma:
                if set.isEmpty { set.append("") }
                let t2 = lookahead().token
                if t2 == .closedPar { set.append(""); return set }
                if t2 == .comma { _ = consume(); set.append("") }
            default:
                throw SelectorError("found '\(lit)', expected: ',', or identifier")
            }
            if set.count > SelectorLimits.maxValues {
                throw SelectorError("too many values in a set: more than \(SelectorLimits.maxValues)")
            }
        }
    }

    private mutating func parseExactValue() throws(SelectorError) -> [String] {
        let t = lookahead().token
        if t == .end || t == .comma { return [""] }
        let (tok, lit) = consume()
        if tok == .identifier { return [lit] }
        throw SelectorError("found '\(lit)', expected: identifier")
    }
}
