/// How Kubernetes' field errors print Go values (`%#v`), for the few values whose Go spelling
/// users see in messages: label maps and label selectors.
enum GoValueRendering {
    /// `map[string]string{"app":"web", "tier":"front"}` (keys sorted, as Go prints maps);
    /// `map[string]string(nil)` for a missing map.
    static func stringMap(_ value: JSON?) -> String {
        guard let o = value?.object else { return "map[string]string(nil)" }
        let pairs = o.compactMap { k, v in v.string.map { (k, $0) } }.sorted { $0.0 < $1.0 }
        return "map[string]string{" + pairs.map { quote($0.0) + ":" + quote($0.1) }.joined(separator: ", ") + "}"
    }

    /// `v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`.
    static func labelSelector(_ value: JSON?) -> String {
        guard let value, value.object != nil else { return "null" }
        var expressions = "[]v1.LabelSelectorRequirement(nil)"
        if let list = value["matchExpressions"]?.array {
            expressions = "[]v1.LabelSelectorRequirement{" + list.map { r in
                let values = r["values"]?.array.map { "[]string{" + $0.compactMap(\.string).map(quote).joined(separator: ", ") + "}" }
                    ?? "[]string(nil)"
                return "v1.LabelSelectorRequirement{Key:\(quote(r["key"]?.string ?? "")), Operator:\(quote(r["operator"]?.string ?? "")), Values:\(values)}"
            }.joined(separator: ", ") + "}"
        }
        return "v1.LabelSelector{MatchLabels:\(stringMap(value["matchLabels"])), MatchExpressions:\(expressions)}"
    }

    static func quote(_ s: String) -> String { JSON.string(s).serialized() }
}
