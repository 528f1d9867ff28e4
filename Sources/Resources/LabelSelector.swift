/// A parsed label selector: all requirements must hold (AND).
///
/// Built from the string form (``init(parsing:)``, `?labelSelector=`) or the structured
/// `metav1.LabelSelector` (``init(structured:)``, `spec.selector`). Requirements are sorted by
/// key, as apimachinery sorts them, so ``description`` is canonical. Sizes are bounded by
/// ``SelectorLimits``.
public struct LabelSelector: Sendable, Hashable, CustomStringConvertible {
    public private(set) var requirements: [LabelRequirement]
    /// True for the selector that matches nothing (a `nil` structured selector).
    public private(set) var matchesNothing: Bool

    public init(requirements: [LabelRequirement]) {
        self.requirements = requirements.sorted { $0.key < $1.key }
        self.matchesNothing = false
    }

    /// Matches every object (the empty string, or `{}`).
    public static let everything = LabelSelector(requirements: [])
    /// Matches no object.
    public static let nothing: LabelSelector = {
        var s = LabelSelector(requirements: [])
        s.matchesNothing = true
        return s
    }()

    public var isEverything: Bool { !matchesNothing && requirements.isEmpty }

    /// Whether `labels` satisfy every requirement.
    public func matches(_ labels: [String: String]) -> Bool {
        !matchesNothing && requirements.allSatisfy { $0.matches(labels) }
    }

    /// Whether an object's `metadata.labels` satisfy every requirement.
    public func matches(object: JSON) -> Bool {
        var labels: [String: String] = [:]
        if let o = object["metadata"]["labels"]?.object {
            for (k, v) in o { if let s = v.string { labels[k] = s } }
        }
        return matches(labels)
    }

    /// The string form (`labels.Selector.String()`); parsing it gives an equal selector.
    public var description: String {
        requirements.map(\.description).joined(separator: ",")
    }

    /// Parses the string form (`labels.Parse`): `a=b,c!=d,e in (f,g),h notin (i),j,!k,l>1`.
    public init(parsing text: String) throws(SelectorError) {
        guard text.utf8.count <= SelectorLimits.maxLength else {
            throw SelectorError("label selector is too long: \(text.utf8.count) bytes, at most \(SelectorLimits.maxLength)")
        }
        var parser = LabelSelectorParser(text)
        self.init(requirements: try parser.parse())
    }

    /// Converts a structured `metav1.LabelSelector` (`LabelSelectorAsSelector`): `nil` or
    /// `null` matches nothing, `{}` matches everything.
    public init(structured json: JSON?) throws(SelectorError) {
        guard let json, !json.isNull else { self = .nothing; return }
        guard case .object(let o) = json else { throw SelectorError("a label selector must be an object") }
        var reqs: [LabelRequirement] = []
        if let ml = o["matchLabels"], !ml.isNull {
            guard case .object(let labels) = ml else { throw SelectorError("matchLabels must be an object of strings") }
            for (k, v) in labels {
                guard let value = v.string else { throw SelectorError("matchLabels[\(k)] must be a string") }
                reqs.append(try LabelRequirement(key: k, operator: .equals, values: [value]))
            }
        }
        if let me = o["matchExpressions"], !me.isNull {
            guard case .array(let exprs) = me else { throw SelectorError("matchExpressions must be a list") }
            for expr in exprs {
                guard let key = expr["key"]?.string, let opName = expr["operator"]?.string else {
                    throw SelectorError("a matchExpressions entry needs a string key and operator")
                }
                let op: LabelRequirement.Operator
                switch opName {
                case "In": op = .in
                case "NotIn": op = .notIn
                case "Exists": op = .exists
                case "DoesNotExist": op = .doesNotExist
                default: throw SelectorError("\(JSON.string(opName)) is not a valid label selector operator")
                }
                var values: [String] = []
                if let vs = expr["values"], !vs.isNull {
                    guard let list = vs.array, list.allSatisfy({ $0.string != nil }) else {
                        throw SelectorError("matchExpressions values must be a list of strings")
                    }
                    values = list.compactMap(\.string)
                }
                reqs.append(try LabelRequirement(key: key, operator: op, values: values))
            }
        }
        guard reqs.count <= SelectorLimits.maxRequirements else {
            throw SelectorError("too many requirements in label selector: \(reqs.count), at most \(SelectorLimits.maxRequirements)")
        }
        self.init(requirements: reqs)
    }
}
