/// RFC 7386 JSON Merge Patch (`application/merge-patch+json`: `kubectl label`, `annotate`,
/// `scale`, `patch --type=merge`).
///
/// Guarantees: `apply(createPatch(from: a, to: b), to: a) == b` whenever `b` has no `null`
/// member values (a merge patch cannot say "set to null"); key order of `a` is kept and new keys
/// are appended in the patch's order. Lists are replaced whole.
public enum MergePatch {
    /// Applies `patch` to `target` (RFC 7386 §2).
    public static func apply(_ patch: JSON, to target: JSON) -> JSON {
        guard case .object(let p) = patch else { return patch }
        var result: JSONObject
        if case .object(let t) = target { result = t } else { result = JSONObject() }
        for (key, value) in p {
            if value.isNull {
                result[key] = nil
            } else {
                result[key] = apply(value, to: result[key] ?? .null)
            }
        }
        return .object(result)
    }

    /// The smallest merge patch that turns `original` into `modified`.
    public static func createPatch(from original: JSON, to modified: JSON) -> JSON {
        guard case .object(let o) = original, case .object(let m) = modified else { return modified }
        var patch = JSONObject()
        for (key, _) in o where !m.contains(key) { patch[key] = .null }
        for (key, newValue) in m {
            if let old = o[key] {
                if old == newValue { continue }
                if case .object = old, case .object = newValue {
                    patch[key] = createPatch(from: old, to: newValue)
                } else {
                    patch[key] = newValue
                }
            } else {
                patch[key] = newValue
            }
        }
        return .object(patch)
    }
}
