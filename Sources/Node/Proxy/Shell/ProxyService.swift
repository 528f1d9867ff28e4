import Client
import Logging
import NIOCore
import NIOPosix
import Resources
import ServiceLifecycle
import Synchronization

/// `skiff proxy` as a `Service`: informers on Services, EndpointSlices and Endpoints feed a
/// ``ServiceCatalog``; every change enqueues the one key `sync`, and a single worker turns the
/// catalog into a ``ListenerPlan`` and carries it out — endpoints swapped into the live
/// ``ServiceBackends`` (listeners stay open), ClusterIP addresses added to and removed from the
/// ``AddressDevice``, listeners opened and closed, and — with a kernel table — the
/// ``KernelRuleset`` written for the ports the kernel carries. A resync every few seconds retries what
/// failed (a port another program held) and re-adds addresses someone removed.
public final class ProxyService: Service, Sendable {
    public struct Configuration: Sendable {
        public var nodeName: String
        /// The device holding ClusterIPs; nil: ClusterIPs are not served (not root).
        public var device: String?
        /// Where node ports listen: `0.0.0.0` as root, `127.0.0.1` otherwise.
        public var nodePortAddress: String
        public var udpIdleSeconds: Double
        public var resync: Duration
        /// The service range, made unreachable in the host's table beside the device's addresses.
        public var serviceCIDR: String
        /// The nftables table carrying ClusterIP traffic in the kernel (``KernelRuleset``); nil:
        /// every connection goes through the userspace listeners.
        public var kernelTable: String?
        /// Whether the kernel also carries traffic routed in from pod bridges (needs
        /// `bridge-nf-call-iptables`).
        public var kernelPodTraffic: Bool

        public init(nodeName: String, device: String?, nodePortAddress: String, udpIdleSeconds: Double = 30,
                    resync: Duration = .seconds(5), serviceCIDR: String = "10.96.0.0/12",
                    kernelTable: String? = nil, kernelPodTraffic: Bool = false) {
            self.nodeName = nodeName
            self.kernelTable = kernelTable
            self.kernelPodTraffic = kernelPodTraffic
            self.serviceCIDR = serviceCIDR
            self.device = device
            self.nodePortAddress = nodePortAddress
            self.udpIdleSeconds = udpIdleSeconds
            self.resync = resync
        }
    }

    public static let resources: [Informer.Source] = [
        Informer.Source(resource: "services"),
        Informer.Source(resource: "endpoints"),
        Informer.Source(group: "discovery.k8s.io", version: "v1", resource: "endpointslices"),
    ]

    public let configuration: Configuration
    let client: APIClient
    let events: [String]
    let logger: Logger
    let catalog = Mutex(ServiceCatalog())
    let queue = WorkQueue<String>(baseDelay: .milliseconds(50), maxDelay: .seconds(5))
    let synced = Mutex<Set<String>>([])
    let applied = Atomic<Bool>(false)

    public init(configuration: Configuration, client: APIClient, events: [String], logger: Logger) {
        self.configuration = configuration
        self.client = client
        self.events = events
        self.logger = logger
    }

    /// True once every informer has listed and the first plan has been carried out.
    public var hasSynced: Bool { applied.load(ordering: .acquiring) }

    public func run() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, System.coreCount))
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { tasks in
                for source in Self.resources {
                    tasks.addTask { await self.follow(source) }
                }
                tasks.addTask { await self.queue.run() }
                tasks.addTask { await self.work(group: group) }
                // One resync ticker (a delayed add after each sync would start a new chain per event).
                tasks.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: self.configuration.resync)
                        self.queue.add("sync")
                    }
                }
            }
        }
        try? await group.shutdownGracefully()
        await client.close()
        logger.info("proxy stopped")
    }

    /// Applies one resource's changes to the catalog, starting over after a failure.
    private func follow(_ source: Informer.Source) async {
        await Informer.follow(client: client, events: events, source: source, logger: logger) { delta in
            self.catalog.withLock { catalog in
                switch delta {
                case .added(let o), .modified(_, let o): catalog.upsert(source.resource, o)
                case .deleted(let o): catalog.remove(source.resource, o)
                case .synced: break
                }
            }
            if case .synced = delta { self.synced.withLock { _ = $0.insert(source.resource) } }
            self.queue.add("sync")
        }
    }

    /// The single worker: one sync at a time, until the queue shuts down.
    private func work(group: EventLoopGroup) async {
        let dataplane = Dataplane(configuration: configuration, group: group, logger: logger)
        while let key = await queue.next() {
            if synced.withLock({ $0.count }) == Self.resources.count {
                let rules = catalog.withLock { $0.rules() }
                await dataplane.apply(rules)
                applied.store(true, ordering: .releasing)
            }
            queue.done(key)
        }
        await dataplane.closeAll()
    }
}
