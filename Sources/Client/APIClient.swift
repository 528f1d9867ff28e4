import Bus
import Logging
import Resources

/// The API server as a Swift object: one ``APIRequest`` in, one ``APIReply`` or a
/// ``StatusError`` out. Thread-safe; many calls may be in flight at once over one connection.
public final class APIClient: Sendable {
    public let rpc: RPC.Client
    public let timeout: Duration

    public init(endpoints: [String] = [APIDefaults.rpcEndpoint], timeout: Duration = .seconds(30),
                logger: Logger = Logger(label: "skiff.api-client")) async throws {
        self.rpc = try await RPC.Client(connect: endpoints, logger: logger)
        self.timeout = timeout
    }

    public func close() async { await rpc.close() }

    /// Sends one request. Reads are retried under the same id when a connection drops
    /// (they are idempotent); writes are not.
    public func call(_ request: APIRequest, timeout: Duration? = nil) async throws(StatusError) -> APIReply {
        let idempotent = request.verb == .get || request.verb == .list || request.verb == .watch
        let bytes: [UInt8]
        do {
            bytes = try await rpc.call(request.verb.rawValue, request.encoded(), timeout: timeout ?? self.timeout,
                                       idempotent: idempotent)
        } catch {
            throw APIError.status(from: error)
        }
        return try APIReply(decoding: bytes)
    }
}
