import Foundation
import Testing
@testable import Bus

/// The Clone pattern end to end in one process: a source of truth that publishes every change
/// and serves snapshots over RPC, and a replica that follows it through a flood with tiny
/// buffers.
@Suite struct ReplicaTests {
    actor Source {
        let publisher: EventStream.Publisher
        var items: [String: Int] = [:]
        var revision: UInt64 = 0

        init(publisher: EventStream.Publisher) { self.publisher = publisher }

        func set(_ key: String, _ value: Int) {
            revision += 1
            items[key] = value
            publisher.publish(topic: "items/\(key)", revision: revision, body: Array("\(value)".utf8))
        }

        func snapshot() throws -> [UInt8] {
            try Array(JSONEncoder().encode(Snapshot(revision: revision, items: items)))
        }

        func state() -> Snapshot { Snapshot(revision: revision, items: items) }
    }

    struct Snapshot: Codable, Sendable, Equatable {
        var revision: UInt64
        var items: [String: Int]
    }

    @Test func aFloodedSubscriberWithTinyBuffersResyncsAndEndsWithThePublishersState() async throws {
        var publisherConfiguration = EventStream.Publisher.Configuration()
        publisherConfiguration.heartbeatInterval = .milliseconds(100)
        publisherConfiguration.streams = ["items/"]
        publisherConfiguration.sendHighWaterMark = 50
        let publisher = try await EventStream.Publisher(bind: ["tcp://127.0.0.1:*"], configuration: publisherConfiguration)
        let source = Source(publisher: publisher)
        let server = try await RPC.Server(bind: ["tcp://127.0.0.1:*"], methods: [
            "snapshot": { _ in try await source.snapshot() },
        ])
        let client = try await RPC.Client(connect: server.endpoints)

        var subscriberConfiguration = EventStream.Subscriber.Configuration()
        subscriberConfiguration.receiveHighWaterMark = 5
        subscriberConfiguration.bufferLimit = 16
        subscriberConfiguration.silenceTimeout = .seconds(1)
        let subscriber = try await EventStream.Subscriber(connect: publisher.endpoints, streams: ["items/"],
                                                          configuration: subscriberConfiguration)
        let replica = EventStream.Replica(subscriber: subscriber) {
            let bytes = try await client.call("snapshot", idempotent: true)
            let snapshot = try JSONDecoder().decode(Snapshot.self, from: Data(bytes))
            return (snapshot.revision, snapshot.items)
        }

        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await server.run() }
            defer { group.cancelAll() }

            var iterator = replica.makeAsyncIterator()
            var copy: [String: Int] = [:]
            var revision: UInt64 = 0
            // The first snapshot, before the flood.
            guard case let .reset(startRevision, startItems) = try await iterator.next() else {
                Issue.record("the first update is not a snapshot")
                return
            }
            (revision, copy) = (startRevision, startItems)

            // The flood: 20,000 changes over 500 keys, as fast as they can be published.
            group.addTask {
                for index in 0..<20_000 { await source.set("k\(index % 500)", index) }
            }
            var applied = 0
            var resets = 0
            let target = UInt64(20_000)
            while revision < target {
                guard let update = try await iterator.next() else { break }
                switch update {
                case let .reset(at, items):
                    resets += 1
                    (revision, copy) = (at, items)
                case let .event(event):
                    let key = String(event.topic.dropFirst("items/".count))
                    copy[key] = Int(String(decoding: event.body, as: UTF8.self))
                    revision = event.revision
                    applied += 1
                    // A slow reader: it falls behind, and the tiny buffers overflow.
                    if applied % 200 == 0 { try await Task.sleep(for: .milliseconds(5)) }
                }
            }
            let truth = await source.state()
            #expect(resets >= 1, "the flood should have made the replica lose messages and resync")
            #expect(revision == truth.revision)
            #expect(copy == truth.items)
        }
        await client.close()
        await subscriber.close()
        await publisher.close()
    }
}
