import Synchronization
import Testing
@testable import Bus
@testable import ZeroMQ

/// Publisher and subscriber over real sockets on loopback, in this process.
@Suite struct EventStreamTests {
    func publisher(heartbeat: Duration = .milliseconds(200), streams: [String] = ["items/"]) async throws -> EventStream.Publisher {
        var configuration = EventStream.Publisher.Configuration()
        configuration.heartbeatInterval = heartbeat
        configuration.streams = streams
        return try await EventStream.Publisher(bind: ["tcp://127.0.0.1:*"], configuration: configuration)
    }

    /// Reads deliveries until `predicate` holds (bounded: fails after 2,000 deliveries or the stream ending).
    func next(_ iterator: inout EventStream.Deliveries.AsyncIterator,
              where predicate: (EventStream.Delivery) -> Bool) async -> EventStream.Delivery? {
        for _ in 0..<2000 {
            guard let delivery = await iterator.next() else { return nil }
            if predicate(delivery) { return delivery }
        }
        return nil
    }

    @Test func subscribersGoLiveOnTheWelcomeAndSeeEventsInOrder() async throws {
        let publisher = try await publisher()
        let subscriber = try await EventStream.Subscriber(connect: publisher.endpoints, streams: ["items/"])
        var deliveries = subscriber.deliveries.makeAsyncIterator()
        #expect(await next(&deliveries) { $0 == .live(stream: "items/") } != nil)
        for index in 1...100 {
            publisher.publish(topic: "items/a/\(index)", revision: UInt64(index), body: Array("\(index)".utf8))
        }
        // Another stream, not subscribed: never delivered.
        publisher.publish(topic: "other/x", revision: 101, body: [])
        var sequences: [UInt64] = []
        while sequences.count < 100, let delivery = await deliveries.next() {
            guard case let .event(event) = delivery else {
                Issue.record("unexpected \(delivery)")
                break
            }
            #expect(event.stream == "items/")
            #expect(event.body == Array("\(event.sequence)".utf8))
            sequences.append(event.sequence)
        }
        #expect(sequences == Array(1...100))
        await subscriber.close()
        await publisher.close()
    }

    @Test func idleStreamsAreHeartbeatedSoTheyAreNeverSilent() async throws {
        // Heartbeats every 100 ms, silence after 1.5 s: fifteen missed heartbeats, so only a
        // stream that is really idle-and-unheartbeated (not a loaded machine) goes silent.
        let publisher = try await publisher(heartbeat: .milliseconds(100))
        var configuration = EventStream.Subscriber.Configuration()
        configuration.silenceTimeout = .milliseconds(1500)
        let subscriber = try await EventStream.Subscriber(connect: publisher.endpoints, streams: ["items/"], configuration: configuration)
        var deliveries = subscriber.deliveries.makeAsyncIterator()
        #expect(await next(&deliveries) { $0 == .live(stream: "items/") } != nil)
        // Four seconds of an idle stream (over two silence timeouts) and then an event: nothing in between.
        try await Task.sleep(for: .seconds(4))
        publisher.publish(topic: "items/late", revision: 1, body: [])
        let delivery = await deliveries.next()
        guard case let .event(event) = delivery else {
            Issue.record("expected the event, got \(String(describing: delivery))")
            return
        }
        #expect(event.topic == "items/late")
        await subscriber.close()
        await publisher.close()
    }

    @Test func aDeadPublisherIsNoticedAndARestartedOneIsANewEpoch() async throws {
        let first = try await publisher(heartbeat: .milliseconds(100))
        let endpoint = first.endpoints[0]
        var configuration = EventStream.Subscriber.Configuration()
        configuration.silenceTimeout = .milliseconds(400)
        let subscriber = try await EventStream.Subscriber(connect: [endpoint], streams: ["items/"], configuration: configuration)
        var deliveries = subscriber.deliveries.makeAsyncIterator()
        #expect(await next(&deliveries) { $0 == .live(stream: "items/") } != nil)
        await first.close()
        let lost = await next(&deliveries) { if case .resync = $0 { true } else { false } }
        guard case let .resync(_, reason) = lost else { Issue.record("no resync after the publisher died"); return }
        #expect(reason == .disconnected || reason == .silent)

        var again = EventStream.Publisher.Configuration()
        again.heartbeatInterval = .milliseconds(100)
        again.streams = ["items/"]
        // libzmq releases a closed socket's port on its I/O thread, a moment after close:
        // wait (bounded) until the port can be bound again.
        var rebound: EventStream.Publisher?
        for _ in 0..<250 where rebound == nil {
            rebound = try? await EventStream.Publisher(bind: [endpoint], configuration: again)
            if rebound == nil { try await Task.sleep(for: .milliseconds(20)) }
        }
        let second = try #require(rebound)
        #expect(second.epoch != first.epoch)
        #expect(await next(&deliveries) { $0 == .live(stream: "items/") } != nil)
        second.publish(topic: "items/b", revision: 1, body: [])
        let event = await next(&deliveries) { if case .event = $0 { true } else { false } }
        #expect(event != nil)
        await subscriber.close()
        await second.close()
    }

    @Test func malformedMessagesAreDroppedAndCounted() async throws {
        let publisher = try await publisher()
        let rogue = try Socket(.pub)
        try rogue.bind("tcp://127.0.0.1:*")
        let rogueEndpoint = try rogue.lastEndpoint
        let subscriber = try await EventStream.Subscriber(connect: publisher.endpoints + [rogueEndpoint], streams: ["items/"])
        var deliveries = subscriber.deliveries.makeAsyncIterator()
        #expect(await next(&deliveries) { $0 == .live(stream: "items/") } != nil)
        // Keep sending garbage until the subscriber has counted each kind (the rogue's
        // subscription arrives in its own time).
        let garbage: [[Frame]] = [
            [Array("items/x".utf8)],  // one frame
            [Array("items/x".utf8), [1, 1, 0], []],  // short header
            [Array("items/x".utf8), [9] + [UInt8](repeating: 0, count: 25), []],  // wrong version
            [Array("items/".utf8) + [0xff, 0xfe], EventStream.Header(kind: .event, epoch: 1, sequence: 1, revision: 1).encode(), []],  // topic not UTF-8
        ]
        for _ in 0..<500 where subscriber.malformedCount < 4 {
            for frames in garbage { _ = try rogue.send(frames: frames) }
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(subscriber.malformedCount >= 4)
        // The real stream is untouched.
        publisher.publish(topic: "items/ok", revision: 1, body: [1])
        let event = await next(&deliveries) { if case .event = $0 { true } else { false } }
        guard case let .event(received) = event else { Issue.record("no event after garbage"); return }
        #expect(received.topic == "items/ok" && received.sequence == 1)
        rogue.close()
        await subscriber.close()
        await publisher.close()
    }
}

extension EventStreamTests {
    @Test func anOversizeFrameDropsOnlyTheConnectionThatSentIt() async throws {
        let publisher = try await publisher()
        let rogue = try Socket(.pub)
        try rogue.bind("tcp://127.0.0.1:*")
        let rogueEndpoint = try rogue.lastEndpoint
        var configuration = EventStream.Subscriber.Configuration()
        configuration.maxMessageBytes = 1 << 20
        let subscriber = try await EventStream.Subscriber(connect: publisher.endpoints + [rogueEndpoint], streams: ["items/"],
                                                          configuration: configuration)
        var deliveries = subscriber.deliveries.makeAsyncIterator()
        #expect(await next(&deliveries) { $0 == .live(stream: "items/") } != nil)
        // 2 MiB from the rogue, over the 1 MiB limit, until libzmq has cut it off at least once.
        let header = EventStream.Header(kind: .event, epoch: 7, sequence: 1, revision: 1).encode()
        let huge = [UInt8](repeating: 0x41, count: 2 << 20)
        var cutOff = false
        for _ in 0..<500 where !cutOff {
            _ = try rogue.send(frames: [Array("items/huge".utf8), header, huge])
            try await Task.sleep(for: .milliseconds(10))
            // The loss of that connection is reported as a resync; nothing of the frame arrives.
            cutOff = subscriber.malformedCount == 0 && subscriber.disconnections > 0
        }
        #expect(cutOff)
        rogue.close()
        // The real publisher's stream goes on (live again after the reported disconnection).
        publisher.publish(topic: "items/ok", revision: 1, body: [1])
        let event = await next(&deliveries) { if case let .event(e) = $0 { e.topic == "items/ok" } else { false } }
        #expect(event != nil)
        await subscriber.close()
        await publisher.close()
    }
}
