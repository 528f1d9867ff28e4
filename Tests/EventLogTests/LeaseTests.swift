import Testing
@testable import EventLog

@Suite struct LeaseTests {
    @Test func leasesExpireByManualClock() async throws {
        let dir = TempDir()
        defer { dir.remove() }
        let log = try await EventLog.open(directory: dir.path)
        let t0 = ContinuousClock.now
        let short = try await log.grantLease(ttl: .seconds(10), now: t0)
        let long = try await log.grantLease(ttl: .seconds(60), now: t0)
        try await log.put("/registry/events/default/e1", bytes("1"), lease: short)
        try await log.put("/registry/events/default/e2", bytes("2"), lease: short)
        try await log.put("/registry/events/default/e3", bytes("3"), lease: long)
        try await log.put("/registry/pods/default/p", bytes("p"))
        #expect(log.leases.map(\.id) == [short, long])
        #expect(log.leases[0].keys == ["/registry/events/default/e1", "/registry/events/default/e2"])

        #expect(try await log.expireLeases(now: t0 + .seconds(9)).isEmpty)
        try log.keepAlive(short, now: t0 + .seconds(9))  // now expires at 19 s
        #expect(try await log.expireLeases(now: t0 + .seconds(12)).isEmpty)
        let expired = try await log.expireLeases(now: t0 + .seconds(20))
        #expect(expired.map(\.id) == [short])
        #expect(expired[0].deleted.map(\.key) == ["/registry/events/default/e1", "/registry/events/default/e2"])
        #expect(expired[0].deleted.map(\.revision) == [5, 6])
        #expect(expired[0].deleted.allSatisfy { $0.isTombstone })
        #expect(log.get("/registry/events/default/e1") == nil)
        #expect(log.get("/registry/events/default/e3") != nil)
        #expect(log.leases.map(\.id) == [long])
        #expect(throws: EventLogError.leaseNotFound(short)) { try log.keepAlive(short, now: t0) }
        let changes = try await log.changes(since: 4)
        #expect(changes.records.map(\.revision) == [5, 6])

        let revoked = try await log.revokeLease(long)
        #expect(revoked.deleted.map(\.key) == ["/registry/events/default/e3"])
        #expect(try dump(log).map(\.key) == ["/registry/pods/default/p"])
        await #expect(throws: EventLogError.leaseNotFound(long)) { try await log.revokeLease(long) }
        await log.close()
    }

    @Test func leasesSurviveRestart() async throws {
        let dir = TempDir()
        defer { dir.remove() }
        let t0 = ContinuousClock.now
        let id: LeaseID
        do {
            let log = try await EventLog.open(directory: dir.path)
            id = try await log.grantLease(ttl: .seconds(5), now: t0)
            try await log.put("a", bytes("1"), lease: id)
            try await log.put("b", bytes("2"), lease: id)
            // Moving a key off the lease detaches it.
            try await log.put("b", bytes("3"))
            await log.close()
        }
        let log = try await EventLog.open(directory: dir.path)
        #expect(log.leases == [Lease(id: id, ttl: .seconds(5), keys: ["a"])])
        // After a restart a lease gets a full TTL from the first `now` seen.
        let t1 = t0 + .seconds(100)
        let next = try await log.grantLease(ttl: .seconds(1), now: t1)
        #expect(next > id)
        #expect(try await log.expireLeases(now: t1).isEmpty)
        #expect(try await log.expireLeases(now: t1 + .seconds(4)).map(\.id) == [next])
        let expired = try await log.expireLeases(now: t1 + .seconds(5))
        #expect(expired.map(\.id) == [id])
        #expect(try dump(log).map(\.key) == ["b"])
        await log.close()
        let again = try await EventLog.open(directory: dir.path)
        #expect(again.leases.isEmpty)
        #expect(try dump(again).map(\.key) == ["b"])
        await again.close()
    }
}
