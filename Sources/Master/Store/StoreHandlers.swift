import Bus
import EventLog
import Foundation

/// The `store.*` RPC methods: decode the JSON request, run it on the log, encode the answer.
/// Errors leave as `BusError`s with the reasons of `proto-docs/store.md` §4.
struct StoreHandlers: Sendable {
    let log: EventLog
    let publisher: EventStream.Publisher
    let sequenceBase: Int64

    /// The method table for `RPC.Server`.
    var methods: [String: RPC.Handler] {
        [
            StoreMethod.range: { try self.range($0.body) },
            StoreMethod.txn: { try await self.txn($0.body) },
            StoreMethod.changes: { try await self.changes($0.body) },
            StoreMethod.compact: { try await self.compact($0.body) },
            StoreMethod.status: { _ in try await self.status() },
            StoreMethod.leaseGrant: { try await self.leaseGrant($0.body) },
            StoreMethod.leaseKeepAlive: { try self.leaseKeepAlive($0.body) },
            StoreMethod.leaseRevoke: { try await self.leaseRevoke($0.body) },
            StoreMethod.leaseList: { _ in try self.leaseList() },
            StoreMethod.snapshot: { _ in try await self.snapshot() },
            StoreMethod.snapshotRead: { try await self.snapshotRead($0.body) },
        ]
    }

    /// Runs `body`, turning `EventLogError` into the protocol's `BusError`.
    private func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as EventLogError { throw StoreCodec.busError(error) }
    }

    private func mapped<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as EventLogError { throw StoreCodec.busError(error) }
    }

    func range(_ body: [UInt8]) throws -> [UInt8] {
        let request = try StoreCodec.range(StoreCodec.decode(StoreMessages.RangeRequest.self, body, method: StoreMethod.range))
        return try StoreCodec.encode(StoreCodec.wire(try mapped { try log.range(request) }))
    }

    func txn(_ body: [UInt8]) async throws -> [UInt8] {
        let txn = try StoreCodec.txn(StoreCodec.decode(StoreMessages.TxnRequest.self, body, method: StoreMethod.txn))
        return try StoreCodec.encode(StoreCodec.wire(try await mapped { try await log.txn(txn) }))
    }

    func changes(_ body: [UInt8]) async throws -> [UInt8] {
        let request = try StoreCodec.decode(StoreMessages.ChangesRequest.self, body, method: StoreMethod.changes)
        let limit = request.limit ?? 1000
        guard (1...10_000).contains(limit) else { throw BusError.invalid("limit must be from 1 to 10000") }
        let result = try await mapped { try await log.changes(since: request.since, limit: limit) }
        return try StoreCodec.encode(StoreMessages.ChangesResponse(records: result.records.map(StoreCodec.wire),
                                                                   revision: result.revision, more: result.more))
    }

    func compact(_ body: [UInt8]) async throws -> [UInt8] {
        let request = try StoreCodec.decode(StoreMessages.CompactRequest.self, body, method: StoreMethod.compact)
        try await mapped { try await log.compact(revision: request.revision) }
        return try StoreCodec.encode(StoreMessages.CompactResponse(revision: log.revision, compactedRevision: log.compactedRevision))
    }

    func status() async throws -> [UInt8] {
        let directory = log.directory
        let size = try await Blocking.run { Self.directorySize(directory) }
        let keys = try mapped { try log.range(.prefix(Key(""), limit: 1)).count }
        let stats = log.stats
        let status = StoreMessages.StatusResponse(
            version: StoreProtocol.serverVersion, revision: log.revision, compactedRevision: log.compactedRevision,
            keys: keys, leases: log.leases.count, dbSizeBytes: size,
            dataDirectory: log.directory, epoch: publisher.epoch, sequenceBase: sequenceBase,
            syncs: stats.syncs, batches: stats.batches)
        return try StoreCodec.encode(status)
    }

    func leaseGrant(_ body: [UInt8]) async throws -> [UInt8] {
        let request = try StoreCodec.decode(StoreMessages.LeaseGrantRequest.self, body, method: StoreMethod.leaseGrant)
        guard request.ttlMillis > 0 else { throw BusError.invalid("ttlMillis must be positive") }
        let id = try await mapped { try await log.grantLease(ttl: .milliseconds(request.ttlMillis), now: .now) }
        return try StoreCodec.encode(StoreMessages.LeaseResponse(id: id, ttlMillis: request.ttlMillis))
    }

    func leaseKeepAlive(_ body: [UInt8]) throws -> [UInt8] {
        let request = try StoreCodec.decode(StoreMessages.LeaseIDRequest.self, body, method: StoreMethod.leaseKeepAlive)
        let ttl = try mapped { try log.keepAlive(request.id, now: .now) }
        return try StoreCodec.encode(StoreMessages.LeaseResponse(id: request.id, ttlMillis: ttl.components.seconds * 1000
                                                                 + ttl.components.attoseconds / 1_000_000_000_000_000))
    }

    func leaseRevoke(_ body: [UInt8]) async throws -> [UInt8] {
        let request = try StoreCodec.decode(StoreMessages.LeaseIDRequest.self, body, method: StoreMethod.leaseRevoke)
        let revoked = try await mapped { try await log.revokeLease(request.id) }
        return try StoreCodec.encode(StoreMessages.LeaseRevokeResponse(id: revoked.id, deleted: revoked.deleted.map(StoreCodec.wire)))
    }

    func leaseList() throws -> [UInt8] {
        let leases = log.leases.map {
            StoreMessages.LeaseListResponse.Lease(id: $0.id, ttlMillis: $0.ttl.components.seconds * 1000
                                                  + $0.ttl.components.attoseconds / 1_000_000_000_000_000,
                                                  keys: $0.keys.map(\.string))
        }
        return try StoreCodec.encode(StoreMessages.LeaseListResponse(leases: leases))
    }

    func snapshot() async throws -> [UInt8] {
        let info = try await mapped { try await log.snapshot() }
        return try StoreCodec.encode(StoreMessages.SnapshotResponse(
            name: (info.path as NSString).lastPathComponent, revision: info.revision, keys: info.keys, bytes: info.bytes))
    }

    func snapshotRead(_ body: [UInt8]) async throws -> [UInt8] {
        let request = try StoreCodec.decode(StoreMessages.SnapshotReadRequest.self, body, method: StoreMethod.snapshotRead)
        let length = request.length ?? (1 << 20)
        guard request.name.hasPrefix("snap-"), request.name.hasSuffix(".snap"), !request.name.contains("/") else {
            throw BusError.invalid("\"\(request.name)\" is not a snapshot name")
        }
        guard (1...(4 << 20)).contains(length), request.offset >= 0 else {
            throw BusError.invalid("offset must be ≥ 0 and length from 1 to 4194304")
        }
        let path = log.directory + "/" + request.name
        let (data, size) = try await Blocking.run { () throws -> (Data, UInt64) in
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw BusError.notFound("snapshot \"\(request.name)\" not found (a newer one may have replaced it)")
            }
            defer { try? handle.close() }
            try handle.seek(toOffset: UInt64(request.offset))
            let data = try handle.read(upToCount: length) ?? Data()
            return (data, try handle.seekToEnd())
        }
        return try StoreCodec.encode(StoreMessages.SnapshotReadResponse(data: data, eof: UInt64(request.offset) + UInt64(data.count) >= size))
    }

    static func directorySize(_ path: String) -> Int64 {
        let fm = FileManager.default
        let names = (try? fm.contentsOfDirectory(atPath: path)) ?? []
        return names.reduce(0) { total, name in
            let size = (try? fm.attributesOfItem(atPath: path + "/" + name)[.size] as? NSNumber)?.int64Value ?? 0
            return total + size
        }
    }
}
