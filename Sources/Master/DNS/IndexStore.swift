import Synchronization

/// The index shared between the informers (writers) and the server threads (readers): readers
/// take a snapshot — a copy-on-write value — and answer from it without holding the lock.
public final class IndexStore: Sendable {
    private let state = Mutex(ClusterIndex())

    public init() {}

    public func snapshot() -> ClusterIndex { state.withLock { $0 } }

    public func update(_ body: (inout ClusterIndex) -> Void) { state.withLock { body(&$0) } }
}
