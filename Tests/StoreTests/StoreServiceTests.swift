import Bus
import EventLog
import Foundation
import Store
import SkiffTestSupport
import Testing

/// The store service over real sockets, in process.
@Suite struct StoreServiceTests {
    @Test func putGetRangeDelete() async throws {
        try await TestStore.with { s in
            let r1 = try await s.client.put("/registry/pods/default/a", Array("A".utf8))
            let r2 = try await s.client.put("/registry/pods/default/b", Array("B".utf8))
            try await s.client.put("/registry/nodes//n1", Array("N".utf8))
            #expect((r1, r2) == (1, 2))
            let (kv, rev) = try await s.client.get("/registry/pods/default/a")
            #expect(kv?.value == Data("A".utf8) && kv?.modRevision == 1 && kv?.createRevision == 1 && rev == 3)
            let pods = try await s.client.list(prefix: "/registry/pods/")
            #expect(pods.kvs.map(\.key) == ["/registry/pods/default/a", "/registry/pods/default/b"] && pods.count == 2)
            let page = try await s.client.range(.init(key: "/registry/", prefix: true, limit: 1, after: "/registry/nodes//n1"))
            #expect(page.kvs.map(\.key) == ["/registry/pods/default/a"] && page.more)
            #expect(try await s.client.delete("/registry/pods/default/a") == 4)
            #expect(try await s.client.delete("/registry/pods/default/a") == nil)
            #expect(try await s.client.get("/registry/pods/default/a").kv == nil)
        }
    }

    @Test func deletingALargePrefixGoesInBatchesUnderTheBodyLimit() async throws {
        try await TestStore.with { s in
            // 2,500 keys of 4 KiB: one transaction deleting them all is fine, but listing and
            // deleting 10 MB of keys with values in one request would be over the 8 MiB limit.
            let value = [UInt8](repeating: 0x61, count: 4096)
            for start in stride(from: 0, to: 2500, by: 500) {
                let puts = (start..<start + 500).map { StoreMessages.Op.put(.init(key: "/bulk/\($0)", value: Data(value))) }
                _ = try await s.client.txn(StoreMessages.TxnRequest(success: puts))
            }
            #expect(try await s.client.delete(prefix: "/bulk/", batch: 1000) == 2500)
            #expect(try await s.client.list(prefix: "/bulk/").kvs.isEmpty)
        }
    }

    @Test func failedCompareIsAnAnswerNotAnError() async throws {
        try await TestStore.with { s in
            let create = StoreMessages.TxnRequest(compare: [.init(key: "/k", modRevision: 0)],
                                                  success: [.put(.init(key: "/k", value: Data("v1".utf8)))],
                                                  failure: [.get(.init(key: "/k"))])
            let first = try await s.client.txn(create)
            #expect(first.succeeded && first.revision == 1 && first.current.isEmpty)
            let second = try await s.client.txn(create)
            #expect(!second.succeeded && second.revision == 1)
            #expect(second.current.count == 1 && second.current[0]?.modRevision == 1)
            guard case .get(let kv)? = second.responses.first else { Issue.record("no get response"); return }
            #expect(kv?.value == Data("v1".utf8))
            let update = StoreMessages.TxnRequest(compare: [.init(key: "/k", modRevision: 1)],
                                                  success: [.put(.init(key: "/k", value: Data("v2".utf8)))])
            let third = try await s.client.txn(update)
            guard case .put(let rev, let previous)? = third.responses.first else { Issue.record("no put response"); return }
            #expect(third.succeeded && rev == 2 && previous?.value == Data("v1".utf8))
        }
    }

    @Test func changesSinceAndCompaction() async throws {
        try await TestStore.with { s in
            for i in 1...5 { try await s.client.put("/c/\(i)", [UInt8(i)]) }
            let changes = try await s.client.changes(since: 2)
            #expect(changes.records.map(\.revision) == [3, 4, 5] && changes.revision == 5 && !changes.more)
            #expect(changes.records[0].type == .put && changes.records[0].key == "/c/3")
            let page = try await s.client.changes(since: 0, limit: 2)
            #expect(page.records.map(\.revision) == [1, 2] && page.more)
            #expect(try await s.client.compact(revision: 3).compactedRevision == 3)
            let gone = await busError { _ = try await s.client.changes(since: 1) }
            #expect(gone?.reason == .gone && gone?.code == 410)
            #expect(gone?.message.contains("oldest available revision is 3") == true)
            #expect(try await s.client.changes(since: 3).records.map(\.revision) == [4, 5])
            #expect(await reason { _ = try await s.client.compact(revision: 99) } == .invalid)
        }
    }

    @Test func changeStreamSequenceTracksRevision() async throws {
        try await TestStore.with { s in
            try await s.client.put("/before", [1])  // revision 1, before anyone subscribes
            let subscriber = try await EventStream.Subscriber(connect: [s.service.eventsEndpoint], streams: ["/"])
            var deliveries = subscriber.deliveries.makeAsyncIterator()
            guard case .live(let stream)? = await deliveries.next() else { Issue.record("stream not live"); return }
            #expect(stream == "/")
            _ = try await s.client.txn(.init(success: [.put(.init(key: "/a", value: Data("x".utf8))),
                                                       .put(.init(key: "/b", value: Data("y".utf8)))]))
            try await s.client.delete("/a")
            var events: [EventStream.Event] = []
            while events.count < 3, let d = await deliveries.next() {
                // Revision 1 may still arrive (published after its writer's reply); a subscriber drops it.
                if case .event(let e) = d, e.revision > 1 { events.append(e) }
            }
            #expect(events.map(\.revision) == [2, 3, 4])
            #expect(events.map(\.topic) == ["/a", "/b", "/a"])
            for e in events { #expect(Int64(e.revision) == s.service.sequenceBase + Int64(e.sequence)) }
            let last = try JSONDecoder().decode(StoreMessages.Record.self, from: Data(events[2].body))
            #expect(last == StoreMessages.Record(revision: 4, type: .delete, key: "/a", value: nil, createRevision: 2, prevRevision: 2, lease: 0))
            let status = try await s.client.status()
            #expect(status.epoch == s.service.publisher.epoch && status.sequenceBase == s.service.sequenceBase)
            await subscriber.close()
        }
    }

    @Test func leasesExpireOnTheTimerInput() async throws {
        try await TestStore.with { s in
            let lease = try await s.client.grantLease(ttlMillis: 60_000)
            try await s.client.put("/events/e1", [1], lease: lease.id)
            #expect(try await s.client.keepAlive(lease: lease.id).ttlMillis == 60_000)
            #expect(try await s.client.leases().leases.first?.keys == ["/events/e1"])
            let revoked = try await s.service.expireLeases(now: .now + .seconds(120))
            #expect(revoked.map(\.id) == [lease.id])
            #expect(try await s.client.get("/events/e1").kv == nil)
            #expect(await reason { _ = try await s.client.keepAlive(lease: lease.id) } == .notFound)
            #expect(await reason { try await s.client.put("/events/e2", [1], lease: 999) } == .notFound)
            let short = try await s.client.grantLease(ttlMillis: 100_000)
            try await s.client.put("/events/e3", [1], lease: short.id)
            #expect(try await s.client.revokeLease(short.id).deleted.map(\.key) == ["/events/e3"])
        }
    }

    @Test func badRequestsGetClearErrorsAndTheStoreKeepsServing() async throws {
        try await TestStore.with { s in
            let rpc = s.client.rpc
            func call(_ method: String, _ body: String) async -> BusError? {
                await busError { _ = try await rpc.call(method, Array(body.utf8)) }
            }
            #expect(await call(StoreMethod.txn, "{not json")?.reason == .badRequest)
            #expect(await call(StoreMethod.range, "[]")?.reason == .badRequest)
            #expect(await call(StoreMethod.range, #"{"key":""}"#)?.reason == .invalid)
            #expect(await call(StoreMethod.range, #"{"key":"no-slash"}"#)?.reason == .invalid)
            #expect(await call(StoreMethod.txn, #"{"success":[{"put":{"key":"","value":""}}]}"#)?.reason == .invalid)
            #expect(await call(StoreMethod.txn, #"{"success":[{"put":{"key":"/a","value":"***"}}]}"#)?.reason == .badRequest)
            #expect(await call(StoreMethod.txn, #"{"success":[{"put":{"key":"/a","value":""},"get":{"key":"/a"}}]}"#)?.reason == .badRequest)
            #expect(await call("store.nope", "{}")?.reason == .notFound)
            let badUTF8 = Array(#"{"key":"/bad-"#.utf8) + [0xff, 0xfe] + Array(#""}"#.utf8)
            let e = await busError { _ = try await rpc.call(StoreMethod.range, badUTF8) }
            #expect(e?.reason == .invalid && e?.message.contains("UTF-8") == true)
            let big = await busError { try await s.client.put("/big", [UInt8](repeating: 7, count: 1536 * 1024 + 1)) }
            #expect(big?.reason == .requestEntityTooLarge && big?.code == 413)
            try await s.client.put("/just-fits", [UInt8](repeating: 7, count: 1536 * 1024))
            #expect(try await s.client.put("/after", [1]) == 2)
        }
    }

    @Test func restartKeepsStateAndSnapshotsCanBeRead() async throws {
        let directory = temporaryDirectory()
        let first = try await TestStore.start(directory: directory, snapshotEvery: 3)
        for i in 1...7 { try await first.client.put("/r/\(i)", Array("v\(i)".utf8)) }
        let snap = try await first.client.snapshot()
        #expect(snap.revision == 7 && snap.keys == 7)
        let chunk = try await first.client.readSnapshot(name: snap.name, offset: 0, length: 4 << 20)
        let onDisk = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + snap.name))
        #expect(chunk.eof && chunk.data == onDisk)
        #expect(await reason { _ = try await first.client.readSnapshot(name: "../LOCK", offset: 0) } == .invalid)
        await first.stop()
        let second = try await TestStore.start(directory: directory)
        #expect(second.service.log.openReport.snapshotRevision == 7)
        #expect(try await second.client.list(prefix: "/r/").count == 7)
        #expect(try await second.client.put("/r/8", [8]) == 8)
        await second.stop()
    }
}
