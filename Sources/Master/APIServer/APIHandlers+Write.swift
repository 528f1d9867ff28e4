import Client
import Foundation
import Resources

extension APIHandlers {
    /// How many names a create with `generateName` tries before it reports AlreadyExists.
    static var generateNameAttempts: Int { 8 }

    func create(_ request: APIRequest, _ type: ResourceType) async throws -> APIReply {
        guard var object = request.body else { throw StatusError.badRequest("the request has no body; a \(type.kind) was expected") }
        let dryRun = try Self.isDryRun(request.query)
        let warnings = try Admission.decode(&object, as: type, mode: try .init(query: request.query))
        try adoptNamespace(&object, request, type)
        return try await insert(object, type, dryRun: dryRun, warnings: warnings)
    }

    /// The create path shared by POST and by server-side apply of an absent object.
    func insert(_ given: JSON, _ type: ResourceType, dryRun: Bool, warnings: [String]) async throws -> APIReply {
        var object = given
        let strategy = ResourceStrategy(type: type, tolerationSeconds: tolerationSeconds)
        // Admission (the namespace must exist and not be terminating) comes before validation.
        if type.namespaced { try await requireNamespace(object.namespace ?? "") }
        var generateBase: String?
        if (object.name ?? "").isEmpty, let base = object["metadata"]?["generateName"]?.string, !base.isEmpty {
            object.name = GenerateName.generate(base: base)
            generateBase = base
        }
        object["metadata"]["uid"] = .string(UUID().uuidString.lowercased())
        object["metadata"]["creationTimestamp"] = .string(Self.now())
        object["metadata"]["resourceVersion"] = nil
        object["metadata"]["deletionTimestamp"] = nil
        object["metadata"]["deletionGracePeriodSeconds"] = nil
        object["metadata"]["generation"] = strategy.tracksGeneration ? 1 : nil
        strategy.prepareForCreate(&object)
        Admission.applyDefaults(&object, type: type)
        let reservation = try await allocateServiceAddresses(&object, type, old: nil)
        defer { if let reservation { services.release(reservation) } }
        let errors = Admission.validate(object, type: type, old: nil)
        if !errors.isEmpty { throw StatusError.invalid(type, name: object.name ?? "", errors) }
        var key = key(type, namespace: object.namespace, name: object.name!)
        if dryRun {
            try await consistent()
            if cache.read({ $0.get(key) }) != nil { throw StatusError.alreadyExists(type, name: key.name) }
            return APIReply(code: 201, warnings: warnings, object: object)
        }
        // A generated name that is taken (the five random characters collide about once in a
        // few thousand names of one base) is drawn again, up to eight tries, as Kubernetes does.
        var attempts = 1
        var committed = try await put(object, at: key, expected: 0)
        while committed == nil, let base = generateBase, attempts < Self.generateNameAttempts {
            attempts += 1
            object.name = GenerateName.generate(base: base)
            key = self.key(type, namespace: object.namespace, name: object.name!)
            committed = try await put(object, at: key, expected: 0)
        }
        guard let revision = committed else {
            throw StatusError.alreadyExists(type, name: key.name)
        }
        // Addresses stay reserved until the cache, which later allocations read, holds them.
        if reservation != nil { _ = await cache.waitFor(revision: revision, timeout: cacheWaitTimeout) }
        object.resourceVersion = String(revision)
        return APIReply(code: 201, warnings: warnings, object: object)
    }

    func update(_ request: APIRequest, _ type: ResourceType) async throws -> APIReply {
        guard var object = request.body else { throw StatusError.badRequest("the request has no body; a \(type.kind) was expected") }
        let dryRun = try Self.isDryRun(request.query)
        let warnings = try Admission.decode(&object, as: type, mode: try .init(query: request.query))
        try adoptNamespace(&object, request, type)
        try adoptName(&object, request)
        let old = try await current(type, namespace: request.namespace, name: request.name!)
        if let rv = object.resourceVersion, !rv.isEmpty, rv != String(old.modRevision) {
            throw StatusError.conflict(type, name: old.key.name)
        }
        return try await replace(old, with: object, type, subresource: request.subresource, dryRun: dryRun, warnings: warnings)
            ?? { throw StatusError.conflict(type, name: old.key.name) }()
    }

    func patch(_ request: APIRequest, _ type: ResourceType) async throws -> APIReply {
        guard let patch = request.body else { throw StatusError.badRequest("the request has no body; a patch was expected") }
        let dryRun = try Self.isDryRun(request.query)
        let mode = try Admission.FieldValidationMode(query: request.query)
        let patchType = request.patchType ?? "application/strategic-merge-patch+json"
        let isApply = patchType.hasPrefix("application/apply-patch")
        if isApply, (request.query["fieldManager"] ?? "").isEmpty {
            throw StatusError(code: 422, reason: "Invalid",
                              message: "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch",
                              details: .init(group: "meta.k8s.io", kind: "PatchOptions",
                                             causes: [.init(reason: "FieldValueRequired", message: "Required value: is required for apply patch", field: "fieldManager")]))
        }
        for _ in 0..<8 {
            let old: ObjectCache.Entry?
            do {
                old = try await current(type, namespace: request.namespace, name: request.name!)
            } catch let e as StatusError where e.code == 404 && isApply && request.subresource == nil {
                old = nil
            }
            var patched = try Self.applyPatch(patch, type: patchType, to: old?.object)
            let warnings = try Admission.decode(&patched, as: type, mode: mode)
            guard let old else {
                try adoptNamespace(&patched, request, type)
                try adoptName(&patched, request)
                return try await insert(patched, type, dryRun: dryRun, warnings: warnings)
            }
            let pinned = patched.resourceVersion.map { !$0.isEmpty && $0 != old.object.resourceVersion } ?? false
            if pinned { throw StatusError.conflict(type, name: old.key.name) }
            if patched.name != old.object.name || (type.namespaced && patched.namespace != old.object.namespace) {
                throw StatusError.badRequest("the name or namespace of the object may not be changed by a patch")
            }
            if let reply = try await replace(old, with: patched, type, subresource: request.subresource, dryRun: dryRun,
                                             warnings: warnings) {
                return reply
            }
            // Someone else wrote in between: patch the newer version (patches are relative).
        }
        throw StatusError.conflict(type, name: request.name!, "too many concurrent writers; try again")
    }

    static func applyPatch(_ patch: JSON, type patchType: String, to original: JSON?) throws -> JSON {
        let base = original ?? .emptyObject
        do {
            switch patchType.split(separator: ";").first.map(String.init) ?? patchType {
            case "application/json-patch+json": return try JSONPatch.apply(patch, to: base)
            case "application/merge-patch+json":
                guard patch.object != nil else { throw PatchError(.invalidPatch, "a merge patch must be a JSON object") }
                return MergePatch.apply(patch, to: base)
            case "application/strategic-merge-patch+json": return try StrategicMergePatch.apply(patch, to: base)
            case "application/apply-patch+yaml", "application/apply-patch+cbor": return try ServerSideApply.apply(patch, to: original)
            default:
                throw StatusError.unsupportedMediaType("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json")
            }
        } catch let e as PatchError {
            switch e.kind {
            case .invalidPatch: throw StatusError.badRequest(e.message)
            case .conflict: throw StatusError(code: 422, reason: "Invalid", message: e.message)
            }
        }
    }

    /// Stores `new` in place of `old` (main resource or `/status`); nil when `old` is no
    /// longer current. Writes nothing when nothing changed, and removes an object that is
    /// terminating and has no finalizers left.
    func replace(_ old: ObjectCache.Entry, with given: JSON, _ type: ResourceType, subresource: String?,
                 dryRun: Bool, warnings: [String]) async throws -> APIReply? {
        let strategy = ResourceStrategy(type: type, tolerationSeconds: tolerationSeconds)
        var new: JSON
        if subresource == "status" {
            new = strategy.prepareForStatusUpdate(given, old: old.object)
        } else {
            new = given
            // Defaults first, as Kubernetes defaults while decoding: the strategy then compares a
            // defaulted spec with the stored one, so a no-op write does not bump `generation`.
            Admission.applyDefaults(&new, type: type)
            strategy.prepareForUpdate(&new, old: old.object)
        }
        new.resourceVersion = old.object.resourceVersion
        let reservation = subresource == "status" ? nil : try await allocateServiceAddresses(&new, type, old: old.object)
        defer { if let reservation { services.release(reservation) } }
        let errors = Admission.validate(new, type: type, old: old.object)
        if !errors.isEmpty { throw StatusError.invalid(type, name: old.key.name, errors) }
        if old.object.deletionTimestamp != nil {
            let added = Set(new.finalizers).subtracting(old.object.finalizers)
            if !added.isEmpty {
                throw StatusError.invalid(type, name: old.key.name, [.forbidden("metadata.finalizers", "no new finalizers can be added if the object is being deleted, found new finalizers \(added.sorted())")])
            }
        }
        if new == old.object || dryRun { return APIReply(warnings: warnings, object: new) }
        if new.deletionTimestamp != nil, new.finalizers.isEmpty, type.plural != "pods" || (new["metadata"]?["deletionGracePeriodSeconds"]?.int ?? 0) == 0 {
            guard let revision = try await remove(old.key, expected: old.modRevision) else { return nil }
            new.resourceVersion = String(revision)
            return APIReply(warnings: warnings, object: new)
        }
        guard let revision = try await put(new, at: old.key, expected: old.modRevision) else { return nil }
        if reservation != nil { _ = await cache.waitFor(revision: revision, timeout: cacheWaitTimeout) }
        new.resourceVersion = String(revision)
        if new.deletionTimestamp != nil { cleanup.yield(.finish(old.key)) }
        return APIReply(warnings: warnings, object: new)
    }

    /// A Service's ClusterIP and node ports (kept from `old` when the update leaves them out);
    /// nil for other kinds. The reservation lasts until the write is done.
    func allocateServiceAddresses(_ object: inout JSON, _ type: ResourceType, old: JSON?) async throws -> ServiceAllocator.Reservation? {
        guard type.plural == "services", type.group.isEmpty else { return nil }
        try await consistent()
        let taken = cache.read { $0.list(resource: "services", namespace: nil) }.map(\.object)
        switch services.allocate(&object, old: old, taken: taken) {
        case .success(let reservation): return reservation
        case .failure(let error): throw error
        }
    }

    /// A namespaced object takes the request's namespace; a different one in the body is a 400.
    func adoptNamespace(_ object: inout JSON, _ request: APIRequest, _ type: ResourceType) throws(StatusError) {
        if type.namespaced {
            let ns = request.namespace ?? ""
            if let given = object.namespace, !given.isEmpty, given != ns {
                throw .badRequest("the namespace of the provided object does not match the namespace sent on the request")
            }
            object.namespace = ns
        } else {
            object["metadata"]["namespace"] = nil
        }
    }

    func adoptName(_ object: inout JSON, _ request: APIRequest) throws(StatusError) {
        let name = request.name ?? ""
        if let given = object.name, !given.isEmpty, given != name {
            throw .badRequest("the name of the object (\(given)) does not match the name on the URL (\(name))")
        }
        object.name = name
    }

    /// New content needs an existing, active namespace.
    func requireNamespace(_ name: String) async throws {
        try await consistent()
        let ns = cache.read { $0.get(RegistryKey(resource: "namespaces", namespace: nil, name: name)) }
        guard let ns else {
            throw StatusError(code: 404, reason: "NotFound", message: "namespaces \"\(name)\" not found",
                              details: .init(name: name, group: "", kind: "namespaces"))
        }
        if ns.object.deletionTimestamp != nil {
            throw StatusError(code: 403, reason: "Forbidden",
                              message: "unable to create new content in namespace \(name) because it is being terminated",
                              details: .init(name: name, group: "", kind: "namespaces"))
        }
    }
}
