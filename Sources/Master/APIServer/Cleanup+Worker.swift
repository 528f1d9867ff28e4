import Client
import Resources

/// Finishes the deletions the handlers started: the dependents of an owner deleted with a
/// propagation policy, the contents of a terminating namespace, and objects whose last
/// finalizer went away. (Kubernetes' garbage collector and namespace controller do this; Skiff
/// does it in the API server until its controller manager takes it over.)
///
/// Waits are on the cache's next revision, never on a timer alone.
extension APIHandlers {
    func runCleanup(_ work: AsyncStream<Cleanup>) async {
        await withDiscardingTaskGroup { group in
            for await item in work {
                group.addTask { [self] in
                    do { try await perform(item) } catch {
                        logger.warning("cleanup failed", metadata: ["work": "\(item)", "error": "\(error)"])
                    }
                }
            }
        }
    }

    /// After a restart: pick up the deletions that were under way.
    func resumeCleanup() async {
        guard (try? await consistent()) != nil else { return }
        let terminating = cache.read { c in
            registry.types.flatMap { c.list(resource: $0.plural, namespace: nil) }.filter { $0.object.deletionTimestamp != nil }
        }
        for e in terminating {
            if e.key.resource == "namespaces" { cleanup.yield(.namespace(name: e.key.name)) }
            if let uid = e.object.uid {
                if e.object.finalizers.contains("foregroundDeletion") { cleanup.yield(.dependents(owner: e.key, uid: uid, policy: "Foreground")) }
                if e.object.finalizers.contains("orphan") { cleanup.yield(.dependents(owner: e.key, uid: uid, policy: "Orphan")) }
            }
            cleanup.yield(.finish(e.key))
        }
    }

    private func type(of key: RegistryKey) -> ResourceType? {
        registry.types.first { $0.plural == key.resource && $0.group != "metrics.k8s.io" }
    }

    func perform(_ item: Cleanup) async throws {
        switch item {
        case .dependents(let owner, let uid, let policy):
            try await consistent()
            let dependents = cache.read { $0.dependents(ofUID: uid) }
            for dep in dependents {
                guard let depType = type(of: dep.key) else { continue }
                if policy == "Orphan" {
                    try await orphan(dep.key, depType, owner: uid)
                } else {
                    var options = try DeleteOptions(APIRequest(.delete, resource: depType.plural))
                    options.policy = policy == "Foreground" ? "Foreground" : "Background"
                    _ = try? await deleteObject(dep, depType, options)
                }
            }
            if policy == "Foreground" {
                try await waitUntil(timeout: .seconds(600)) { $0.dependents(ofUID: uid).isEmpty }
            }
            if policy != "Background" {
                try await dropFinalizer(policy == "Orphan" ? "orphan" : "foregroundDeletion", from: owner)
            }
        case .namespace(let name):
            let namespaced = registry.types.filter { $0.namespaced && $0.group != "metrics.k8s.io" }
            try await consistent()
            for t in namespaced {
                for e in cache.read({ $0.list(resource: t.plural, namespace: name) }) where e.object.deletionTimestamp == nil {
                    _ = try? await deleteObject(e, t, try DeleteOptions(APIRequest(.delete, resource: t.plural)))
                }
            }
            try await waitUntil(timeout: .seconds(600)) { c in
                namespaced.allSatisfy { c.list(resource: $0.plural, namespace: name).isEmpty }
            }
            let key = RegistryKey(resource: "namespaces", namespace: nil, name: name)
            for _ in 0..<8 {
                guard let ns = cache.read({ $0.get(key) }) else { return }
                var object = ns.object
                object["spec"]["finalizers"] = nil
                if object.finalizers.isEmpty {
                    if try await remove(key, expected: ns.modRevision) != nil { return }
                } else if try await put(object, at: key, expected: ns.modRevision) != nil {
                    return
                }
                try await consistent()
            }
        case .finish(let key):
            try await consistent()
            for _ in 0..<8 {
                guard let e = cache.read({ $0.get(key) }), e.object.deletionTimestamp != nil, e.object.finalizers.isEmpty,
                      key.resource != "namespaces",
                      key.resource != "pods" || (e.object["metadata"]?["deletionGracePeriodSeconds"]?.int ?? 0) == 0 else { return }
                if try await remove(key, expected: e.modRevision) != nil { return }
                try await consistent()
            }
        }
    }

    /// Waits until `condition` holds on the cache, re-checking at each new revision.
    private func waitUntil(timeout: Duration, _ condition: (borrowing ObjectCache) -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !cache.read(condition) {
            guard ContinuousClock.now < deadline else { throw StatusError.timeout("cleanup gave up waiting") }
            _ = await cache.waitFor(revision: cache.revision + 1, timeout: .seconds(5))
        }
    }

    private func orphan(_ key: RegistryKey, _ type: ResourceType, owner uid: String) async throws {
        for _ in 0..<8 {
            guard let e = cache.read({ $0.get(key) }) else { return }
            var object = e.object
            let refs = (object["metadata"]?["ownerReferences"]?.array ?? []).filter { $0["uid"]?.string != uid }
            object["metadata"]["ownerReferences"] = refs.isEmpty ? nil : .array(refs)
            if try await put(object, at: key, expected: e.modRevision) != nil { return }
            try await consistent()
        }
    }

    private func dropFinalizer(_ finalizer: String, from key: RegistryKey) async throws {
        for _ in 0..<8 {
            try await consistent()
            guard let e = cache.read({ $0.get(key) }) else { return }
            var object = e.object
            object.finalizers = object.finalizers.filter { $0 != finalizer }
            let done = object.deletionTimestamp != nil && object.finalizers.isEmpty
            if done ? try await remove(key, expected: e.modRevision) != nil
                    : try await put(object, at: key, expected: e.modRevision) != nil { return }
        }
    }
}
