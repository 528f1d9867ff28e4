import Testing
@testable import EventLog

@Suite struct RangeTests {
    @Test func prefixLimitContinue() async throws {
        let dir = TempDir()
        defer { dir.remove() }
        let log = try await EventLog.open(directory: dir.path)
        for i in 0..<25 { try await log.put(Key("/registry/pods/default/p\(100 + i)"), bytes("\(i)")) }
        try await log.put("/registry/pods/other/x", bytes("o"))
        try await log.put("/registry/podsx", bytes("not a child"))
        try await log.put("/registry/services/default/s", bytes("s"))

        let all = try log.range(.prefix("/registry/pods/default/"))
        #expect(all.count == 25)
        #expect(all.kvs.count == 25)
        #expect(!all.more)
        #expect(all.revision == 28)
        #expect(all.kvs.map(\.key) == (0..<25).map { Key("/registry/pods/default/p\(100 + $0)") })

        var seen: [Key] = []
        var after: Key?
        var pages = 0
        repeat {
            let page = try log.range(.prefix("/registry/pods/", limit: 10, after: after))
            seen += page.kvs.map(\.key)
            after = page.kvs.last?.key
            pages += 1
            if !page.more { break }
        } while pages < 10
        #expect(pages == 3)
        #expect(seen.count == 26)
        #expect(seen.last == "/registry/pods/other/x")

        let page2 = try log.range(.prefix("/registry/pods/default/", limit: 10, after: "/registry/pods/default/p109"))
        #expect(page2.count == 15)
        #expect(page2.more)
        #expect(page2.kvs.first?.key == "/registry/pods/default/p110")

        let exact = try log.range(RangeRequest(key: "/registry/podsx"))
        #expect(exact.kvs.map(\.text) == ["not a child"])
        #expect(try log.range(RangeRequest(key: "/registry/nope")).kvs.isEmpty)
        #expect(try log.range(.prefix("/registry/zzz")).count == 0)
        await log.close()
    }

    @Test func manyKeysAcrossChunks() async throws {
        let dir = TempDir()
        defer { dir.remove() }
        let log = try await EventLog.open(directory: dir.path)
        // Inserted out of order, in one transaction per 100 keys, to exercise chunk splits.
        let keys = (0..<3000).map { Key("/k/\(String(($0 * 7919) % 3000 + 10000))") }
        for start in stride(from: 0, to: keys.count, by: 100) {
            try await log.txn(Txn(success: keys[start..<(start + 100)].map { .put($0, bytes("v")) }))
        }
        let all = try log.range(.prefix("/k/"))
        #expect(all.count == 3000)
        #expect(all.kvs.map(\.key) == keys.sorted())
        let mid = try log.range(.prefix("/k/1", limit: 5, after: "/k/11499"))
        #expect(mid.kvs.map(\.key.string) == ["/k/11500", "/k/11501", "/k/11502", "/k/11503", "/k/11504"])
        #expect(mid.count == 1500)
        await log.close()
    }
}
