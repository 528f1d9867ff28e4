/// Strategic merge patch (`application/strategic-merge-patch+json`), what `kubectl apply`
/// (client side), `kubectl edit` and `kubectl patch` send for built-in types.
///
/// Semantics (those of apimachinery's `strategicpatch`, for the directives kubectl emits):
/// - Maps merge recursively; a `null` value deletes the key.
/// - Lists follow ``StrategicMergeSchema``: merged by key, merged as a set of scalars, or
///   replaced whole.
/// - `$patch: replace` on a map replaces it; `$patch: delete` on a map empties it (`{}`, as
///   apimachinery does); in a merged
///   list, `{"<key>": v, "$patch": "delete"}` deletes that element and an element
///   `{"$patch": "replace"}` makes the patch's list replace the original. `$patch: merge` is the
///   default.
/// - `$retainKeys: [k…]` drops every original key not listed before merging.
/// - `$deleteFromPrimitiveList/<field>: [v…]` removes those values from a scalar list.
/// - Order of merged lists (apimachinery's `normalizeElementOrder`): elements named in
///   `$setElementOrder/<field>`, or else in the patch list, come in that order; elements only
///   the server had keep their live order and are interleaved by their live positions.
/// - Unlike apimachinery, a patch value for a field the original lacks has its directives
///   resolved too (apimachinery copies it verbatim, `$patch` keys and all).
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
            case "delete": return JSONObject()  // apimachinery: "just return an empty map"
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
        let before = original
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
            let server = before[field]?.array ?? []
            original[field] = .array(Self.normalizeOrder(list, order: order, server: server, mergeKey: key))
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
            return Self.normalizeOrder(result, order: patch, server: original, mergeKey: nil)
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
            let order = patch.filter { $0.object?[Self.patchDirective] == nil }
            return Self.normalizeOrder(result, order: order, server: original, mergeKey: key)
        }
    }

    /// A map from the patch with directives resolved against nothing (for `$patch: replace`).
    func clean(_ patch: JSONObject, path: [String]) throws(PatchError) -> JSONObject {
        try mergeMap(JSONObject(), patch, path: path) ?? JSONObject()
    }

    /// apimachinery's `normalizeElementOrder`: elements named in `order` come in that order;
    /// the others ("server-only") keep their order in `server` and are interleaved before the
    /// first ordered element that comes after them in `server`. Precedence: `$setElementOrder`
    /// (or the patch list's own order) over the live list's order.
    static func normalizeOrder(_ merged: [JSON], order: [JSON], server: [JSON], mergeKey: String?) -> [JSON] {
        func id(_ element: JSON) -> JSON {
            if let mergeKey { return element.object?[mergeKey] ?? element }
            return element
        }
        func indexMap(_ list: [JSON]) -> [JSON: Int] {
            var map: [JSON: Int] = [:]
            for (n, entry) in list.enumerated() where map[id(entry)] == nil { map[id(entry)] = n }
            return map
        }
        let orderIndex = indexMap(order)
        let serverIndex = indexMap(server)
        var patchItems: [(Int, Int, JSON)] = []
        var serverOnly: [(Int, Int, JSON)] = []
        for (n, element) in merged.enumerated() {
            if let r = orderIndex[id(element)] {
                patchItems.append((r, n, element))
            } else {
                serverOnly.append((serverIndex[id(element)] ?? Int.max, n, element))
            }
        }
        let left = serverOnly.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
        let right = patchItems.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
        var result: [JSON] = []
        result.reserveCapacity(merged.count)
        var i = 0, j = 0
        while i < left.count || j < right.count {
            if j >= right.count {
                result.append(left[i]); i += 1
            } else if i >= left.count {
                result.append(right[j]); j += 1
            } else if let li = serverIndex[id(left[i])], let ri = serverIndex[id(right[j])], li < ri {
                result.append(left[i]); i += 1
            } else {
                result.append(right[j]); j += 1
            }
        }
        return result
    }
}
