import Bus
import EventLog
import Foundation
import Logging
import ServiceLifecycle

/// The store service (`skiff store`): an `EventLog` served over SKIFF-RPC/1 (`store.*` methods)
/// with its committed changes published over SKIFF-EVENTS/1 (`proto-docs/store.md`).
///
/// Guarantees: a write is answered only once durable; every committed change is published
/// once, in revision order, on stream `/` (topic = key), after it is durable (not necessarily
/// before its writer is answered); within one publisher epoch `revision = sequenceBase + sequence`.
/// `run()` serves until graceful shutdown or cancellation, lets calls in flight finish, then
/// closes the log.
public final class StoreService: Service, Sendable {
    /// Tuning of the service around the log.
    public struct Configuration: Sendable {
        public var rpcEndpoints = [StoreDefaults.rpcEndpoint]
        public var eventsEndpoints = [StoreDefaults.eventsEndpoint]
        public var logOptions = EventLogOptions()
        /// A snapshot is written after this many committed changes (0 = never), so that restart
        /// replays at most this many records.
        public var snapshotEvery = 50_000
        /// How often leases are checked for expiry (`expireLeases(now:)`).
        public var leaseCheckInterval: Duration = .milliseconds(500)
        public var heartbeatInterval: Duration = .seconds(1)
        public init() {}
    }

    public let log: EventLog
    public let server: RPC.Server
    public let publisher: EventStream.Publisher
    /// The revision the change stream started at: event sequence `s` has revision `sequenceBase + s`.
    public let sequenceBase: Int64
    let configuration: Configuration
    let feed: ChangeFeed
    let logger: Logger

    /// Opens (recovering) the log in `directory` and binds the sockets. Throws `EventLogError`
    /// (e.g. `.corrupt` naming file and offset) or a socket error; nothing is left open then.
    public static func open(directory: String, configuration: Configuration = .init(), logger: Logger) async throws -> StoreService {
        let log = try await EventLog.open(directory: directory, options: configuration.logOptions)
        do {
            var pubConfig = EventStream.Publisher.Configuration()
            pubConfig.streams = ["/"]
            pubConfig.heartbeatInterval = configuration.heartbeatInterval
            let publisher = try await EventStream.Publisher(bind: configuration.eventsEndpoints, configuration: pubConfig, logger: logger)
            let feed = ChangeFeed(log: log, publisher: publisher, logger: logger)
            let handlers = StoreHandlers(log: log, publisher: publisher, sequenceBase: feed.sequenceBase)
            let server: RPC.Server
            do {
                server = try await RPC.Server(bind: configuration.rpcEndpoints, methods: handlers.methods, logger: logger)
            } catch {
                await publisher.close()
                throw error
            }
            return StoreService(log: log, server: server, publisher: publisher, feed: feed,
                                configuration: configuration, logger: logger)
        } catch {
            await log.close()
            throw error
        }
    }

    private init(log: EventLog, server: RPC.Server, publisher: EventStream.Publisher, feed: ChangeFeed,
                 configuration: Configuration, logger: Logger) {
        self.log = log
        self.server = server
        self.publisher = publisher
        self.feed = feed
        self.sequenceBase = feed.sequenceBase
        self.configuration = configuration
        self.logger = logger
    }

    /// The bound RPC endpoint (wildcard ports resolved).
    public var rpcEndpoint: String { server.endpoints[0] }
    /// The bound change-stream endpoint.
    public var eventsEndpoint: String { publisher.endpoints[0] }

    /// Revokes the leases whose time is up at `now`; the timer calls it, tests may too.
    @discardableResult
    public func expireLeases(now: ContinuousClock.Instant) async throws -> [EventLog.RevokedLease] {
        let revoked = try await log.expireLeases(now: now)
        for lease in revoked {
            logger.info("lease expired", metadata: ["lease.id": "\(lease.id)", "lease.keys": "\(lease.deleted.count)"])
        }
        return revoked
    }

    public func run() async throws {
        let snapshotter = Snapshotter(log: log, every: configuration.snapshotEvery, logger: logger)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await self.publisher.run() }
            group.addTask { await self.feed.run() }
            group.addTask { await snapshotter.run() }
            group.addTask { await self.runLeaseTimer() }
            defer { group.cancelAll() }
            try await server.run()
            await log.close()
        }
    }

    private func runLeaseTimer() async {
        let interval = configuration.leaseCheckInterval
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                do { try await self.expireLeases(now: .now) } catch let error as EventLogError where error == .closed {
                    return
                } catch {
                    self.logger.warning("lease expiry failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}
