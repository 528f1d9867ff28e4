import Resources

/// One `NodeSelectorRequirement`: a key, an operator and values, matched against a node's
/// labels (`matchExpressions`) or fields (`matchFields`, only `metadata.name`).
public struct NodeSelectorRequirement: Sendable, Hashable {
    public enum Operator: String, Sendable, Hashable {
        case `in` = "In", notIn = "NotIn", exists = "Exists", doesNotExist = "DoesNotExist", gt = "Gt", lt = "Lt"
    }
    public var key: String
    /// nil for an operator Kubernetes does not know: such a requirement matches nothing.
    public var `operator`: Operator?
    public var values: [String]

    public init(key: String, operator op: Operator?, values: [String] = []) {
        self.key = key
        self.operator = op
        self.values = values
    }

    init(json: JSON) {
        self.init(key: json["key"]?.string ?? "", operator: json["operator"]?.string.flatMap(Operator.init(rawValue:)),
                  values: (json["values"]?.array ?? []).compactMap(\.string))
    }

    /// Whether `labels` satisfy the requirement. Malformed requirements (In without values,
    /// Exists with values, Gt with a value that is not one integer) match nothing, as
    /// `nodeaffinity.NewNodeSelector` turns them into errors that fail the term.
    public func matches(labels: [String: String]) -> Bool {
        guard let op = `operator`, !key.isEmpty else { return false }
        let value = labels[key]
        switch op {
        case .in:
            guard !values.isEmpty else { return false }
            return value.map(values.contains) ?? false
        case .notIn:
            guard !values.isEmpty else { return false }
            return value.map { !values.contains($0) } ?? true
        case .exists:
            return values.isEmpty && value != nil
        case .doesNotExist:
            return values.isEmpty && value == nil
        case .gt, .lt:
            guard values.count == 1, let bound = Int64(values[0]), let v = value, let n = Int64(v) else { return false }
            return op == .gt ? n > bound : n < bound
        }
    }

    /// `matchFields`: only `metadata.name` with In or NotIn (and exactly one value) is valid.
    public func matches(nodeName: String) -> Bool {
        guard key == "metadata.name", values.count == 1 else { return false }
        switch `operator` {
        case .in?: return values[0] == nodeName
        case .notIn?: return values[0] != nodeName
        default: return false
        }
    }
}

/// A `NodeSelectorTerm`: its expressions and fields all hold. An empty term matches nothing.
public struct NodeSelectorTerm: Sendable, Hashable {
    public var matchExpressions: [NodeSelectorRequirement]
    public var matchFields: [NodeSelectorRequirement]

    public init(matchExpressions: [NodeSelectorRequirement] = [], matchFields: [NodeSelectorRequirement] = []) {
        self.matchExpressions = matchExpressions
        self.matchFields = matchFields
    }

    init(json: JSON) {
        self.init(matchExpressions: (json["matchExpressions"]?.array ?? []).map(NodeSelectorRequirement.init(json:)),
                  matchFields: (json["matchFields"]?.array ?? []).map(NodeSelectorRequirement.init(json:)))
    }

    public func matches(labels: [String: String], nodeName: String) -> Bool {
        if matchExpressions.isEmpty && matchFields.isEmpty { return false }
        return matchExpressions.allSatisfy { $0.matches(labels: labels) } && matchFields.allSatisfy { $0.matches(nodeName: nodeName) }
    }
}

/// `requiredDuringSchedulingIgnoredDuringExecution`: any of its terms.
public struct NodeSelector: Sendable, Hashable {
    public var terms: [NodeSelectorTerm]
    public init(terms: [NodeSelectorTerm]) { self.terms = terms }

    init(json: JSON) { self.init(terms: (json["nodeSelectorTerms"]?.array ?? []).map(NodeSelectorTerm.init(json:))) }

    public func matches(labels: [String: String], nodeName: String) -> Bool {
        terms.contains { $0.matches(labels: labels, nodeName: nodeName) }
    }

    /// The node names the selector can only match, when every term names nodes through
    /// `matchFields metadata.name In` (NodeAffinity's PreFilter; how DaemonSet pods are pinned):
    /// nil when some term may match any node.
    public var onlyNodeNames: Set<String>? {
        var union: Set<String> = []
        for term in terms {
            var names: Set<String>? = nil
            for r in term.matchFields where r.key == "metadata.name" && r.operator == .in {
                names = names.map { $0.intersection(r.values) } ?? Set(r.values)
            }
            guard let names else { return nil }
            union.formUnion(names)
        }
        return terms.isEmpty ? nil : union
    }
}

/// A `PreferredSchedulingTerm`: a term and the weight (1–100) it adds to a node's score.
public struct PreferredTerm: Sendable, Hashable {
    public var weight: Int64
    public var term: NodeSelectorTerm
    public init(weight: Int64, term: NodeSelectorTerm) {
        self.weight = weight
        self.term = term
    }
}
