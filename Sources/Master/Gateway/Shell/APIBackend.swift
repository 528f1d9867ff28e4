import Bus
import Client
import Logging
import Resources
import ServiceLifecycle
import Synchronization

/// The gateway's connection to the API server: every call goes through here. Tracks whether the
/// API server answers (a `_ping` each second) so that, while it does not, calls fail at once
/// with a 503 that says so instead of waiting for their deadline.
///
/// Thread-safe. As a `Service`, `run()` pings until graceful shutdown.
public final class APIBackend: Service, Sendable {
    public let client: APIClient
    public let endpoint: String
    let logger: Logger
    private let up = Atomic<Bool>(false)

    public init(endpoints: [String], logger: Logger) async throws {
        self.client = try await APIClient(endpoints: endpoints, timeout: .seconds(30), logger: logger)
        self.endpoint = endpoints.joined(separator: ",")
        self.logger = logger
    }

    /// Whether the last ping was answered.
    public var isUp: Bool { up.load(ordering: .relaxed) }

    /// One API call. While the API server is down, one quick ping decides between a 503 and
    /// going ahead (so the first call after it comes up does not wait for the next ping).
    public func call(_ request: APIRequest) async throws(StatusError) -> APIReply {
        if !isUp, !(await ping(timeout: .milliseconds(500))) {
            throw GatewayErrors.apiServerUnavailable(endpoint: endpoint)
        }
        do {
            return try await client.call(request)
        } catch where error.code == 503 && error.reason == "ServiceUnavailable" && !isUp {
            throw GatewayErrors.apiServerUnavailable(endpoint: endpoint)
        }
    }

    /// Pings the API server once; records and returns whether it answered.
    @discardableResult
    public func ping(timeout: Duration) async -> Bool {
        let ok = (try? await client.rpc.call(RPC.pingMethod, [], timeout: timeout, idempotent: true)) != nil
        let was = up.exchange(ok, ordering: .relaxed)
        if was != ok {
            if ok {
                logger.info("API server is answering", metadata: ["api.endpoint": "\(endpoint)"])
            } else {
                logger.warning("API server is not answering", metadata: ["api.endpoint": "\(endpoint)"])
            }
        }
        return ok
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.ping(timeout: .seconds(1))
                try? await Task.sleep(for: .seconds(1))
            }
        }
        await client.close()
    }
}
