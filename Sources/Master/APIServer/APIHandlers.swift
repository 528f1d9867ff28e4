import Bus
import Client
import Foundation
import Logging
import Resources
import Store
import Synchronization

/// The API verbs over the store and the cache: what `skiff apiserver` answers on the bus.
///
/// Reads are served from the ``SharedCache`` once it has applied every write this server has
/// committed (read-your-writes without a store round trip); writes are compare-and-put
/// transactions on the object's modRevision, so two writers of one object never both win.
final class APIHandlers: Sendable {
    let registry: ResourceRegistry
    let store: StoreClient
    let cache: SharedCache
    let logger: Logger
    /// The highest revision this server committed; reads wait for the cache to reach it.
    let lastCommitted = Atomic<Int64>(0)
    /// Deletions that need work after the reply (dependents, namespace contents, finalizers).
    let cleanup: AsyncStream<Cleanup>.Continuation
    /// How long a read waits for the cache to catch up before answering 504.
    let cacheWaitTimeout: Duration
    /// ClusterIPs and node ports of Services.
    let services: ServiceAllocator
    /// What new pods tolerate of a lost node (DefaultTolerationSeconds admission).
    let tolerationSeconds: DefaultTolerationSeconds
    /// The newest metrics of each node (`metrics.report`), served as `metrics.k8s.io`.
    let metrics = MetricsStore()
    /// Connections to kubelets, for `pods/log`.
    let kubelets: KubeletClients

    init(registry: ResourceRegistry, store: StoreClient, cache: SharedCache, logger: Logger,
         cleanup: AsyncStream<Cleanup>.Continuation, services: ServiceAllocator,
         tolerationSeconds: DefaultTolerationSeconds = DefaultTolerationSeconds(), cacheWaitTimeout: Duration = .seconds(10)) {
        self.registry = registry
        self.store = store
        self.cache = cache
        self.logger = logger
        self.cleanup = cleanup
        self.cacheWaitTimeout = cacheWaitTimeout
        self.services = services
        self.tolerationSeconds = tolerationSeconds
        self.kubelets = KubeletClients(logger: logger)
    }

    /// The RPC handler for one verb.
    func handler(for verb: APIRequest.Verb) -> RPC.Handler {
        { [self] request in
            do {
                let api = try APIRequest(verb: verb, decoding: request.body)
                return try await handle(api).encoded()
            } catch {
                let status = Self.status(from: error)
                if status.code >= 500 {
                    logger.warning("request failed", metadata: ["verb": "\(verb.rawValue)", "error": "\(status)"])
                }
                throw APIError.busError(status)
            }
        }
    }

    /// The Status for a failure. A `BusError` here came from the store (the API server's only
    /// bus client), so it is named as the store's — not confused with the API server's own.
    static func status(from error: any Error) -> StatusError {
        if let bus = error as? BusError {
            switch bus.reason {
            case .unavailable: return .serviceUnavailable("the store is unavailable: \(bus.message)")
            case .timeout: return .timeout("the store did not answer in time: \(bus.message)")
            case .requestEntityTooLarge: return .requestEntityTooLarge("the object is too large for the store: \(bus.message)")
            default: return StatusError(code: Int(bus.code), reason: bus.reason.rawValue, message: "store: \(bus.message)")
            }
        }
        return APIError.status(from: error)
    }

    /// Answers one request.
    func handle(_ request: APIRequest) async throws -> APIReply {
        if request.group == "metrics.k8s.io" {
            // Figures are served for the Pods and Nodes that exist: read them as consistently as
            // any other read, so a pod created just before is found.
            try await consistent()
            return try handleMetrics(request)
        }
        guard let type = registry.resource(group: request.group, version: request.version, plural: request.resource),
              !isVirtual(type) else {
            throw StatusError(code: 404, reason: "NotFound", message: "the server could not find the requested resource")
        }
        if !type.namespaced, request.namespace != nil {
            throw StatusError(code: 404, reason: "NotFound", message: "the server could not find the requested resource")
        }
        let needsName: Bool = switch request.verb {
        case .get, .update, .patch, .delete: true
        case .create: request.subresource != nil
        case .list, .watch, .deletecollection: false
        }
        if needsName, (request.name ?? "").isEmpty {
            throw StatusError.methodNotSupported(type, verb: request.verb.rawValue)
        }
        if type.namespaced, request.namespace == nil,
           ![APIRequest.Verb.list, .watch].contains(request.verb) {
            throw StatusError.badRequest("the namespace of the request is required for \(type.qualifiedPlural)")
        }
        if let sub = request.subresource {
            guard type.subresource(sub) != nil else {
                throw StatusError(code: 404, reason: "NotFound", message: "the server could not find the requested resource")
            }
            return try await handleSubresource(sub, request, type)
        }
        switch request.verb {
        case .get: return try await get(request, type)
        case .list: return try await list(request, type)
        case .watch: return try await watch(request, type)
        case .create: return try await create(request, type)
        case .update: return try await update(request, type)
        case .patch: return try await patch(request, type)
        case .delete: return try await delete(request, type)
        case .deletecollection: return try await deleteCollection(request, type)
        }
    }

    /// Types that are served but not stored (metrics).
    private func isVirtual(_ type: ResourceType) -> Bool { type.group == "metrics.k8s.io" }

    // MARK: Shared steps

    /// Waits until the cache has applied everything this server committed.
    func consistent() async throws {
        let target = lastCommitted.load(ordering: .acquiring)
        guard await cache.waitFor(revision: target, timeout: cacheWaitTimeout) else {
            throw StatusError.timeout("the API server's cache did not reach revision \(target) in time; is the store's change stream reachable?")
        }
    }

    func committed(_ revision: Int64) {
        var current = lastCommitted.load(ordering: .relaxed)
        while current < revision {
            let (exchanged, original) = lastCommitted.compareExchange(expected: current, desired: revision, ordering: .acquiringAndReleasing)
            if exchanged { return }
            current = original
        }
    }

    func key(_ type: ResourceType, namespace: String?, name: String) -> RegistryKey {
        RegistryKey(resource: type.plural, namespace: type.namespaced ? namespace : nil, name: name)
    }

    /// The current object, after the cache caught up; 404 when absent.
    func current(_ type: ResourceType, namespace: String?, name: String) async throws -> ObjectCache.Entry {
        try await consistent()
        guard let entry = cache.read({ $0.get(key(type, namespace: namespace, name: name)) }) else {
            throw StatusError.notFound(type, name: name)
        }
        return entry
    }

    static func isDryRun(_ query: [String: String]) throws(StatusError) -> Bool {
        guard let v = query["dryRun"], !v.isEmpty else { return false }
        guard v == "All" else { throw .badRequest("Invalid dry run value: \"\(v)\": supported values: \"All\"") }
        return true
    }

    /// The stored form: the object without `resourceVersion` (the store's modRevision is it).
    static func storedBytes(_ object: JSON) -> Data {
        var o = object
        o["metadata"]["resourceVersion"] = nil
        return Data(o.serializedBytes())
    }

    /// Puts `object` at `key` if the key's modRevision is still `expected` (0: absent).
    /// Returns the new revision, or nil when the compare failed.
    func put(_ object: JSON, at key: RegistryKey, expected: Int64) async throws -> Int64? {
        let response = try await store.txn(StoreMessages.TxnRequest(
            compare: [StoreMessages.Compare(key: key.path, modRevision: expected)],
            success: [.put(.init(key: key.path, value: Self.storedBytes(object)))]))
        guard response.succeeded else { return nil }
        committed(response.revision)
        return response.revision
    }

    /// Deletes `key` if its modRevision is still `expected`. Returns the revision, or nil when
    /// the compare failed.
    func remove(_ key: RegistryKey, expected: Int64) async throws -> Int64? {
        let response = try await store.txn(StoreMessages.TxnRequest(
            compare: [StoreMessages.Compare(key: key.path, modRevision: expected)],
            success: [.delete(.init(key: key.path))]))
        guard response.succeeded else { return nil }
        committed(response.revision)
        return response.revision
    }

    static func now() -> String { MetaTime.current().rfc3339 }
}

/// Work a deletion leaves for after the reply.
enum Cleanup: Sendable {
    /// Delete (background or foreground) or orphan the dependents of this owner, then drop the
    /// owner's finalizer.
    case dependents(owner: RegistryKey, uid: String, policy: String)
    /// Delete everything in a terminating namespace, then the namespace.
    case namespace(name: String)
    /// Remove the object if it is terminating and has no finalizers left.
    case finish(RegistryKey)
}
