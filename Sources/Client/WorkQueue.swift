import Synchronization

/// The shell of ``WorkQueueCore``: workers `await next()`, event handlers `add`. Thread-safe.
/// Delayed keys are woken by the queue's own waiting, so `run()` must be running (a child task
/// of the controller) for `addRateLimited` and `add(_:after:)` to take effect.
public final class WorkQueue<Key: Hashable & Sendable>: Sendable {
    private struct State {
        var core: WorkQueueCore<Key>
        var waiters: [CheckedContinuation<Key?, Never>] = []
        var shutDown = false
        /// Wakes `run()` when the earliest delayed key may have changed.
        var timerWake: CheckedContinuation<Void, Never>?
        /// A delayed key came while `run()` was not waiting: it must look again before waiting.
        var wakeRequested = false

        /// The waiting `run()` to wake, or a note that it must not wait.
        mutating func takeTimerWake() -> CheckedContinuation<Void, Never>? {
            guard let w = timerWake else {
                wakeRequested = true
                return nil
            }
            timerWake = nil
            return w
        }
    }

    private let state: Mutex<State>

    public init(baseDelay: Duration = .milliseconds(5), maxDelay: Duration = .seconds(300)) {
        state = Mutex(State(core: WorkQueueCore(baseDelay: baseDelay, maxDelay: maxDelay)))
    }

    public func add(_ key: Key) {
        let handed = state.withLock { s -> (CheckedContinuation<Key?, Never>, Key)? in
            s.core.add(key)
            return Self.handOut(&s)
        }
        if let (c, k) = handed { c.resume(returning: k) }
    }

    public func add(_ key: Key, after delay: Duration) {
        let wake = state.withLock { s -> CheckedContinuation<Void, Never>? in
            s.core.add(key, at: .now + delay)
            return s.takeTimerWake()
        }
        wake?.resume()
    }

    /// Re-queues `key` after its back-off; returns the delay.
    @discardableResult
    public func addRateLimited(_ key: Key) -> Duration {
        let (delay, wake) = state.withLock { s -> (Duration, CheckedContinuation<Void, Never>?) in
            let d = s.core.addRateLimited(key, now: .now)
            return (d, s.takeTimerWake())
        }
        wake?.resume()
        return delay
    }

    public func forget(_ key: Key) { state.withLock { $0.core.forget(key) } }

    public func done(_ key: Key) {
        let handed = state.withLock { s -> (CheckedContinuation<Key?, Never>, Key)? in
            s.core.done(key)
            return Self.handOut(&s)
        }
        if let (c, k) = handed { c.resume(returning: k) }
    }

    /// The next key to work on, held until ``done(_:)``; nil once shut down.
    public func next() async -> Key? {
        await withCheckedContinuation { (c: CheckedContinuation<Key?, Never>) in
            let result = state.withLock { s -> Key?? in
                if s.shutDown { return .some(nil) }
                let (key, _) = s.core.pop(now: .now)
                if let key { return .some(key) }
                s.waiters.append(c)
                return nil
            }
            if let result { c.resume(returning: result) }
        }
    }

    /// Moves delayed keys into the queue when they fall due. Returns on cancellation, after
    /// shutting the queue down (workers waiting in `next()` get nil).
    public func run() async {
        while !Task.isCancelled {
            let (handed, wakeAt) = state.withLock { s -> ([(CheckedContinuation<Key?, Never>, Key)], ContinuousClock.Instant?) in
                s.wakeRequested = false  // this look at the state covers every add so far
                var out: [(CheckedContinuation<Key?, Never>, Key)] = []
                while let h = Self.handOut(&s) { out.append(h) }
                return (out, s.core.nextDue)
            }
            for (c, k) in handed { c.resume(returning: k) }
            await withTaskCancellationHandler {
                await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                            let resumeNow = self.state.withLock { s -> Bool in
                                if Task.isCancelled || s.shutDown || s.wakeRequested {
                                    s.wakeRequested = false
                                    return true
                                }
                                s.timerWake = c
                                return false
                            }
                            if resumeNow { c.resume() }
                        }
                    }
                    if let wakeAt {
                        group.addTask { try? await Task.sleep(until: wakeAt, clock: .continuous) }
                    }
                    await group.next()
                    let pending = self.state.withLock { s -> CheckedContinuation<Void, Never>? in
                        defer { s.timerWake = nil }
                        return s.timerWake
                    }
                    pending?.resume()
                    group.cancelAll()
                }
            } onCancel: {
                let pending = self.state.withLock { s -> CheckedContinuation<Void, Never>? in
                    defer { s.timerWake = nil }
                    return s.timerWake
                }
                pending?.resume()
            }
        }
        shutDown()
    }

    /// Ends the queue: every waiting and future `next()` returns nil.
    public func shutDown() {
        let waiters = state.withLock { s -> [CheckedContinuation<Key?, Never>] in
            s.shutDown = true
            defer { s.waiters = [] }
            return s.waiters
        }
        for w in waiters { w.resume(returning: nil) }
    }

    private static func handOut(_ s: inout State) -> (CheckedContinuation<Key?, Never>, Key)? {
        guard !s.waiters.isEmpty else { return nil }
        let (key, _) = s.core.pop(now: .now)
        guard let key else { return nil }
        return (s.waiters.removeFirst(), key)
    }
}

extension WorkQueueCore {
    /// When the earliest delayed key falls due.
    var nextDue: ContinuousClock.Instant? { peekDelayed }
}
