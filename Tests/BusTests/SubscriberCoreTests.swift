import Testing
@testable import Bus

/// The subscriber's rules with a clock the test steps.
@Suite struct SubscriberCoreTests {
    let start = ContinuousClock.now
    func at(_ millis: Int) -> ContinuousClock.Instant { start + .milliseconds(millis) }
    func event(_ seq: UInt64, epoch: UInt64 = 1, revision: UInt64? = nil) -> EventStream.Header {
        .init(kind: .event, epoch: epoch, sequence: seq, revision: revision ?? seq)
    }
    func heartbeat(_ seq: UInt64, epoch: UInt64 = 1) -> EventStream.Header {
        .init(kind: .heartbeat, epoch: epoch, sequence: seq, revision: seq)
    }
    func core() -> EventStream.SubscriberCore {
        .init(subscriptions: ["pods/"], silenceTimeout: .seconds(3), now: start)
    }

    @Test func welcomeHeartbeatMakesTheStreamLiveThenEventsFlowInSequence() {
        var core = core()
        #expect(!core.isLive("pods/"))
        #expect(core.receive(topic: "pods/", header: heartbeat(4), body: [], now: at(1)) == [.live(stream: "pods/")])
        let out = core.receive(topic: "pods/default/a", header: event(5), body: [1], now: at(2))
        #expect(out == [.event(.init(topic: "pods/default/a", stream: "pods/", sequence: 5, revision: 5, body: [1]))])
        #expect(core.receive(topic: "pods/", header: heartbeat(5), body: [], now: at(3)) == [])
    }

    @Test func aSkippedSequenceIsAGapAndTheEventStillFollowsTheNotice() {
        var core = core()
        _ = core.receive(topic: "pods/", header: heartbeat(0), body: [], now: at(1))
        _ = core.receive(topic: "pods/x/a", header: event(1), body: [], now: at(2))
        let out = core.receive(topic: "pods/x/b", header: event(3), body: [], now: at(3))
        #expect(out.first == .resync(stream: "pods/", reason: .gap(expected: 2, received: 3)))
        #expect(out.count == 2)
        // The new baseline is 3: the next event in sequence is clean.
        #expect(core.receive(topic: "pods/x/c", header: event(4), body: [], now: at(4)).count == 1)
    }

    @Test func aHeartbeatAheadOfTheLastEventIsAGap() {
        var core = core()
        _ = core.receive(topic: "pods/", header: heartbeat(2), body: [], now: at(1))
        #expect(core.receive(topic: "pods/", header: heartbeat(5), body: [], now: at(2))
            == [.resync(stream: "pods/", reason: .gap(expected: 2, received: 5))])
    }

    @Test func anotherEpochMeansThePublisherRestarted() {
        var core = core()
        _ = core.receive(topic: "pods/", header: heartbeat(9), body: [], now: at(1))
        #expect(core.receive(topic: "pods/", header: heartbeat(0, epoch: 2), body: [], now: at(2))
            == [.resync(stream: "pods/", reason: .publisherRestarted)])
    }

    @Test func silenceIsReportedOnceUntilTheStreamIsHeardAgain() {
        var core = core()
        _ = core.receive(topic: "pods/", header: heartbeat(0), body: [], now: at(0))
        #expect(core.tick(now: at(2900)) == [])
        #expect(core.tick(now: at(3100)) == [.resync(stream: "pods/", reason: .silent)])
        #expect(!core.isLive("pods/"))
        #expect(core.tick(now: at(4000)) == [])
        #expect(core.receive(topic: "pods/", header: heartbeat(0), body: [], now: at(4100)) == [.live(stream: "pods/")])
    }

    @Test func aSubscriptionNeverHeardFromIsSilent() {
        var core = core()
        #expect(core.tick(now: at(3500)) == [.resync(stream: "pods/", reason: .silent)])
    }

    @Test func disconnectionNeedsEveryStreamLiveAgain() {
        var core = core()
        _ = core.receive(topic: "pods/", header: heartbeat(0), body: [], now: at(0))
        #expect(core.disconnected(now: at(1)) == [.resync(stream: "pods/", reason: .disconnected)])
        #expect(core.receive(topic: "pods/", header: heartbeat(0), body: [], now: at(2)) == [.live(stream: "pods/")])
    }
}
