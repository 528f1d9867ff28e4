/// The unschedulable half of kube-scheduler's scheduling queue: pods that fit no node wait here
/// until the cluster changes (a node added or updated, a pod's resources freed), then go back to
/// the work queue with their back-off. A change that happens while a pod is being tried counts
/// too (kube-scheduler's in-flight events): the attempt that failed then retries at once
/// instead of waiting for the next change. Pods parked longer than `maxParked` retry anyway.
/// Time is an input.
public struct PendingPods: Sendable {
    /// Parked pods and since when.
    public private(set) var parked: [SchedulingPod.Key: ContinuousClock.Instant] = [:]
    /// Counts cluster changes; an attempt remembers the value it started at.
    public private(set) var changes: UInt64 = 0
    public let maxParked: Duration

    public init(maxParked: Duration = .seconds(300)) { self.maxParked = maxParked }

    public enum AfterFailure: Sendable, Hashable {
        /// Wait for a cluster change.
        case park
        /// The cluster changed during the attempt: retry after the back-off.
        case retry
    }

    /// A pod failed to fit during an attempt that began when ``changes`` was `startedAt`.
    public mutating func failed(_ key: SchedulingPod.Key, startedAt: UInt64, now: ContinuousClock.Instant) -> AfterFailure {
        if changes != startedAt { return .retry }
        parked[key] = now
        return .park
    }

    /// Something changed that may let parked pods fit: they all leave, to be retried.
    public mutating func clusterChanged() -> [SchedulingPod.Key] {
        changes &+= 1
        let keys = parked.keys.sorted()
        parked = [:]
        return keys
    }

    /// The pod was scheduled, changed, or deleted: no longer parked.
    public mutating func remove(_ key: SchedulingPod.Key) { parked[key] = nil }

    /// Pods parked for `maxParked` or more leave.
    public mutating func flush(now: ContinuousClock.Instant) -> [SchedulingPod.Key] {
        let due = parked.filter { now - $0.value >= maxParked }.map(\.key).sorted()
        for k in due { parked[k] = nil }
        return due
    }
}
