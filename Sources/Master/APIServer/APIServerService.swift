import Bus
import Client
import Logging
import Resources
import ServiceLifecycle
import Store

/// `skiff apiserver`: the Kubernetes API semantics over the store (DESIGN.md §5,
/// `proto-docs/apiserver.md`). The only writer to the store; serves SKIFF-API/1 over the bus
/// and publishes the cluster event stream.
///
/// Guarantees: a read answered after a write this server acknowledged sees that write; every
/// committed change of `/registry/` is published exactly once per connected subscriber's
/// stream (a resync of the store stream republishes the difference, so subscribers converge).
public final class APIServerService: Service, Sendable {
    public struct Configuration: Sendable {
        public var rpcEndpoints = [APIDefaults.rpcEndpoint]
        public var eventsEndpoints = [APIDefaults.eventsEndpoint]
        public var storeEndpoints = [StoreDefaults.rpcEndpoint]
        public var storeEventsEndpoints = [StoreDefaults.eventsEndpoint]
        /// Changes kept per resource for watches that start in the past.
        public var watchCacheSize = 10_000
        /// Where Services' ClusterIPs come from.
        public var serviceClusterIPRange = "10.96.0.0/12"
        /// Where node ports come from.
        public var serviceNodePortRange: ClosedRange<Int64> = 30000...32767
        /// The namespaces that exist from the start.
        public var initialNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"]
        /// What new pods tolerate of a not-ready or unreachable node.
        public var defaultTolerationSeconds = DefaultTolerationSeconds()
        public init() {}
    }

    public let server: RPC.Server
    public let publisher: EventStream.Publisher
    let handlers: APIHandlers
    let feed: CacheFeed
    let cleanupWork: AsyncStream<Cleanup>
    let configuration: Configuration
    let logger: Logger
    /// Finishes once bootstrap is done; every waiter's loop then ends.
    let bootstrapped = AsyncStream.makeStream(of: Never.self)

    public static func start(configuration: Configuration = .init(), logger: Logger) async throws -> APIServerService {
        let registry = ResourceRegistry.builtIn
        guard let serviceRange = ServiceAllocator.Range(cidr: configuration.serviceClusterIPRange) else {
            throw StatusError.badRequest("--service-cluster-ip-range: \(configuration.serviceClusterIPRange) is not an IPv4 CIDR between /8 and /30")
        }
        let store = try await StoreClient(endpoints: configuration.storeEndpoints)
        var publisherConfiguration = EventStream.Publisher.Configuration()
        publisherConfiguration.streams = registry.types.map { ClusterEvent.stream(resource: $0.plural) }
        let publisher: EventStream.Publisher
        do {
            publisher = try await EventStream.Publisher(bind: configuration.eventsEndpoints,
                                                        configuration: publisherConfiguration, logger: logger)
        } catch {
            await store.close()
            throw error
        }
        let cache = SharedCache(historyLimit: configuration.watchCacheSize)
        let (work, sink) = AsyncStream.makeStream(of: Cleanup.self)
        let allocator = ServiceAllocator(range: serviceRange, nodePorts: configuration.serviceNodePortRange)
        let handlers = APIHandlers(registry: registry, store: store, cache: cache, logger: logger, cleanup: sink,
                                   services: allocator, tolerationSeconds: configuration.defaultTolerationSeconds)
        var methods: [String: RPC.Handler] = [:]
        let requestMetrics = RequestMetrics()
        for verb in APIRequest.Verb.allCases { methods[verb.rawValue] = requestMetrics.instrument(verb.rawValue, handlers.handler(for: verb)) }
        methods[MetricsReport.method] = requestMetrics.instrument(MetricsReport.method, handlers.metricsReportHandler())
        methods[PrometheusText.rpcMethod] = requestMetrics.handler(metrics: handlers.metrics)
        let server: RPC.Server
        do {
            server = try await RPC.Server(bind: configuration.rpcEndpoints, methods: methods, logger: logger)
        } catch {
            await publisher.close()
            await store.close()
            throw error
        }
        let feed = CacheFeed(store: store, storeEvents: configuration.storeEventsEndpoints, cache: cache,
                             publisher: publisher, logger: logger)
        return APIServerService(server: server, publisher: publisher, handlers: handlers, feed: feed,
                                cleanupWork: work, configuration: configuration, logger: logger)
    }

    private init(server: RPC.Server, publisher: EventStream.Publisher, handlers: APIHandlers, feed: CacheFeed,
                 cleanupWork: AsyncStream<Cleanup>, configuration: Configuration, logger: Logger) {
        self.server = server
        self.publisher = publisher
        self.handlers = handlers
        self.feed = feed
        self.cleanupWork = cleanupWork
        self.configuration = configuration
        self.logger = logger
    }

    public var rpcEndpoint: String { server.endpoints[0] }
    public var eventsEndpoint: String { publisher.endpoints[0] }

    /// Returns once the cache holds the registry (the store answered and the stream is live).
    public func waitUntilReady() async {
        while !Task.isCancelled {
            if await handlers.cache.waitFor(revision: 0, timeout: .seconds(1)) { return }
        }
    }

    /// Returns once the registry is loaded and the initial namespaces exist: from then on the
    /// API server answers as a cluster's would.
    public func waitUntilBootstrapped() async {
        for await _ in bootstrapped.stream { return }
    }

    public func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await self.publisher.run() }
            group.addTask {
                while !Task.isCancelled {
                    do { try await self.feed.run() } catch is CancellationError { return } catch {
                        self.logger.warning("store change feed stopped; restarting", metadata: ["error": "\(error)"])
                        try? await Task.sleep(for: .milliseconds(200))
                    }
                }
            }
            group.addTask { await self.handlers.runCleanup(self.cleanupWork) }
            group.addTask {
                await self.waitUntilReady()
                await self.bootstrap()
                self.bootstrapped.continuation.finish()
                await self.handlers.resumeCleanup()
            }
            defer {
                handlers.cleanup.finish()
                group.cancelAll()
            }
            try await server.run()
            await handlers.store.close()
        }
    }

    /// Creates the initial namespaces that do not exist yet.
    private func bootstrap() async {
        for name in configuration.initialNamespaces {
            let request = APIRequest(.create, resource: "namespaces",
                                     body: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)]])
            do {
                _ = try await handlers.handle(request)
                logger.info("created namespace", metadata: ["namespace": "\(name)"])
            } catch let e as StatusError where e.reason == "AlreadyExists" {
                continue
            } catch {
                logger.warning("could not create namespace", metadata: ["namespace": "\(name)", "error": "\(error)"])
            }
        }
    }
}
