import Client
import Logging
import Synchronization

/// One ``Informer`` per resource kind, shared by every controller that reads it, with every
/// change fanned out to each registered handler in revision order (client-go's
/// SharedInformerFactory). Handlers are registered before ``run()``; they must not block
/// (they only enqueue keys).
public final class SharedInformers: Sendable {
    public typealias Handler = @Sendable (Informer.Delta) -> Void

    private struct State {
        var handlers: [ResourceKind: [Handler]] = [:]
        var synced: Set<ResourceKind> = []
        var waiters: [(Set<ResourceKind>, CheckedContinuation<Void, Never>)] = []
        var started = false
    }

    private let informers: [ResourceKind: Informer]
    private let state = Mutex(State())
    let logger: Logger

    public init(kinds: Set<ResourceKind>, client: APIClient, events: [String], logger: Logger) {
        var informers: [ResourceKind: Informer] = [:]
        for kind in kinds {
            informers[kind] = Informer(client: client, events: events, source: kind.source, logger: logger)
        }
        self.informers = informers
        self.logger = logger
    }

    public var kinds: [ResourceKind] { Array(informers.keys) }

    /// The cache of `kind`. Asking for a kind no enabled controller declared is a programming error.
    public func informer(_ kind: ResourceKind) -> Informer {
        guard let i = informers[kind] else { preconditionFailure("no informer for \(kind): list it in the controller's resources") }
        return i
    }

    /// Adds a handler for the changes of `kind` (before ``run()``).
    public func addHandler(_ kind: ResourceKind, _ handler: @escaping Handler) {
        state.withLock { s in
            precondition(!s.started, "handlers are added before the informers run")
            s.handlers[kind, default: []].append(handler)
        }
    }

    /// Returns once every kind in `kinds` has completed its first list.
    public func waitForSync(_ kinds: [ResourceKind]) async {
        let wanted = Set(kinds)
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { s -> Bool in
                if wanted.isSubset(of: s.synced) { return true }
                s.waiters.append((wanted, c))
                return false
            }
            if ready { c.resume() }
        }
    }

    /// Runs every informer until cancelled. An informer that fails is started again after a second.
    public func run() async {
        state.withLock { $0.started = true }
        await withTaskGroup(of: Void.self) { group in
            for (kind, informer) in informers {
                group.addTask { await self.follow(kind, informer) }
            }
        }
        let waiters = state.withLock { s in defer { s.waiters = [] }; return s.waiters }
        for (_, c) in waiters { c.resume() }
    }

    private func follow(_ kind: ResourceKind, _ informer: Informer) async {
        let handlers = state.withLock { $0.handlers[kind] ?? [] }
        while !Task.isCancelled {
            do {
                try await informer.run { delta in
                    if case .synced = delta { self.markSynced(kind) }
                    for h in handlers { h(delta) }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("informer failed; restarting", metadata: ["resource": "\(kind)", "error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    private func markSynced(_ kind: ResourceKind) {
        let ready = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.synced.insert(kind)
            var ready: [CheckedContinuation<Void, Never>] = []
            s.waiters.removeAll { w in
                if w.0.isSubset(of: s.synced) { ready.append(w.1); return true }
                return false
            }
            return ready
        }
        for c in ready { c.resume() }
    }
}
