import Bus
import Foundation

/// A typed client of the store protocol over one `RPC.Client`, for `skiff storectl` and the API
/// server. Every method throws `BusError` with the store's reason (`Gone`, `Invalid`,
/// `NotFound`, …) or the client's (`Timeout`, `Unavailable`). Reads are sent as idempotent
/// (retried over reconnects); writes are not, so a lost connection fails them with
/// `Unavailable` and the caller decides whether to retry. Thread-safe; calls may overlap.
public final class StoreClient: Sendable {
    public let rpc: RPC.Client
    public let timeout: Duration

    /// Connects to the store's RPC endpoints (default `tcp://127.0.0.1:7001`).
    public init(endpoints: [String] = [StoreDefaults.rpcEndpoint], timeout: Duration = .seconds(5),
                configuration: RPC.Client.Configuration = .init()) async throws {
        self.rpc = try await RPC.Client(connect: endpoints, configuration: configuration)
        self.timeout = timeout
    }

    public func close() async { await rpc.close() }

    /// Calls `method` with a JSON request and decodes the JSON reply.
    public func call<Request: Encodable, Response: Decodable>(
        _ method: String, _ request: Request, as: Response.Type = Response.self, idempotent: Bool
    ) async throws -> Response {
        let body = try StoreCodec.encode(request)
        let reply = try await rpc.call(method, body, timeout: timeout, idempotent: idempotent)
        do {
            return try JSONDecoder().decode(Response.self, from: Data(reply))
        } catch {
            throw BusError.internal("\(method): cannot decode the store's reply: \(error)")
        }
    }

    // MARK: Reads

    /// One key, or `nil`, and the revision read at.
    public func get(_ key: String) async throws -> (kv: StoreMessages.KeyValue?, revision: Int64) {
        let r = try await range(StoreMessages.RangeRequest(key: key))
        return (r.kvs.first, r.revision)
    }

    public func range(_ request: StoreMessages.RangeRequest) async throws -> StoreMessages.RangeResponse {
        try await call(StoreMethod.range, request, idempotent: true)
    }

    /// Every key under `prefix` (following continue tokens), at one or more revisions — for a
    /// consistent view use `range` with no limit.
    public func list(prefix: String, limit: Int? = nil) async throws -> StoreMessages.RangeResponse {
        try await range(StoreMessages.RangeRequest(key: prefix, prefix: true, limit: limit))
    }

    /// Records with revision greater than `since`. Throws `Gone` (message names the oldest
    /// available revision) when compacted.
    public func changes(since: Int64, limit: Int? = nil) async throws -> StoreMessages.ChangesResponse {
        try await call(StoreMethod.changes, StoreMessages.ChangesRequest(since: since, limit: limit), idempotent: true)
    }

    public func status() async throws -> StoreMessages.StatusResponse {
        try await call(StoreMethod.status, Empty(), idempotent: true)
    }

    public func leases() async throws -> StoreMessages.LeaseListResponse {
        try await call(StoreMethod.leaseList, Empty(), idempotent: true)
    }

    // MARK: Writes

    public func txn(_ request: StoreMessages.TxnRequest) async throws -> StoreMessages.TxnResponse {
        try await call(StoreMethod.txn, request, idempotent: false)
    }

    /// Writes `value` at `key`; returns the new modRevision.
    @discardableResult
    public func put(_ key: String, _ value: [UInt8], lease: Int64? = nil) async throws -> Int64 {
        let r = try await txn(StoreMessages.TxnRequest(success: [.put(.init(key: key, value: Data(value), lease: lease))]))
        guard case .put(let revision, _)? = r.responses.first else { throw BusError.internal("put: unexpected reply") }
        return revision
    }

    /// Deletes `key`; returns the tombstone's revision, `nil` if there was no such key.
    @discardableResult
    public func delete(_ key: String) async throws -> Int64? {
        let r = try await txn(StoreMessages.TxnRequest(success: [.delete(.init(key: key))]))
        guard case .delete(let revision, _)? = r.responses.first else { throw BusError.internal("delete: unexpected reply") }
        return revision
    }

    /// Deletes every key under `prefix`, in transactions of at most `batch` keys (one
    /// transaction for all could exceed the RPC body limit); returns how many were deleted.
    /// Each batch is atomic; the whole is not: a concurrent writer may add keys meanwhile.
    public func delete(prefix: String, batch: Int = 1000) async throws -> Int {
        var deleted = 0
        while true {
            let keys = try await list(prefix: prefix, limit: batch).kvs.map(\.key)
            if keys.isEmpty { return deleted }
            let r = try await txn(StoreMessages.TxnRequest(success: keys.map { .delete(.init(key: $0)) }))
            deleted += r.responses.filter { if case .delete(let rev?, _) = $0 { rev > 0 } else { false } }.count
        }
    }

    public func compact(revision: Int64) async throws -> StoreMessages.CompactResponse {
        try await call(StoreMethod.compact, StoreMessages.CompactRequest(revision: revision), idempotent: true)
    }

    public func grantLease(ttlMillis: Int64) async throws -> StoreMessages.LeaseResponse {
        try await call(StoreMethod.leaseGrant, StoreMessages.LeaseGrantRequest(ttlMillis: ttlMillis), idempotent: false)
    }

    public func keepAlive(lease id: Int64) async throws -> StoreMessages.LeaseResponse {
        try await call(StoreMethod.leaseKeepAlive, StoreMessages.LeaseIDRequest(id: id), idempotent: true)
    }

    public func revokeLease(_ id: Int64) async throws -> StoreMessages.LeaseRevokeResponse {
        try await call(StoreMethod.leaseRevoke, StoreMessages.LeaseIDRequest(id: id), idempotent: false)
    }

    /// Makes the store write a snapshot now; read it with `readSnapshot`.
    public func snapshot() async throws -> StoreMessages.SnapshotResponse {
        try await call(StoreMethod.snapshot, Empty(), idempotent: false)
    }

    public func readSnapshot(name: String, offset: Int64, length: Int? = nil) async throws -> StoreMessages.SnapshotReadResponse {
        try await call(StoreMethod.snapshotRead, StoreMessages.SnapshotReadRequest(name: name, offset: offset, length: length), idempotent: true)
    }

    struct Empty: Codable {}
}
