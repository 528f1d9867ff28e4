import Bus
import Foundation
import Store
import Synchronization
import SkiffTestSupport
import Testing

/// kill -9 under concurrent write load, many times: nothing acknowledged is lost, nothing
/// unacknowledged is half-present, revisions stay contiguous.
@Suite(.serialized) struct StoreCrashTests {
    /// The value written at `key`: its length depends on the key, and every byte is checkable.
    static func value(for key: String) -> [UInt8] {
        let length = 64 + Int(UInt32(truncatingIfNeeded: key.hashValue &* 31) % 4_000)
        let pattern = Array(key.utf8)
        return (0..<length).map { pattern[$0 % pattern.count] }
    }

    @Test func killNineUnderLoadLosesNothingAcknowledged() async throws {
        let directory = temporaryDirectory("crash")
        let acknowledged = Acknowledged()
        let rounds = 10
        for round in 0...rounds {
            let store = try await StoreProcess.start(directory, extra: ["--snapshot-every", "300"])
            let client = try await store.client()
            try await verify(client, acknowledged: acknowledged.all, round: round)
            if round == rounds {
                #expect(try await store.stop() == 0)
                await client.close()
                break
            }
            // Concurrent writers until the store is killed at a random moment.
            let writers = Task {
                await withTaskGroup(of: Void.self) { group in
                    for w in 0..<8 {
                        group.addTask {
                            var n = 0
                            while !Task.isCancelled {
                                let key = "/crash/\(round)/\(w)/\(n)"
                                n += 1
                                guard let revision = try? await client.put(key, Self.value(for: key)) else { return }
                                acknowledged.record(key, revision)
                            }
                        }
                    }
                }
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 100...600)))
            store.child.send(SIGKILL)
            #expect(try await store.child.exit() == 128 + SIGKILL)
            await writers.value  // each writer's next call fails (Unavailable) and it stops
            await client.close()
        }
        #expect(acknowledged.all.count > rounds)
    }

    /// Every acknowledged write is there with its revision; the history is contiguous from 1;
    /// every record's value is whole.
    func verify(_ client: StoreClient, acknowledged: [String: Int64], round: Int) async throws {
        var since: Int64 = 0
        var seen: [String: Int64] = [:]
        while true {
            let page = try await client.changes(since: since, limit: 10_000)
            for record in page.records {
                #expect(record.revision == since + 1, "round \(round): revision gap after \(since)")
                since = record.revision
                #expect(record.value.map(Array.init) == Self.value(for: record.key), "round \(round): \(record.key) is damaged")
                seen[record.key] = record.revision
            }
            if !page.more { break }
        }
        let status = try await client.status()
        #expect(status.revision == since, "round \(round)")
        for (key, revision) in acknowledged {
            #expect(seen[key] == revision, "round \(round): acknowledged \(key)@\(revision) is \(seen[key].map(String.init) ?? "missing")")
        }
        let stored = try await client.list(prefix: "/crash/")
        #expect(stored.count == seen.count)
    }
}

/// Writes the store acknowledged, shared by the writer tasks.
final class Acknowledged: Sendable {
    private let writes = Mutex<[String: Int64]>([:])
    func record(_ key: String, _ revision: Int64) { writes.withLock { $0[key] = revision } }
    var all: [String: Int64] { writes.withLock { $0 } }
}
