import Testing
@testable import EventLog

@Suite struct HistoryTests {
    @Test(arguments: [100_000, 0])
    func changesSince(window: Int) async throws {
        let dir = TempDir()
        defer { dir.remove() }
        var options = EventLogOptions()
        options.historyWindow = window
        options.segmentSize = 4096  // several segments
        let log = try await EventLog.open(directory: dir.path, options: options)
        for i in 1...200 { try await log.put(Key("/k/\(i % 17)"), bytes(String(repeating: "x", count: i % 50))) }
        #expect(dir.segments.count > 2)
        let all = try await log.changes(since: 0, limit: 1000)
        #expect(all.records.map(\.revision) == Array(1...200))
        #expect(!all.more)
        let some = try await log.changes(since: 150, limit: 20)
        #expect(some.records.map(\.revision) == Array(151...170))
        #expect(some.more)
        #expect(some.revision == 200)
        #expect(try await log.changes(since: 200).records.isEmpty)
        await #expect(throws: EventLogError.futureRevision(requested: 201, current: 200)) {
            try await log.changes(since: 201)
        }
        await log.close()
    }

    @Test func compactionRefusesOlderReadsAndSurvivesRestart() async throws {
        let dir = TempDir()
        defer { dir.remove() }
        var options = EventLogOptions()
        options.segmentSize = 2048
        options.historyWindow = 10
        do {
            let log = try await EventLog.open(directory: dir.path, options: options)
            for i in 1...100 { try await log.put(Key("/k/\(i % 5)"), bytes("value \(i)")) }
            let before = dir.segments.count
            try await log.compact(revision: 60)
            #expect(log.compactedRevision == 60)
            await #expect(throws: EventLogError.compacted(oldestAvailable: 60)) { try await log.changes(since: 59) }
            #expect(try await log.changes(since: 60, limit: 5).records.map(\.revision) == [61, 62, 63, 64, 65])
            // Segments go only once a snapshot covers them.
            #expect(dir.segments.count == before)
            _ = try await log.snapshot()
            #expect(dir.segments.count < before)
            #expect(try await log.changes(since: 60, limit: 100).records.count == 40)
            await #expect(throws: EventLogError.futureRevision(requested: 101, current: 100)) {
                try await log.compact(revision: 101)
            }
            await log.close()
        }
        let log = try await EventLog.open(directory: dir.path, options: options)
        #expect(log.compactedRevision == 60)
        #expect(log.revision == 100)
        await #expect(throws: EventLogError.compacted(oldestAvailable: 60)) { try await log.changes(since: 10) }
        #expect(try await log.changes(since: 60, limit: 100).records.map(\.revision) == Array(61...100))
        await log.close()
    }

    @Test func subscriptionDeliversEveryCommitInOrder() async throws {
        let dir = TempDir()
        defer { dir.remove() }
        let log = try await EventLog.open(directory: dir.path)
        try await log.put("before", bytes("x"))
        let sub = log.subscribe()
        #expect(sub.revision == 1)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<50 { group.addTask { try await log.put(Key("/w/\(i)"), bytes("\(i)")) } }
            try await group.waitForAll()
        }
        try await log.delete("/w/3")
        await log.close()
        var revisions: [Int64] = []
        for await batch in sub.records { revisions += batch.map(\.revision) }
        #expect(revisions == Array(2...52))
    }
}
