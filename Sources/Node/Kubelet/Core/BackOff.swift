/// The kubelet's per-container restart back-off (client-go's `flowcontrol.Backoff` as the
/// kubelet uses it): the first restart is immediate; after that a container that exits again
/// waits 10 s, then 20 s, 40 s, … up to 5 min, counted from when it exited. An entry untouched
/// for twice the maximum (10 min) starts over. Time is an input (nanoseconds since the epoch).
public struct BackOff: Sendable, Equatable {
    public static let second: Int64 = 1_000_000_000
    public var initial: Int64 = 10 * second
    public var maximum: Int64 = 300 * second

    struct Entry: Sendable, Equatable {
        var delay: Int64
        var lastUpdate: Int64
    }
    private var entries: [String: Entry] = [:]

    public init(initial: Int64 = 10 * second, maximum: Int64 = 300 * second) {
        self.initial = initial
        self.maximum = maximum
    }

    /// When the container that exited at `finishedAt` may be restarted, if that is after `now`.
    public func backOffUntil(_ key: String, finishedAt: Int64, now: Int64) -> Int64? {
        guard let e = entries[key], !expired(e, now: now) else { return nil }
        let until = finishedAt + e.delay
        return now < until ? until : nil
    }

    /// The current delay of `key` (what the CrashLoopBackOff message reports), if any.
    public func delay(_ key: String) -> Int64? { entries[key]?.delay }

    /// Records a restart now: the next exit waits the doubled delay.
    public mutating func next(_ key: String, now: Int64) {
        if let e = entries[key], !expired(e, now: now) {
            entries[key] = Entry(delay: min(e.delay * 2, maximum), lastUpdate: now)
        } else {
            entries[key] = Entry(delay: initial, lastUpdate: now)
        }
    }

    public mutating func reset(_ key: String) { entries[key] = nil }

    private func expired(_ e: Entry, now: Int64) -> Bool { now - e.lastUpdate > 2 * maximum }
}
