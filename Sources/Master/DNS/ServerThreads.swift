import Foundation
import Synchronization

/// Dedicated threads for blocking socket loops (never the cooperative pool), a shared stop
/// flag they check at least every receive timeout, and a way to await them all ending.
final class ServerThreads: Sendable {
    private let running = Mutex<(count: Int, waiters: [CheckedContinuation<Void, Never>])>((0, []))
    private let stopFlag = Atomic<Bool>(false)

    var stopping: Bool { stopFlag.load(ordering: .acquiring) }

    func spawn(_ name: String, _ body: @escaping @Sendable () -> Void) {
        running.withLock { $0.count += 1 }
        let thread = Thread { [self] in
            body()
            let waiters = running.withLock { s -> [CheckedContinuation<Void, Never>] in
                s.count -= 1
                guard s.count == 0 else { return [] }
                defer { s.waiters = [] }
                return s.waiters
            }
            for w in waiters { w.resume() }
        }
        thread.name = name
        thread.start()
    }

    func stop() { stopFlag.store(true, ordering: .releasing) }

    /// Returns once every spawned thread has ended (call ``stop()`` first).
    func join() async {
        await withCheckedContinuation { c in
            let done = running.withLock { s -> Bool in
                if s.count == 0 { return true }
                s.waiters.append(c)
                return false
            }
            if done { c.resume() }
        }
    }
}
