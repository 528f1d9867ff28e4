@testable import Scheduler
import Testing

@Suite struct PendingPodsTests {
    static let a = SchedulingPod.Key(namespace: "default", name: "a")
    static let b = SchedulingPod.Key(namespace: "default", name: "b")

    @Test func parkedPodsLeaveWhenTheClusterChanges() {
        var p = PendingPods()
        let t0 = ContinuousClock.now
        #expect(p.failed(Self.a, startedAt: p.changes, now: t0) == .park)
        #expect(p.failed(Self.b, startedAt: p.changes, now: t0) == .park)
        #expect(p.clusterChanged() == [Self.a, Self.b])
        #expect(p.parked.isEmpty)
        #expect(p.clusterChanged() == [])
    }

    @Test func aChangeDuringTheAttemptMeansRetryNotPark() {
        var p = PendingPods()
        let started = p.changes
        _ = p.clusterChanged()
        #expect(p.failed(Self.a, startedAt: started, now: .now) == .retry)
        #expect(p.parked.isEmpty)
    }

    @Test func podsParkedTooLongAreFlushed() {
        var p = PendingPods(maxParked: .seconds(300))
        let t0 = ContinuousClock.now
        _ = p.failed(Self.a, startedAt: p.changes, now: t0)
        _ = p.failed(Self.b, startedAt: p.changes, now: t0 + .seconds(100))
        #expect(p.flush(now: t0 + .seconds(299)) == [])
        #expect(p.flush(now: t0 + .seconds(300)) == [Self.a])
        p.remove(Self.b)
        #expect(p.flush(now: t0 + .seconds(1000)) == [])
    }
}
