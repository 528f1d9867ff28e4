import Client
import Synchronization

/// client-go's ControllerExpectations: how many creations and deletions a controller has sent
/// for a key and not yet seen come back through its informer. While any are outstanding the
/// controller does not compute a new diff (a slow cache would otherwise make it create twice).
/// Expectations expire after `timeout` so a lost event cannot wedge a controller. Thread-safe.
public final class Expectations: Sendable {
    struct Entry {
        var adds: Int
        var deletes: Int
        var deletedUIDs: Set<String>
        var setAt: ContinuousClock.Instant
    }

    private let entries = Mutex<[Informer.Key: Entry]>([:])
    let timeout: Duration

    public init(timeout: Duration = .seconds(300)) { self.timeout = timeout }

    /// True when nothing is outstanding for `key` (or the expectations expired).
    public func satisfied(_ key: Informer.Key, now: ContinuousClock.Instant = .now) -> Bool {
        entries.withLock { e in
            guard let entry = e[key] else { return true }
            if entry.adds <= 0 && entry.deletes <= 0 { return true }
            return now - entry.setAt > timeout
        }
    }

    /// Records that `adds` creations and the deletions of `deleting` (pod uids) are on their way.
    public func expect(_ key: Informer.Key, adds: Int, deleting: [String] = []) {
        entries.withLock { e in
            e[key] = Entry(adds: adds, deletes: deleting.count, deletedUIDs: Set(deleting), setAt: .now)
        }
    }

    /// A creation was seen in the cache, or will never come (the create failed, or `count`
    /// creations were skipped after a failed batch).
    public func creationObserved(_ key: Informer.Key, count: Int = 1) {
        guard count > 0 else { return }
        entries.withLock { e in e[key]?.adds -= count }
    }

    /// A deletion was seen in the cache, or will never come (the delete failed).
    public func deletionObserved(_ key: Informer.Key, uid: String) {
        entries.withLock { e in
            guard e[key]?.deletedUIDs.remove(uid) != nil else { return }
            e[key]?.deletes -= 1
        }
    }

    /// Forgets `key` (its owner was deleted).
    public func remove(_ key: Informer.Key) { _ = entries.withLock { $0.removeValue(forKey: key) } }
}
