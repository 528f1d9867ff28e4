/// RFC 6902 JSON Patch (`application/json-patch+json`, `kubectl patch --type=json`).
///
/// Guarantees: operations apply in order to a copy; if any fails, the error is thrown and the
/// input is untouched (all or nothing). `test` compares with JSON equality (key order and
/// int/double spelling do not matter). `move` into its own child is rejected.
public enum JSONPatch {
    /// One operation of a patch document.
    public enum Operation: Sendable, Equatable {
        case add(JSONPointer, JSON)
        case remove(JSONPointer)
        case replace(JSONPointer, JSON)
        case move(from: JSONPointer, to: JSONPointer)
        case copy(from: JSONPointer, to: JSONPointer)
        case test(JSONPointer, JSON)
    }

    /// Decodes a patch document: an array of `{"op":…, "path":…, "value"|"from":…}` objects.
    public static func operations(from document: JSON) throws(PatchError) -> [Operation] {
        guard case .array(let items) = document else {
            throw PatchError(.invalidPatch, "a JSON patch must be an array of operations")
        }
        var result: [Operation] = []
        for (n, item) in items.enumerated() {
            guard case .object(let o) = item else {
                throw PatchError(.invalidPatch, "operation \(n) is not an object")
            }
            guard let op = o["op"]?.string else {
                throw PatchError(.invalidPatch, "operation \(n) has no string \"op\"")
            }
            guard let pathText = o["path"]?.string else {
                throw PatchError(.invalidPatch, "operation \(n) (\(op)) has no string \"path\"")
            }
            let path = try JSONPointer(pathText)
            func value() throws(PatchError) -> JSON {
                guard let v = o["value"] else {
                    throw PatchError(.invalidPatch, "operation \(n) (\(op)) has no \"value\"")
                }
                return v
            }
            func from() throws(PatchError) -> JSONPointer {
                guard let f = o["from"]?.string else {
                    throw PatchError(.invalidPatch, "operation \(n) (\(op)) has no string \"from\"")
                }
                return try JSONPointer(f)
            }
            switch op {
            case "add": result.append(.add(path, try value()))
            case "remove": result.append(.remove(path))
            case "replace": result.append(.replace(path, try value()))
            case "move": result.append(.move(from: try from(), to: path))
            case "copy": result.append(.copy(from: try from(), to: path))
            case "test": result.append(.test(path, try value()))
            default: throw PatchError(.invalidPatch, "Unexpected kind: \(op)")
            }
        }
        return result
    }

    /// Applies a patch document to `document`.
    public static func apply(_ patch: JSON, to document: JSON) throws(PatchError) -> JSON {
        try apply(try operations(from: patch), to: document)
    }

    /// Applies decoded operations to `document`.
    public static func apply(_ operations: [Operation], to document: JSON) throws(PatchError) -> JSON {
        var doc = document
        for op in operations {
            switch op {
            case .add(let path, let value):
                try add(value, at: path, in: &doc)
            case .remove(let path):
                _ = try remove(at: path, in: &doc)
            case .replace(let path, let value):
                guard doc.value(at: path) != nil else {
                    throw PatchError(.conflict, "replace operation does not apply: doc is missing key: \(path)")
                }
                guard let last = path.tokens.last else { doc = value; continue }
                // In place, so an object member keeps its position.
                try withParent(of: path, in: &doc) { (parent: inout JSON) throws(PatchError) in
                    if case .array = parent, let i = JSONPointer.arrayIndex(last) {
                        parent[i] = value
                    } else {
                        parent[last] = value
                    }
                }
            case .move(let from, let to):
                if from == to { continue }
                if from.isProperPrefix(of: to) {
                    throw PatchError(.invalidPatch, "move operation cannot move \(from) into its own child \(to)")
                }
                let value = try remove(at: from, in: &doc)
                try add(value, at: to, in: &doc)
            case .copy(let from, let to):
                guard let value = doc.value(at: from) else {
                    throw PatchError(.conflict, "copy operation does not apply: doc is missing from path: \(from)")
                }
                try add(value, at: to, in: &doc)
            case .test(let path, let value):
                guard let actual = doc.value(at: path) else {
                    throw PatchError(.conflict, "testing value \(path) failed: doc is missing path")
                }
                guard actual == value else {
                    throw PatchError(.conflict, "testing value \(path) failed: test failed")
                }
            }
        }
        return doc
    }

    private static func add(_ value: JSON, at path: JSONPointer, in doc: inout JSON) throws(PatchError) {
        guard let last = path.tokens.last else { doc = value; return }
        try withParent(of: path, in: &doc) { (parent: inout JSON) throws(PatchError) in
            switch parent {
            case .object(var o):
                parent = .null
                o[last] = value
                parent = .object(o)
            case .array(var a):
                let index: Int
                if last == "-" {
                    index = a.count
                } else {
                    guard let i = JSONPointer.arrayIndex(last), i <= a.count else {
                        throw PatchError(.conflict, "add operation does not apply: index \(last) is out of bounds at \(path)")
                    }
                    index = i
                }
                parent = .null
                a.insert(value, at: index)
                parent = .array(a)
            default:
                throw PatchError(.conflict, "add operation does not apply: parent of \(path) is not an object or array")
            }
        }
    }

    private static func remove(at path: JSONPointer, in doc: inout JSON) throws(PatchError) -> JSON {
        guard let last = path.tokens.last else {
            throw PatchError(.invalidPatch, "cannot remove the whole document")
        }
        var removed = JSON.null
        try withParent(of: path, in: &doc) { (parent: inout JSON) throws(PatchError) in
            switch parent {
            case .object(var o):
                guard let old = o[last] else {
                    throw PatchError(.conflict, "remove operation does not apply: doc is missing path: \(path)")
                }
                removed = old
                parent = .null
                o[last] = nil
                parent = .object(o)
            case .array(var a):
                guard let i = JSONPointer.arrayIndex(last), a.indices.contains(i) else {
                    throw PatchError(.conflict, "remove operation does not apply: index \(last) is out of bounds at \(path)")
                }
                parent = .null
                removed = a.remove(at: i)
                parent = .array(a)
            default:
                throw PatchError(.conflict, "remove operation does not apply: doc is missing path: \(path)")
            }
        }
        return removed
    }

    /// Runs `body` on the container that holds the last token of `path`.
    private static func withParent(
        of path: JSONPointer, in doc: inout JSON, _ body: (inout JSON) throws(PatchError) -> Void
    ) throws(PatchError) {
        try descend(path.tokens.dropLast(), in: &doc, path: path, body)
    }

    private static func descend(
        _ tokens: ArraySlice<String>, in value: inout JSON, path: JSONPointer,
        _ body: (inout JSON) throws(PatchError) -> Void
    ) throws(PatchError) {
        guard let token = tokens.first else { return try body(&value) }
        let rest = tokens.dropFirst()
        switch value {
        case .object(var o):
            guard var child = o[token] else {
                throw PatchError(.conflict, "doc is missing path: \(path): missing value")
            }
            value = .null
            o[token] = .null
            try descend(rest, in: &child, path: path, body)
            o[token] = child
            value = .object(o)
        case .array(var a):
            guard let i = JSONPointer.arrayIndex(token), a.indices.contains(i) else {
                throw PatchError(.conflict, "doc is missing path: \(path): index \(token) is out of bounds")
            }
            var child = a[i]
            value = .null
            a[i] = .null
            try descend(rest, in: &child, path: path, body)
            a[i] = child
            value = .array(a)
        default:
            throw PatchError(.conflict, "doc is missing path: \(path): missing value")
        }
    }
}
