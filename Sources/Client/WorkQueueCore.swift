import DequeModule

/// client-go's work queue as a pure value (STYLE.md §5): keys only, de-duplicated, never handed
/// to two workers at once, delayed re-adds with per-key exponential back-off. Time is an input.
///
/// Guarantees: a key added while queued is queued once; a key added while a worker holds it is
/// queued again only after ``done(_:)``; ``pop(now:)`` hands out keys in the order they became
/// ready.
public struct WorkQueueCore<Key: Hashable & Sendable>: Sendable {
    private var queue: Deque<Key> = []
    private var queued: Set<Key> = []
    private var processing: Set<Key> = []
    /// Added while processing: re-queue on done.
    private var dirty: Set<Key> = []
    /// Keys waiting to be added at a time, earliest first.
    private var delayed: [(due: ContinuousClock.Instant, key: Key)] = []
    private var failures: [Key: Int] = [:]
    public let baseDelay: Duration
    public let maxDelay: Duration

    public init(baseDelay: Duration = .milliseconds(5), maxDelay: Duration = .seconds(300)) {
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// Queues `key` unless it is queued already (or marks it dirty while a worker holds it).
    public mutating func add(_ key: Key) {
        if processing.contains(key) {
            dirty.insert(key)
        } else if queued.insert(key).inserted {
            queue.append(key)
        }
    }

    /// Queues `key` once `due` has come.
    public mutating func add(_ key: Key, at due: ContinuousClock.Instant) {
        let i = delayed.firstIndex { $0.due > due } ?? delayed.count
        delayed.insert((due, key), at: i)
    }

    /// Queues `key` after its back-off (base × 2^failures, capped), and counts a failure.
    /// Returns the delay used.
    @discardableResult
    public mutating func addRateLimited(_ key: Key, now: ContinuousClock.Instant) -> Duration {
        let n = failures[key, default: 0]
        failures[key] = n + 1
        var delay = baseDelay
        for _ in 0..<min(n, 40) {
            delay = delay * 2
            if delay >= maxDelay { delay = maxDelay; break }
        }
        add(key, at: now + delay)
        return delay
    }

    /// Clears `key`'s failure count (after a success).
    public mutating func forget(_ key: Key) { failures[key] = nil }

    public func failureCount(_ key: Key) -> Int { failures[key, default: 0] }

    /// Moves due delayed keys into the queue, then hands out the first ready key (now held by
    /// the caller until ``done(_:)``), or says when to look again (`nil`: only when a key is added).
    public mutating func pop(now: ContinuousClock.Instant) -> (key: Key?, wakeAt: ContinuousClock.Instant?) {
        while let first = delayed.first, first.due <= now {
            delayed.removeFirst()
            add(first.key)
        }
        if let key = queue.popFirst() {
            queued.remove(key)
            processing.insert(key)
            return (key, nil)
        }
        return (nil, delayed.first?.due)
    }

    /// The worker is finished with `key`; if it was added meanwhile, it is queued again.
    public mutating func done(_ key: Key) {
        processing.remove(key)
        if dirty.remove(key) != nil { add(key) }
    }

    /// When the earliest delayed key falls due, if any.
    public var peekDelayed: ContinuousClock.Instant? { delayed.first?.due }

    public var count: Int { queue.count }
    public var isIdle: Bool { queue.isEmpty && processing.isEmpty && delayed.isEmpty }
}
