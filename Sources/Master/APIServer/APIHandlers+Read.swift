import Client
import Resources

extension APIHandlers {
    func get(_ request: APIRequest, _ type: ResourceType) async throws -> APIReply {
        let entry = try await current(type, namespace: request.namespace, name: request.name!)
        return APIReply(object: entry.object)
    }

    /// The label and field selectors of a list or watch.
    struct Filter {
        var labels: LabelSelector?
        var fields: FieldSelector?

        init(query: [String: String], type: ResourceType) throws(StatusError) {
            do {
                if let l = query["labelSelector"], !l.isEmpty { labels = try LabelSelector(parsing: l) }
                if let f = query["fieldSelector"], !f.isEmpty { fields = try FieldSelector(parsing: f).resolved(for: type) }
            } catch {
                throw .badRequest(error.message)
            }
        }

        func matches(_ object: JSON) -> Bool {
            (labels?.matches(object: object) ?? true) && (fields?.matches(object) ?? true)
        }
    }

    func list(_ request: APIRequest, _ type: ResourceType) async throws -> APIReply {
        let filter = try Filter(query: request.query, type: type)
        var limit = 0
        if let l = request.query["limit"], !l.isEmpty {
            guard let n = Int(l), n >= 0 else { throw StatusError.badRequest("limit must be a non-negative integer, got \"\(l)\"") }
            limit = n
        }
        let token = try request.query["continue"].flatMap { $0.isEmpty ? nil : $0 }.map { (t: String) throws(StatusError) in
            try ContinueToken(parsing: t)
        }
        try await consistent()
        let (revision, entries) = cache.read { c in (c.revision, c.list(resource: type.plural, namespace: request.namespace)) }
        var items: [JSON] = []
        var remaining: Int64 = 0
        for e in entries {
            if let token, Self.position(e.key) <= token.start { continue }
            guard filter.matches(e.object) else { continue }
            if limit > 0, items.count == limit {
                remaining += 1
                continue
            }
            items.append(e.object)
        }
        var next: ContinueToken? = nil
        if remaining > 0, let last = items.last {
            next = ContinueToken(revision: token?.revision ?? revision,
                                 start: Self.position(key(type, namespace: last.namespace, name: last.name ?? "")))
        }
        var metadata: JSONObject = ["resourceVersion": .string(String(revision))]
        if let next {
            metadata["continue"] = .string(next.encoded)
            if filter.labels == nil && filter.fields == nil { metadata["remainingItemCount"] = .int(remaining) }
        }
        let list: JSON = ["kind": .string(type.kind + "List"), "apiVersion": .string(type.groupVersion),
                          "metadata": .object(metadata), "items": .array(items)]
        return APIReply(object: list)
    }

    /// Where a key sorts in a list, as a continue token records it.
    static func position(_ key: RegistryKey) -> String { "\(key.namespace ?? "")/\(key.name)" }

    /// The catch-up half of a watch: every change after `resourceVersion`, filtered, from the
    /// watch cache; 410 Expired when the cache no longer reaches back that far.
    func watch(_ request: APIRequest, _ type: ResourceType) async throws -> APIReply {
        let filter = try Filter(query: request.query, type: type)
        let since: Int64
        if let rv = request.query["resourceVersion"], !rv.isEmpty {
            guard let n = Int64(rv), n >= 0 else {
                throw StatusError.badRequest("resourceVersion: Invalid value: \"\(rv)\": must be a non-negative integer")
            }
            since = n
        } else {
            since = 0
        }
        try await consistent()
        let (revision, changes) = cache.read { c in (c.revision, c.changes(resource: type.plural, since: since)) }
        guard let changes else {
            throw StatusError.gone("too old resource version: \(since) (\(revision))")
        }
        let events: [JSON] = changes.compactMap { c in
            guard request.namespace == nil || c.key.namespace == request.namespace, filter.matches(c.event.object) else { return nil }
            return c.event.watchEvent
        }
        return APIReply(object: ["resourceVersion": .string(String(revision)), "events": .array(events)])
    }
}
