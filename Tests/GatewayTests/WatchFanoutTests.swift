import Resources
import Testing
@testable import Gateway

@Suite struct WatchFanoutTests {
    func pod(_ name: String, ns: String = "default", rv: UInt64, labels: JSON = [:]) -> JSON {
        ["kind": "Pod", "apiVersion": "v1",
         "metadata": ["name": .string(name), "namespace": .string(ns), "resourceVersion": .string(String(rv)), "labels": labels]]
    }
    func item(_ name: String, ns: String = "default", rv: UInt64, type: String = "MODIFIED", labels: JSON = [:]) -> WatchItem {
        WatchItem(type: type, object: pod(name, ns: ns, rv: rv, labels: labels), revision: rv)
    }
    func live(_ name: String, ns: String = "default", rv: UInt64, labels: JSON = [:]) -> StreamEvent {
        StreamEvent(topic: "pods/\(ns)/\(name)", item: item(name, ns: ns, rv: rv, labels: labels))
    }
    func sent(_ actions: [WatchFanout.Action]) -> [WatchFanout.WatcherID: [UInt64]] {
        var out: [WatchFanout.WatcherID: [UInt64]] = [:]
        for case .send(let id, let items) in actions { out[id, default: []] += items.map(\.revision) }
        return out
    }

    @Test func firstWatcherSubscribesAndLaterOnesShare() {
        var f = WatchFanout()
        let (a, actionsA) = f.add(stream: "pods/", filter: WatchFilter())
        let (b, actionsB) = f.add(stream: "pods/", filter: WatchFilter())
        let (_, actionsC) = f.add(stream: "nodes/", filter: WatchFilter())
        #expect(actionsA == [.subscribe(stream: "pods/")])
        #expect(actionsB.isEmpty)
        #expect(actionsC == [.subscribe(stream: "nodes/")])
        #expect(a != b)
        #expect(f.watcherCount(stream: "pods/") == 2)
        f.remove(a)
        #expect(f.watcherCount(stream: "pods/") == 1)
    }

    @Test func liveEventsDuringCatchUpAreBufferedAndOnlyNewerOnesSent() {
        var f = WatchFanout()
        let (id, _) = f.add(stream: "pods/", filter: WatchFilter())
        #expect(f.received(live("a", rv: 11), stream: "pods/").isEmpty)
        #expect(f.received(live("b", rv: 12), stream: "pods/").isEmpty)
        #expect(f.bookmarkRevision(id) == nil)
        let actions = f.caughtUp(id, events: [item("x", rv: 9), item("a", rv: 11)], through: 11)
        #expect(actions == [.send(id, [item("x", rv: 9), item("a", rv: 11)]), .send(id, [live("b", rv: 12).item])])
        #expect(sent(f.received(live("c", rv: 13), stream: "pods/")) == [id: [13]])
        #expect(f.received(live("c", rv: 13), stream: "pods/").isEmpty)  // duplicate
        #expect(f.bookmarkRevision(id) == 13)
    }

    @Test func listItemsAreNotInRevisionOrder() {
        var f = WatchFanout()
        let (id, _) = f.add(stream: "pods/", filter: WatchFilter())
        let list = [item("a", rv: 50, type: "ADDED"), item("b", rv: 30, type: "ADDED"), item("c", rv: 40, type: "ADDED")]
        #expect(f.caughtUp(id, events: list, through: 60) == [.send(id, list)])
        #expect(sent(f.received(live("d", rv: 55), stream: "pods/")).isEmpty)
        #expect(sent(f.received(live("d", rv: 61), stream: "pods/")) == [id: [61]])
    }

    @Test func filtersByNamespaceLabelsAndFields() throws {
        var f = WatchFanout()
        let (inNS, _) = f.add(stream: "pods/", filter: WatchFilter(namespace: "prod"))
        let (labelled, _) = f.add(stream: "pods/", filter: WatchFilter(labels: try LabelSelector(parsing: "app=web")))
        let (named, _) = f.add(stream: "pods/", filter: WatchFilter(fields: try FieldSelector(parsing: "metadata.name=db")))
        for id in [inNS, labelled, named] { _ = f.caughtUp(id, events: [], through: 1) }
        #expect(sent(f.received(live("web", ns: "prod", rv: 2, labels: ["app": "web"]), stream: "pods/")) == [inNS: [2], labelled: [2]])
        #expect(sent(f.received(live("db", ns: "dev", rv: 3), stream: "pods/")) == [named: [3]])
        #expect(sent(f.received(live("x", ns: "production", rv: 4), stream: "pods/")).isEmpty)
        // Filtered-out events still advance what a bookmark may claim.
        #expect(f.bookmarkRevision(inNS) == 4)
    }

    @Test func liveNoticeAndResyncMakeStreamingWatchersCatchUpAgain() {
        var f = WatchFanout()
        let (a, _) = f.add(stream: "pods/", filter: WatchFilter())
        _ = f.caughtUp(a, events: [], through: 5)
        #expect(f.live(stream: "pods/") == [.catchUp(a, after: 5)])
        #expect(f.received(live("p", rv: 7), stream: "pods/").isEmpty)  // buffered
        #expect(f.caughtUp(a, events: [item("o", rv: 6)], through: 6) == [.send(a, [item("o", rv: 6)]), .send(a, [live("p", rv: 7).item])])
        #expect(f.resync(stream: "pods/", waitForLive: true).isEmpty)
        #expect(f.resync(stream: "pods/", waitForLive: false) == [.catchUp(a, after: 7)])
        #expect(f.resync(stream: "nodes/", waitForLive: false).isEmpty)
    }

    @Test func aResetDuringACatchUpCatchesUpAgainAfterIt() {
        var f = WatchFanout()
        let (a, _) = f.add(stream: "pods/", filter: WatchFilter())
        #expect(f.live(stream: "pods/").isEmpty)  // already catching up: marked for another round
        #expect(f.caughtUp(a, events: [item("x", rv: 3)], through: 4) == [.send(a, [item("x", rv: 3)]), .catchUp(a, after: 4)])
        #expect(f.caughtUp(a, events: [], through: 4).isEmpty)
        #expect(f.bookmarkRevision(a) == 4)
    }

    @Test func bufferOverflowDropsTheBufferAndCatchesUpAgain() {
        var f = WatchFanout(bufferLimit: 2)
        let (a, _) = f.add(stream: "pods/", filter: WatchFilter())
        for rv in 10...14 { _ = f.received(live("p\(rv)", rv: UInt64(rv)), stream: "pods/") }
        let actions = f.caughtUp(a, events: [], through: 9)
        #expect(actions.contains(.catchUp(a, after: 9)) || actions.contains { if case .catchUp = $0 { true } else { false } })
    }

    @Test func initialEventsEndBetweenCaughtUpAndBufferedEvents() {
        var f = WatchFanout()
        let (a, _) = f.add(stream: "pods/", filter: WatchFilter())
        _ = f.received(live("late", rv: 21), stream: "pods/")
        let actions = f.caughtUp(a, events: [item("a", rv: 5, type: "ADDED")], through: 20, endsInitialEvents: true)
        #expect(actions == [.send(a, [item("a", rv: 5, type: "ADDED")]), .endInitialEvents(a, revision: 20),
                            .send(a, [live("late", rv: 21).item])])
    }

    @Test func subscribeFailureEndsTheStreamsWatchersAndRetriesLater() {
        var f = WatchFanout()
        let (a, _) = f.add(stream: "pods/", filter: WatchFilter())
        #expect(f.subscribeFailed(stream: "pods/") == [a])
        f.remove(a)
        #expect(f.add(stream: "pods/", filter: WatchFilter()).1 == [.subscribe(stream: "pods/")])
    }

    @Test func removedWatchersGetNothing() {
        var f = WatchFanout()
        let (a, _) = f.add(stream: "pods/", filter: WatchFilter())
        _ = f.caughtUp(a, events: [], through: 1)
        f.remove(a)
        #expect(f.received(live("x", rv: 2), stream: "pods/").isEmpty)
        #expect(f.caughtUp(a, events: [item("x", rv: 3)], through: 3).isEmpty)
        #expect(f.bookmarkRevision(a) == nil)
    }
}
