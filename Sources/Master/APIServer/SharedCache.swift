import Synchronization
import Resources

/// ``ObjectCache`` shared between the feed (one writer) and the request handlers (many
/// readers), with "wait until revision R is applied" for read-your-writes.
///
/// Thread-safety: every access holds one mutex for as long as a copy-on-write snapshot takes;
/// no await happens under it.
final class SharedCache: Sendable {
    private struct State {
        var cache: ObjectCache
        var ready = false
        var waiters: [(id: UInt64, revision: Int64, continuation: CheckedContinuation<Bool, Never>)] = []
        var nextID: UInt64 = 0
    }

    private let state: Mutex<State>

    init(historyLimit: Int) {
        state = Mutex(State(cache: ObjectCache(historyLimit: historyLimit)))
    }

    /// Reads the cache under the lock.
    func read<T>(_ body: (borrowing ObjectCache) -> T) -> T {
        state.withLock { body($0.cache) }
    }

    var revision: Int64 { state.withLock { $0.cache.revision } }
    var isReady: Bool { state.withLock { $0.ready } }

    /// Changes the cache under the lock and wakes the readers waiting for what it reached.
    func write<T>(_ body: (inout ObjectCache) -> T) -> T {
        let (result, woken) = state.withLock { s -> (T, [CheckedContinuation<Bool, Never>]) in
            let r = body(&s.cache)
            s.ready = true
            let rev = s.cache.revision
            var woken: [CheckedContinuation<Bool, Never>] = []
            s.waiters.removeAll { w in
                guard w.revision <= rev else { return false }
                woken.append(w.continuation)
                return true
            }
            return (r, woken)
        }
        for c in woken { c.resume(returning: true) }
        return result
    }

    /// Returns once the cache has applied `revision` (true), or when `timeout` passes or the
    /// task is cancelled first (false).
    func waitFor(revision: Int64, timeout: Duration) async -> Bool {
        if state.withLock({ $0.ready && $0.cache.revision >= revision }) { return true }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask { await self.park(revision: revision) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    private func park(revision: Int64) async -> Bool {
        let id = state.withLock { s -> UInt64 in
            s.nextID += 1
            return s.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Bool, Never>) in
                let resumeNow = state.withLock { s -> Bool in
                    if s.ready && s.cache.revision >= revision { return true }
                    if Task.isCancelled { return true }
                    s.waiters.append((id, revision, c))
                    return false
                }
                if resumeNow { c.resume(returning: state.withLock { $0.ready && $0.cache.revision >= revision }) }
            }
        } onCancel: {
            let c = state.withLock { s -> CheckedContinuation<Bool, Never>? in
                guard let i = s.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return s.waiters.remove(at: i).continuation
            }
            c?.resume(returning: false)
        }
    }
}
