import Client
import Resources

/// One controller of the controller manager (client-go's pattern, STYLE.md §5): the manager
/// feeds it the changes of the resources it lists in ``resources`` (from shared informers), it
/// maps each change to keys, the manager queues the keys in the controller's own
/// ``WorkQueue`` and calls ``sync(_:)`` for each, never for one key on two workers at once, and
/// only after every informer it reads has synced.
///
/// Adding a controller: one file with a type conforming to this protocol, and one line in
/// ``ControllerManager/all``.
public protocol Controller: Sendable {
    /// The name `--controllers` selects it by (Kubernetes' names: `replicaset`, `deployment`).
    static var name: String { get }
    /// Every resource it reads from the cache; the manager starts one informer per kind.
    static var resources: [ResourceKind] { get }
    /// Built once, before any informer starts.
    init(context: ControllerContext)
    /// How many keys it works on at once.
    var workers: Int { get }
    /// The keys to reconcile after a change of `kind` (an event handler: no I/O, no waiting).
    func keys(for delta: Informer.Delta, of kind: ResourceKind) -> [Informer.Key]
    /// Reconciles one key from the caches: computes the plan (pure) and applies it. Throwing
    /// requeues the key with its back-off.
    func sync(_ key: Informer.Key) async throws -> SyncResult
}

extension Controller {
    public var workers: Int { 2 }
}

/// What a successful ``Controller/sync(_:)`` asks next for its key.
public enum SyncResult: Sendable, Equatable {
    /// Nothing until the next change.
    case done
    /// Look again after a delay (minReadySeconds, a progress deadline, a TTL).
    case requeue(after: Duration)
}
