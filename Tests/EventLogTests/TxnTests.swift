import Testing
@testable import EventLog

@Suite struct TxnTests {
    @Test func putGetDelete() async throws {
        let dir = TempDir()
        defer { dir.remove() }
        let log = try await EventLog.open(directory: dir.path)
        #expect(log.revision == 0)
        let r1 = try await log.put("/registry/pods/default/a", bytes("one"))
        #expect(r1 == 1)
        let r2 = try await log.put("/registry/pods/default/a", bytes("two"))
        #expect(r2 == 2)
        let kv = try #require(log.get("/registry/pods/default/a"))
        #expect(kv.text == "two")
        #expect(kv.createRevision == 1)
        #expect(kv.modRevision == 2)
        #expect(try await log.delete("/registry/pods/default/a") == 3)
        #expect(log.get("/registry/pods/default/a") == nil)
        #expect(try await log.delete("/registry/pods/default/a") == nil)
        #expect(log.revision == 3)
        let changes = try await log.changes(since: 0)
        #expect(changes.records.map(\.revision) == [1, 2, 3])
        #expect(changes.records.map(\.prevRevision) == [0, 1, 2])
        #expect(changes.records[2].isTombstone)
        #expect(changes.records[2].createRevision == 1)
        await log.close()
    }

    @Test func createIfAbsentConflicts() async throws {
        let dir = TempDir()
        defer { dir.remove() }
        let log = try await EventLog.open(directory: dir.path)
        let create = Txn(compares: [.absent("k")], success: [.put("k", bytes("v1"))], failure: [.get("k")])
        let first = try await log.txn(create)
        #expect(first.succeeded)
        #expect(first.revisions == [1])
        let second = try await log.txn(create)
        #expect(!second.succeeded)
        #expect(second.revisions.isEmpty)
        #expect(second.current.count == 1)
        #expect(second.current[0]?.modRevision == 1)
        #expect(second.current[0]?.text == "v1")
        #expect(second.responses == [.get(second.current[0])])
        #expect(log.revision == 1)
        await log.close()
    }

    @Test func updateAndDeleteIfUnchanged() async throws {
        let dir = TempDir()
        defer { dir.remove() }
        let log = try await EventLog.open(directory: dir.path)
        let r1 = try await log.put("k", bytes("v1"))
        let update = try await log.txn(Txn(compares: [.modRevision("k", equals: r1)], success: [.put("k", bytes("v2"))]))
        #expect(update.succeeded)
        #expect(update.revision == 2)
        if case .put(let rev, let prev) = update.responses[0] {
            #expect(rev == 2)
            #expect(prev?.text == "v1")
        } else {
            Issue.record("expected a put response")
        }
        // A stale revision conflicts and reports the current version.
        let stale = try await log.txn(Txn(compares: [.modRevision("k", equals: r1)], success: [.put("k", bytes("v3"))]))
        #expect(!stale.succeeded)
        #expect(stale.current[0]?.modRevision == 2)
        #expect(log.get("k")?.text == "v2")
        let staleDelete = try await log.txn(Txn(compares: [.modRevision("k", equals: r1)], success: [.delete("k")]))
        #expect(!staleDelete.succeeded)
        let delete = try await log.txn(Txn(compares: [.modRevision("k", equals: 2)], success: [.delete("k")]))
        #expect(delete.succeeded)
        #expect(delete.revisions == [3])
        #expect(log.get("k") == nil)
        // createRevision / exists compares.
        let exists = try await log.txn(Txn(compares: [Compare("k", .exists)]))
        #expect(!exists.succeeded)
        #expect(exists.current == [nil])
        await log.close()
    }

    @Test func multiOpTxnGetsConsecutiveRevisions() async throws {
        let dir = TempDir()
        defer { dir.remove() }
        let log = try await EventLog.open(directory: dir.path)
        try await log.put("a", bytes("0"))
        let r = try await log.txn(Txn(compares: [Compare("a", .createRevision(1))],
                                      success: [.put("b", bytes("1")), .delete("a"), .put("c", bytes("2")), .get("b")]))
        #expect(r.succeeded)
        #expect(r.revisions == [2, 3, 4])
        #expect(r.revision == 4)
        #expect(r.responses[3] == .get(KeyValue(key: "b", value: bytes("1"), createRevision: 2, modRevision: 2)))
        await log.close()
    }

    @Test func rejectsInvalidInput() async throws {
        let dir = TempDir()
        defer { dir.remove() }
        let log = try await EventLog.open(directory: dir.path)
        await #expect(throws: EventLogError.invalidKey("key is empty")) { try await log.put("", bytes("x")) }
        let big = [UInt8](repeating: 1, count: EventLog.maxValueSize + 1)
        await #expect(throws: EventLogError.valueTooLarge(size: big.count, limit: EventLog.maxValueSize)) {
            try await log.put("k", big)
        }
        await #expect(throws: EventLogError.self) {
            try await log.txn(Txn(success: [.put("k", []), .delete("k")]))
        }
        await #expect(throws: EventLogError.leaseNotFound(42)) { try await log.put("k", [], lease: 42) }
        #expect(Key(utf8: [0xFF, 0xFE]) == nil)
        // Exactly the limit is fine.
        try await log.put("k", [UInt8](repeating: 2, count: EventLog.maxValueSize))
        #expect(log.revision == 1)
        await log.close()
    }
}
