import Testing
@testable import EventLog

@Suite struct GroupCommitTests {
    @Test func fiveHundredConcurrentWritersShareSyncs() async throws {
        let dir = TempDir()
        defer { dir.remove() }
        let log = try await EventLog.open(directory: dir.path)
        let sub = log.subscribe()
        let revisions = try await withThrowingTaskGroup(of: Int64.self) { group in
            for i in 0..<500 {
                group.addTask {
                    let key = Key("/registry/pods/default/pod-\(i)")
                    let r = try await log.txn(Txn(compares: [.absent(key)], success: [.put(key, bytes("spec \(i)"))]))
                    #expect(r.succeeded)
                    // Read-your-writes once acknowledged.
                    #expect(log.get(key)?.modRevision == r.revisions[0])
                    return r.revisions[0]
                }
            }
            var all: [Int64] = []
            for try await r in group { all.append(r) }
            return all
        }
        #expect(revisions.sorted() == Array(1...500))
        #expect(log.revision == 500)
        let stats = log.stats
        #expect(stats.entries == 500)
        #expect(stats.syncs < 500)
        #expect(stats.syncs == stats.batches)
        await log.close()
        var streamed: [Int64] = []
        for await batch in sub.records { streamed += batch.map(\.revision) }
        #expect(streamed == Array(1...500))
        let reopened = try await EventLog.open(directory: dir.path)
        #expect(try reopened.range(.prefix("/registry/pods/default/")).count == 500)
        await reopened.close()
    }

    @Test func concurrentWritersAcrossSegmentsReadBackFromDisk() async throws {
        let dir = TempDir()
        defer { dir.remove() }
        var options = EventLogOptions()
        options.segmentSize = 2048
        options.historyWindow = 0
        options.maxBatchBytes = 600  // several queued batches while one is in flight
        let log = try await EventLog.open(directory: dir.path, options: options)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<300 { group.addTask { try await log.put(Key("/c/\(i)"), bytes(String(repeating: "z", count: i % 64))) } }
            try await group.waitForAll()
        }
        #expect(dir.segments.count >= 3)
        // Each segment's name carries the revision just before its first record.
        for var seg in try SegmentFile.list(directory: dir.path) {
            seg.size = Int64(fileSize(seg.path))
            let first = try EventLog.readRecords([seg], after: seg.base, upTo: .max, limit: 1)
            #expect(first.first?.revision == seg.base + 1)
        }
        for since in stride(from: Int64(0), to: 300, by: 7) {
            let page = try await log.changes(since: since, limit: 50)
            #expect(page.records.map(\.revision) == Array((since + 1)...min(300, since + 50)))
        }
        await log.close()
    }

    @Test func concurrentConflictingUpdatesSerialize() async throws {
        let dir = TempDir()
        defer { dir.remove() }
        let log = try await EventLog.open(directory: dir.path)
        let start = try await log.put("counter", bytes("0"))
        // Everyone tries to update from the same revision: exactly one wins.
        let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<50 {
                group.addTask {
                    try await log.txn(Txn(compares: [.modRevision("counter", equals: start)],
                                          success: [.put("counter", bytes("\(i)"))], failure: [.get("counter")])).succeeded
                }
            }
            var n = 0
            for try await won in group where won { n += 1 }
            return n
        }
        #expect(wins == 1)
        #expect(log.revision == 2)
        await log.close()
    }

    @Test func closedLogRefusesWritesAndIsReleased() async throws {
        let dir = TempDir()
        defer { dir.remove() }
        weak var weakLog: EventLog?
        do {
            let log = try await EventLog.open(directory: dir.path)
            weakLog = log
            try await log.put("k", [])
            await log.close()
            await #expect(throws: EventLogError.closed) { try await log.put("k", []) }
            #expect(log.get("k") != nil)
        }
        #expect(weakLog == nil)
    }
}
