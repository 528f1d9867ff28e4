import Client
import Testing

/// The work queue's rules, with time as an input.
struct WorkQueueCoreTests {
    let t0 = ContinuousClock.now

    @Test func keysAreDeduplicatedAndHandedOutInOrder() {
        var q = WorkQueueCore<String>()
        q.add("a"); q.add("b"); q.add("a")
        #expect(q.count == 2)
        #expect(q.pop(now: t0).key == "a")
        #expect(q.pop(now: t0).key == "b")
        #expect(q.pop(now: t0).key == nil)
    }

    @Test func aKeyHeldByAWorkerIsNotHandedOutAgainUntilDone() {
        var q = WorkQueueCore<String>()
        q.add("a")
        #expect(q.pop(now: t0).key == "a")
        q.add("a")  // changed while being worked on
        #expect(q.pop(now: t0).key == nil)
        q.done("a")
        #expect(q.pop(now: t0).key == "a")
        q.done("a")
        #expect(q.isIdle)
    }

    @Test func failuresBackOffExponentiallyUpToTheCapAndForgetResets() {
        var q = WorkQueueCore<String>(baseDelay: .milliseconds(10), maxDelay: .milliseconds(50))
        #expect(q.addRateLimited("a", now: t0) == .milliseconds(10))
        #expect(q.addRateLimited("a", now: t0) == .milliseconds(20))
        #expect(q.addRateLimited("a", now: t0) == .milliseconds(40))
        #expect(q.addRateLimited("a", now: t0) == .milliseconds(50))
        #expect(q.failureCount("a") == 4)
        q.forget("a")
        #expect(q.addRateLimited("a", now: t0) == .milliseconds(10))
    }

    @Test func delayedKeysBecomeReadyWhenDue() {
        var q = WorkQueueCore<String>()
        q.add("late", at: t0 + .seconds(2))
        q.add("soon", at: t0 + .seconds(1))
        let early = q.pop(now: t0)
        #expect(early.key == nil && early.wakeAt == t0 + .seconds(1))
        #expect(q.pop(now: t0 + .seconds(1)).key == "soon")
        #expect(q.pop(now: t0 + .seconds(3)).key == "late")
    }
}
