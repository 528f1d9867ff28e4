/// Strategic merge patch (`application/strategic-merge-patch+json`), what `kubectl apply`
/// (client side), `kubectl edit` and `kubectl patch` send for built-in types.
///
/// Semantics (those of apimachinery's `strategicpatch`, for the directives kubectl emits):
/// - Maps merge recursively; a `null` value deletes the key.
/// - Lists follow ``StrategicMergeSchema``: merged by key (original order kept, new elements
///   appended), merged as a set of scalars, or replaced whole.
/// - `$patch: replace` on a map replaces it; `$patch: delete` on a map deletes it; in a merged
///   list, `{"<key>": v, "$patch": "delete"}` deletes that element and an element
///   `{"$patch": "replace"}` makes the patch's list replace the original. `$patch: merge` is the
///   default.
/// - `$retainKeys: [k…]` drops every original key not listed before merging.
/// - `$deleteFromPrimitiveList/<field>: [v…]` removes those values from a scalar list.
/// - `$setElementOrder/<field>: [...]` sets the final order: the listed elements in that order;
///   elements only the server had stay right after the element that preceded them originally
///   (an approximation of apimachinery's interleaving).
/// Directives never leak into the result. The input is untouched on error.
public enum StrategicMergePatch {
    /// Applies `patch` to `original`. Both must be JSON objects.
    public static func apply(
        _ patch: JSON, to original: JSON, schema: StrategicMergeSchema = .builtIn
    ) throws(PatchError) -> JSON {
        guard case .object(let p) = patch else {
            throw PatchError(.invalidPatch, "a strategic merge patch must be a JSON object")
        }
        let o: JSONObject
        switch original {
        case .object(let existing): o = existing
        case .null: o = JSONObject()
        default: throw PatchError(.invalidPatch, "a strategic merge patch applies only to a JSON object")
        }
        let merger = Merger(schema: schema)
        return .object(try merger.mergeMap(o, p, path: []) ?? JSONObject())
    }
}

private struct Merger {
    let schema: StrategicMergeSchema

    static let patchDirective = "$patch"
    static let retainKeys = "$retainKeys"
    static let setElementOrder = "$setElementOrder/"
    static let deleteFromPrimitiveList = "$deleteFromPrimitiveList/"

    /// Returns nil when the patch says `$patch: delete`.
    func mergeMap(_ original: JSONObject, _ patch: JSONObject, path: [String]) throws(PatchError) -> JSONObject? {
        var original = original
        var patch = patch
        if let directive = patch.removeValue(forKey: Self.patchDirective) {
            switch directive.string {
            case "replace": return try clean(patch, path: path)
            case "delete": return nil
            case "merge": break
            default: throw PatchError(.invalidPatch, "unknown patch type: \(directive) in map: \(JSON.object(patch))")
            }
        }
        if let retain = patch.removeValue(forKey: Self.retainKeys) {
            guard case .array(let items) = retain else {
                throw PatchError(.invalidPatch, "$retainKeys must be a list of strings, got \(retain)")
            }
            var keep = Set<String>()
            for item in items {
                guard let k = item.string else { throw PatchError(.invalidPatch, "$retainKeys must be a list of strings, got \(retain)") }
                keep.insert(k)
            }
            for key in original.keys where !keep.contains(key) { original[key] = nil }
        }
        var orders: [(field: String, order: [JSON])] = []
        for (key, value) in patch {
            if key.hasPrefix(Self.setElementOrder) {
                guard case .array(let order) = value else {
                    throw PatchError(.invalidPatch, "\(key) must be a list, got \(value)")
                }
                orders.append((String(key.dropFirst(Self.setElementOrder.count)), order))
                continue
            }
            if key.hasPrefix(Self.deleteFromPrimitiveList) {
                let field = String(key.dropFirst(Self.deleteFromPrimitiveList.count))
                guard case .array(let doomed) = value else {
                    throw PatchError(.invalidPatch, "\(key) must be a list, got \(value)")
                }
                if case .array(let current) = original[field] {
                    original[field] = .array(current.filter { !doomed.contains($0) })
                }
                continue
            }
            if key.hasPrefix("$") {
                throw PatchError(.invalidPatch, "unknown strategic merge patch directive \(key)")
            }
            let childPath = path + [key]
            if value.isNull {
                original[key] = nil
                continue
            }
            switch (original[key], value) {
            case (.object(let o)?, .object(let p)):
                original[key] = try mergeMap(o, p, path: childPath).map(JSON.object)
            case (.array(let o)?, .array(let p)):
                original[key] = .array(try mergeList(o, p, path: childPath))
            default:
                // Absent, or a change of type: the patch value, with its directives resolved.
                switch value {
                case .object(let p): original[key] = try mergeMap(JSONObject(), p, path: childPath).map(JSON.object)
                case .array(let p): original[key] = .array(try mergeList([], p, path: childPath))
                default: original[key] = value
                }
            }
        }
        for (field, order) in orders {
            guard case .array(let list) = original[field] else { continue }
            let key: String? = if case .mergeByKey(let k) = schema.strategy(forListAt: path + [field]) { k } else { nil }
            original[field] = .array(Self.reorder(list, by: order, mergeKey: key))
        }
        return original
    }

    func mergeList(_ original: [JSON], _ patch: [JSON], path: [String]) throws(PatchError) -> [JSON] {
        // An element {"$patch": "replace"} makes the rest of the patch list replace the original.
        let isReplace: (JSON) -> Bool = { $0.object?[Self.patchDirective]?.string == "replace" }
        if patch.contains(where: isReplace) {
            return try mergeList([], patch.filter { !isReplace($0) }, path: path)
        }
        switch schema.strategy(forListAt: path) {
        case .replace:
            return patch
        case .mergePrimitives:
            var result = original
            for item in patch where !result.contains(item) { result.append(item) }
            return result
        case .mergeByKey(let key):
            var result = original
            for item in patch {
                guard case .object(var element) = item else {
                    throw PatchError(.invalidPatch, "list \(path.joined(separator: ".")) must hold objects with merge key \(key), got \(item)")
                }
                let isDelete = element[Self.patchDirective]?.string == "delete"
                guard let id = element[key] else {
                    throw PatchError(.invalidPatch, "map: \(item) does not contain declared merge key: \(key)")
                }
                let position = result.firstIndex { $0.object?[key] == id }
                if isDelete {
                    result.removeAll { $0.object?[key] == id }
                    continue
                }
                if let position, case .object(let existing) = result[position] {
                    if let merged = try mergeMap(existing, element, path: path) {
                        result[position] = .object(merged)
                    } else {
                        result.remove(at: position)
                    }
                } else {
                    element[key] = id
                    if let fresh = try mergeMap(JSONObject(), element, path: path) {
                        result.append(.object(fresh))
                    }
                }
            }
            return result
        }
    }

    /// A map from the patch with directives resolved against nothing (for `$patch: replace`).
    func clean(_ patch: JSONObject, path: [String]) throws(PatchError) -> JSONObject {
        try mergeMap(JSONObject(), patch, path: path) ?? JSONObject()
    }

    static func reorder(_ list: [JSON], by order: [JSON], mergeKey: String?) -> [JSON] {
        func id(_ element: JSON) -> JSON {
            if let mergeKey { return element.object?[mergeKey] ?? element }
            return element
        }
        var rank: [JSON: Int] = [:]
        for (n, entry) in order.enumerated() where rank[id(entry)] == nil { rank[id(entry)] = n }
        var leading: [JSON] = []
        var ranked: [(rank: Int, element: JSON, followers: [JSON])] = []
        for element in list {
            if let r = rank[id(element)] {
                ranked.append((r, element, []))
            } else if ranked.isEmpty {
                leading.append(element)
            } else {
                ranked[ranked.count - 1].followers.append(element)
            }
        }
        // Stable by rank: equal ranks (duplicates) keep list order.
        let sorted = ranked.enumerated().sorted { ($0.element.rank, $0.offset) < ($1.element.rank, $1.offset) }
        return leading + sorted.flatMap { [$0.element.element] + $0.element.followers }
    }
}
