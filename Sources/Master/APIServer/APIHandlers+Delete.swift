import Client
import Foundation
import Resources

extension APIHandlers {
    /// What a DELETE asks for: its `DeleteOptions` body and query parameters together.
    struct DeleteOptions {
        var policy: String
        var gracePeriod: Int64?
        var uid: String?
        var resourceVersion: String?
        var dryRun: Bool

        init(_ request: APIRequest) throws(StatusError) {
            let body = request.body ?? .emptyObject
            if body.object == nil { throw .badRequest("DeleteOptions must be a JSON object") }
            dryRun = try APIHandlers.isDryRun(request.query) || (body["dryRun"]?.array?.contains("All") ?? false)
            let orphan = request.query["orphanDependents"].map { $0 == "true" } ?? body["orphanDependents"]?.bool
            let policy = request.query["propagationPolicy"] ?? body["propagationPolicy"]?.string
                ?? (orphan == true ? "Orphan" : "Background")
            guard ["Orphan", "Background", "Foreground"].contains(policy) else {
                throw .badRequest("propagationPolicy: Unsupported value: \"\(policy)\": supported values: \"Foreground\", \"Background\", \"Orphan\"")
            }
            self.policy = policy
            if let g = request.query["gracePeriodSeconds"] {
                guard let n = Int64(g) else { throw .badRequest("gracePeriodSeconds must be an integer, got \"\(g)\"") }
                gracePeriod = n
            } else {
                gracePeriod = body["gracePeriodSeconds"]?.int
            }
            uid = body["preconditions"]?["uid"]?.string
            resourceVersion = body["preconditions"]?["resourceVersion"]?.string
        }
    }

    func delete(_ request: APIRequest, _ type: ResourceType) async throws -> APIReply {
        let options = try DeleteOptions(request)
        for _ in 0..<8 {
            let old = try await current(type, namespace: request.namespace, name: request.name!)
            if let uid = options.uid, uid != old.object.uid {
                throw StatusError.conflict(type, name: old.key.name, "Precondition failed: UID in precondition: \(uid), UID in object meta: \(old.object.uid ?? "")")
            }
            if let rv = options.resourceVersion, rv != old.object.resourceVersion {
                throw StatusError.conflict(type, name: old.key.name, "Precondition failed: ResourceVersion in precondition: \(rv), ResourceVersion in object meta: \(old.object.resourceVersion ?? "")")
            }
            if let reply = try await deleteObject(old, type, options) { return reply }
        }
        throw StatusError.conflict(type, name: request.name!, "too many concurrent writers; try again")
    }

    func deleteCollection(_ request: APIRequest, _ type: ResourceType) async throws -> APIReply {
        let options = try DeleteOptions(request)
        let filter = try Filter(query: request.query, type: type)
        try await consistent()
        let entries = cache.read { $0.list(resource: type.plural, namespace: request.namespace) }.filter { filter.matches($0.object) }
        var items: [JSON] = []
        for e in entries {
            if let reply = try await deleteObject(e, type, options) { items.append(try reply.object()) }
        }
        try await consistent()
        return APIReply(object: ["kind": .string(type.kind + "List"), "apiVersion": .string(type.groupVersion),
                                 "metadata": ["resourceVersion": .string(String(cache.revision))], "items": .array(items)])
    }

    /// Deletes one object as `options` say: at once, or by marking it terminating (finalizers,
    /// a pod's grace period, a namespace's contents). Nil when `old` is no longer current.
    func deleteObject(_ old: ObjectCache.Entry, _ type: ResourceType, _ options: DeleteOptions) async throws -> APIReply? {
        var object = old.object
        let isPod = type.plural == "pods"
        var grace: Int64 = 0
        if isPod, let node = object["spec"]?["nodeName"]?.string, !node.isEmpty,
           cache.read({ $0.get(RegistryKey(resource: "nodes", namespace: nil, name: node)) }) != nil {
            // A pod on a live node terminates gracefully: its kubelet stops it, then deletes it with grace 0.
            grace = max(0, options.gracePeriod ?? object["spec"]?["terminationGracePeriodSeconds"]?.int ?? 30)
        }
        if object.deletionTimestamp != nil {
            // Already terminating: only a pod's final, immediate delete changes anything.
            guard isPod, grace == 0 || options.gracePeriod == 0, object.finalizers.isEmpty else {
                return APIReply(object: object)
            }
            if options.dryRun { return APIReply(object: object) }
            guard let revision = try await remove(old.key, expected: old.modRevision) else { return nil }
            object.resourceVersion = String(revision)
            return APIReply(object: object)
        }
        var finalizers = object.finalizers
        if options.policy == "Foreground", !finalizers.contains("foregroundDeletion") { finalizers.append("foregroundDeletion") }
        if options.policy == "Orphan", !finalizers.contains("orphan") { finalizers.append("orphan") }
        let isNamespace = type.plural == "namespaces"
        if !finalizers.isEmpty || grace > 0 || isNamespace {
            object["metadata"]["deletionTimestamp"] = .string(MetaTime.current().adding(seconds: grace).rfc3339)
            object["metadata"]["deletionGracePeriodSeconds"] = .int(grace)
            object.finalizers = finalizers
            if isNamespace { object["status"]["phase"] = "Terminating" }
            if options.dryRun { return APIReply(object: object) }
            guard let revision = try await put(object, at: old.key, expected: old.modRevision) else { return nil }
            object.resourceVersion = String(revision)
            if isNamespace { cleanup.yield(.namespace(name: old.key.name)) }
            if options.policy != "Background", let uid = object.uid {
                cleanup.yield(.dependents(owner: old.key, uid: uid, policy: options.policy))
            }
            return APIReply(object: object)
        }
        if options.dryRun { return APIReply(object: object) }
        guard let revision = try await remove(old.key, expected: old.modRevision) else { return nil }
        object.resourceVersion = String(revision)
        if let uid = object.uid { cleanup.yield(.dependents(owner: old.key, uid: uid, policy: "Background")) }
        return APIReply(object: object)
    }
}
