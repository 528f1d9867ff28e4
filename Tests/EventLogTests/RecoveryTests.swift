import Foundation
import Testing
@testable import EventLog

@Suite struct RecoveryTests {
    /// Writes a mix of puts, overwrites, deletes and lease-attached keys.
    func populate(_ log: EventLog, from: Int, to: Int, lease: LeaseID) async throws {
        for i in from..<to {
            try await log.put(Key("/registry/things/ns\(i % 7)/t\(i)"), bytes("value-\(i)"), lease: i % 10 == 0 ? lease : 0)
            if i % 5 == 0 { try await log.put(Key("/registry/things/ns\(i % 7)/t\(i)"), bytes("again-\(i)")) }
            if i % 9 == 0 { try await log.delete(Key("/registry/things/ns\((i - 3) % 7)/t\(i - 3)")) }
        }
    }

    @Test func snapshotThenRestartRestoresIdenticalState() async throws {
        let dir = TempDir()
        defer { dir.remove() }
        var options = EventLogOptions()
        options.segmentSize = 16 * 1024
        let now = ContinuousClock.now
        let expected: [KeyValue], revision: Int64, leases: [Lease], changes: [Record]
        do {
            let log = try await EventLog.open(directory: dir.path, options: options)
            let lease = try await log.grantLease(ttl: .seconds(30), now: now)
            try await populate(log, from: 3, to: 600, lease: lease)
            try await log.compact(revision: 100)
            let snap = try await log.snapshot()
            #expect(snap.revision == log.revision)
            try await populate(log, from: 600, to: 800, lease: lease)
            expected = try dump(log)
            revision = log.revision
            leases = log.leases
            changes = try await log.changes(since: snap.revision, limit: 10_000).records
            await log.close()
        }
        let log = try await EventLog.open(directory: dir.path, options: options)
        #expect(log.openReport.snapshotPath != nil)
        #expect(log.openReport.truncatedTail == nil)
        #expect(log.openReport.replayedEntries == changes.count)
        #expect(try dump(log) == expected)
        #expect(log.revision == revision)
        #expect(log.leases == leases)
        #expect(log.compactedRevision == 100)
        #expect(try await log.changes(since: revision - Int64(changes.count), limit: 10_000).records == changes)
        // Revisions continue where they left off.
        #expect(try await log.put("next", []) == revision + 1)
        await log.close()
    }

    @Test func restartWithoutSnapshotReplaysTheLog() async throws {
        let dir = TempDir()
        defer { dir.remove() }
        let expected: [KeyValue]
        do {
            let log = try await EventLog.open(directory: dir.path)
            let lease = try await log.grantLease(ttl: .seconds(5), now: .now)
            try await populate(log, from: 3, to: 200, lease: lease)
            expected = try dump(log)
            await log.close()
        }
        let log = try await EventLog.open(directory: dir.path)
        #expect(log.openReport.snapshotPath == nil)
        #expect(try dump(log) == expected)
        await log.close()
    }

    @Test func secondOpenOfSameDirectoryIsRefused() async throws {
        let dir = TempDir()
        defer { dir.remove() }
        let log = try await EventLog.open(directory: dir.path)
        await #expect(throws: EventLogError.locked(path: dir.path + "/LOCK")) { try await EventLog.open(directory: dir.path) }
        await log.close()
    }

    @Test func corruptSnapshotFallsBackToOlderOne() async throws {
        let dir = TempDir()
        defer { dir.remove() }
        let expected: [KeyValue]
        do {
            let log = try await EventLog.open(directory: dir.path)
            try await populate(log, from: 3, to: 100, lease: 0)
            _ = try await log.snapshot()
            try await populate(log, from: 100, to: 150, lease: 0)
            _ = try await log.snapshot()
            expected = try dump(log)
            await log.close()
        }
        let newest = try #require(dir.snapshots.last)
        try overwriteByte(in: newest, at: fileSize(newest) / 2)
        let log = try await EventLog.open(directory: dir.path)
        #expect(log.openReport.skippedSnapshots.count == 1)
        #expect(log.openReport.snapshotPath == dir.snapshots.first)
        #expect(try dump(log) == expected)
        await log.close()
    }

    @Test(arguments: ["partial", "garbage", "zeros"])
    func tornTailIsCutAndReported(kind: String) async throws {
        let dir = TempDir()
        defer { dir.remove() }
        let expected: [KeyValue]
        do {
            let log = try await EventLog.open(directory: dir.path)
            try await populate(log, from: 3, to: 50, lease: 0)
            expected = try dump(log)
            await log.close()
        }
        let segment = try #require(dir.segments.last)
        let goodSize = fileSize(segment)
        switch kind {
        case "partial":
            // The first 20 bytes of a real frame: header plus part of the payload.
            var w = ByteWriter()
            LogEntry.record(Record(revision: 999, key: "x", value: bytes("yyyy"), createRevision: 999, prevRevision: 0))
                .encode(into: &w, continues: false)
            try appendBytes(Array(w.bytes.prefix(20)), to: segment)
        case "garbage":
            try appendBytes((0..<300).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }, to: segment)
        default:
            try appendBytes([UInt8](repeating: 0, count: 4096), to: segment)
        }
        let log = try await EventLog.open(directory: dir.path)
        let tail = try #require(log.openReport.truncatedTail)
        #expect(tail.path == segment)
        #expect(tail.offset == Int64(goodSize))
        #expect(fileSize(segment) == goodSize)
        #expect(try dump(log) == expected)
        try await log.put("after", bytes("recovery"))
        await log.close()
        let again = try await EventLog.open(directory: dir.path)
        #expect(again.openReport.truncatedTail == nil)
        #expect(again.get("after")?.text == "recovery")
        await again.close()
    }

    @Test func incompleteTransactionAtTailIsDroppedWhole() async throws {
        let dir = TempDir()
        defer { dir.remove() }
        do {
            let log = try await EventLog.open(directory: dir.path)
            try await log.put("a", bytes("1"))
            try await log.txn(Txn(success: [.put("b", bytes("2")), .put("c", bytes("3")), .put("d", bytes("4"))]))
            await log.close()
        }
        let segment = try #require(dir.segments.last)
        let fd = open(segment, O_WRONLY)
        #expect(ftruncate(fd, off_t(fileSize(segment) - 3)) == 0)
        close(fd)
        let log = try await EventLog.open(directory: dir.path)
        #expect(log.openReport.truncatedTail != nil)
        #expect(log.revision == 1)
        #expect(try dump(log).map(\.key) == ["a"])
        await log.close()
    }

    @Test func corruptMiddleRecordIsRefusedThenRepaired() async throws {
        let dir = TempDir()
        defer { dir.remove() }
        do {
            let log = try await EventLog.open(directory: dir.path)
            for i in 1...20 { try await log.put(Key("/k/\(i)"), bytes(String(repeating: "v", count: 40))) }
            await log.close()
        }
        let segment = try #require(dir.segments.last)
        let size = fileSize(segment)
        try overwriteByte(in: segment, at: size / 2)
        await #expect {
            _ = try await EventLog.open(directory: dir.path)
        } throws: { error in
            let text = "\(error)"
            return text.contains(segment) && text.contains("byte offset") && (error as? EventLogError).map {
                if case .corrupt(_, let offset, _) = $0 { return offset > 32 && offset <= Int64(size / 2) }
                return false
            } == true
        }
        let report = try EventLog.repair(directory: dir.path)
        #expect(report.truncatedPath == segment)
        #expect(report.truncatedOffset > 32 && report.truncatedOffset <= Int64(size / 2))
        #expect(report.droppedBytes == Int64(size) - report.truncatedOffset)
        let log = try await EventLog.open(directory: dir.path)
        #expect(log.revision > 1 && log.revision < 20)
        #expect(try dump(log).count == Int(log.revision))
        await log.close()
        #expect(try EventLog.repair(directory: dir.path).truncatedPath == nil)
    }

    @Test func corruptionInEarlierSegmentIsRefused() async throws {
        let dir = TempDir()
        defer { dir.remove() }
        var options = EventLogOptions()
        options.segmentSize = 1024
        do {
            let log = try await EventLog.open(directory: dir.path, options: options)
            for i in 1...60 { try await log.put(Key("/k/\(i)"), bytes(String(repeating: "v", count: 60))) }
            await log.close()
        }
        let segments = dir.segments
        #expect(segments.count > 3)
        // Damage the very end of the first segment: not a torn tail, because the log goes on.
        try overwriteByte(in: segments[0], at: fileSize(segments[0]) - 1)
        await #expect {
            _ = try await EventLog.open(directory: dir.path, options: options)
        } throws: { error in
            "\(error)".contains(segments[0]) && "\(error)".contains("byte offset")
        }
        let report = try EventLog.repair(directory: dir.path)
        #expect(report.truncatedPath == segments[0])
        #expect(report.deletedSegments == Array(segments.dropFirst()))
        let log = try await EventLog.open(directory: dir.path, options: options)
        #expect(log.revision > 0)
        try await log.put("later", [])
        await log.close()
    }
}
