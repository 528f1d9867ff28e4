import Resources

/// Whether a pod may run on a node, as the DaemonSet controller checks it
/// (`NodeShouldRunDaemonPod`): nodeSelector, required node affinity, and the node's NoSchedule
/// and NoExecute taints against the pod's tolerations.
public enum NodeEligibility {
    public static func fits(podSpec spec: JSON?, node: JSON) -> Bool {
        let labels = node.labels
        for (k, v) in spec?["nodeSelector"]?.object ?? JSONObject() where labels[k] != v.string { return false }
        if let terms = spec?["affinity"]?["nodeAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"]?["nodeSelectorTerms"]?.array,
           !terms.contains(where: { termMatches($0, node: node) }) {
            return false
        }
        let tolerations = spec?["tolerations"]?.array ?? []
        for taint in node["spec"]?["taints"]?.array ?? [] {
            let effect = taint["effect"]?.string ?? ""
            guard effect == "NoSchedule" || effect == "NoExecute" else { continue }
            if !tolerations.contains(where: { tolerates($0, taint) }) { return false }
        }
        return true
    }

    static func termMatches(_ term: JSON, node: JSON) -> Bool {
        let exprs = term["matchExpressions"]?.array ?? [], fields = term["matchFields"]?.array ?? []
        if exprs.isEmpty && fields.isEmpty { return false }
        let labels = node.labels
        for e in exprs where !requirement(e, value: labels[e["key"]?.string ?? ""]) { return false }
        for f in fields {
            let value: String? = f["key"]?.string == "metadata.name" ? node.name : nil
            if !requirement(f, value: value) { return false }
        }
        return true
    }

    static func requirement(_ r: JSON, value: String?) -> Bool {
        let values = (r["values"]?.array ?? []).compactMap(\.string)
        switch r["operator"]?.string ?? "" {
        case "In": return value.map(values.contains) ?? false
        case "NotIn": return value.map { !values.contains($0) } ?? true
        case "Exists": return value != nil
        case "DoesNotExist": return value == nil
        case "Gt": return value.flatMap { Int($0) }.flatMap { v in values.first.flatMap { Int($0) }.map { v > $0 } } ?? false
        case "Lt": return value.flatMap { Int($0) }.flatMap { v in values.first.flatMap { Int($0) }.map { v < $0 } } ?? false
        default: return false
        }
    }

    /// `Toleration.ToleratesTaint`.
    public static func tolerates(_ t: JSON, _ taint: JSON) -> Bool {
        if let effect = t["effect"]?.string, !effect.isEmpty, effect != taint["effect"]?.string { return false }
        let key = t["key"]?.string ?? ""
        let op = t["operator"]?.string ?? "Equal"
        if op == "Exists" { return key.isEmpty || key == taint["key"]?.string }
        return key == taint["key"]?.string && (t["value"]?.string ?? "") == (taint["value"]?.string ?? "")
    }
}
