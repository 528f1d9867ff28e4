import Resources

/// `/openapi/v3`: an index of one document per group-version, and those documents. They carry
/// no schemas: they exist so that `kubectl apply`/`create -f` see that the server validates
/// fields itself. Every POST, PUT and PATCH operation lists the `fieldValidation` query
/// parameter and its kind in `x-kubernetes-group-version-kind`; no operation has a
/// `requestBody`, so kubectl uses its compiled-in strategic merge logic (kubectl.md §2).
///
/// Each document's `?hash=` is a hash of its content, so kubectl's HTTP cache refetches it
/// whenever it changes.
public struct OpenAPIDocuments: Sendable {
    /// Documents by group-version path (`api/v1`, `apis/apps/v1`), serialized.
    public let documents: [String: [UInt8]]
    /// The serialized index.
    public let index: [UInt8]

    public init(registry: ResourceRegistry) {
        var documents: [String: [UInt8]] = [:]
        var paths = JSONObject()
        for (group, versions) in registry.groupVersions {
            for version in versions {
                let key = group.isEmpty ? "api/\(version)" : "apis/\(group)/\(version)"
                let doc = Self.document(registry.types(group: group, version: version)).serializedBytes()
                documents[key] = doc
                paths[key] = ["serverRelativeURL": .string("/openapi/v3/\(key)?hash=\(Self.hash(doc))")]
            }
        }
        self.documents = documents
        self.index = JSON.object(["paths": .object(paths)]).serializedBytes()
    }

    /// The document at `/openapi/v3/<key>`.
    public func document(group: String, version: String) -> [UInt8]? {
        documents[group.isEmpty ? "api/\(version)" : "apis/\(group)/\(version)"]
    }

    static func document(_ types: [ResourceType]) -> JSON {
        var paths = JSONObject()
        for t in types {
            let prefix = t.group.isEmpty ? "/api/\(t.version)" : "/apis/\(t.group)/\(t.version)"
            let base = t.namespaced ? "\(prefix)/namespaces/{namespace}/\(t.plural)" : "\(prefix)/\(t.plural)"
            let gvk = t.groupVersionKind.json
            let pathParams: [JSON] = t.namespaced ? [param("namespace", in: "path")] : []
            var collection = JSONObject()
            if t.verbs.contains("list") { collection["get"] = operation("list", gvk, write: false) }
            if t.verbs.contains("create") { collection["post"] = operation("post", gvk, write: true) }
            if t.verbs.contains("deletecollection") { collection["delete"] = operation("deletecollection", gvk, write: false) }
            if !collection.isEmpty {
                collection["parameters"] = .array(pathParams)
                paths[base] = .object(collection)
            }
            let objectParams = pathParams + [param("name", in: "path")]
            var item = JSONObject()
            if t.verbs.contains("get") { item["get"] = operation("get", gvk, write: false) }
            if t.verbs.contains("update") { item["put"] = operation("put", gvk, write: true) }
            if t.verbs.contains("patch") { item["patch"] = operation("patch", gvk, write: true) }
            if t.verbs.contains("delete") { item["delete"] = operation("delete", gvk, write: false) }
            if !item.isEmpty {
                item["parameters"] = .array(objectParams)
                paths["\(base)/{name}"] = .object(item)
            }
            for s in t.subresources {
                let sgvk = s.responseKind.json
                var sub = JSONObject()
                if s.verbs.contains("get") { sub["get"] = operation("get", sgvk, write: false) }
                if s.verbs.contains("update") { sub["put"] = operation("put", sgvk, write: true) }
                if s.verbs.contains("patch") { sub["patch"] = operation("patch", sgvk, write: true) }
                if s.verbs.contains("create") { sub["post"] = operation("post", sgvk, write: true) }
                sub["parameters"] = .array(objectParams)
                paths["\(base)/{name}/\(s.name)"] = .object(sub)
            }
        }
        return [
            "openapi": "3.0.0",
            "info": ["title": "Kubernetes", "version": .string(VersionInfo.gitVersion)],
            "paths": .object(paths),
            "components": ["schemas": .emptyObject],
        ]
    }

    static func operation(_ action: String, _ gvk: JSON, write: Bool) -> JSON {
        var params: [JSON] = []
        if write {
            params = [param("dryRun", in: "query", required: false), param("fieldManager", in: "query", required: false),
                      param("fieldValidation", in: "query", required: false)]
            if action == "patch" { params.append(param("force", in: "query", required: false)) }
        }
        return [
            "parameters": .array(params),
            "responses": ["200": ["description": "OK"]],
            "x-kubernetes-action": .string(action),
            "x-kubernetes-group-version-kind": gvk,
        ]
    }

    static func param(_ name: String, in location: String, required: Bool = true) -> JSON {
        var p: JSON = ["name": .string(name), "in": .string(location)]
        if required { p["required"] = true }
        p["schema"] = ["type": "string", "uniqueItems": true]
        return p
    }

    /// FNV-1a 64, as 16 uppercase hex digits.
    static func hash(_ bytes: [UInt8]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        let hex = String(h, radix: 16, uppercase: true)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
