import Client
import Foundation
import Logging
import Resources
import ServiceLifecycle
import Synchronization

/// `skiff dns` as a `Service`: follows namespaces, services, endpoints and endpoint slices
/// through informers into a ``ClusterIndex`` and serves it with a ``DNSServer`` until shutdown.
/// The sockets are bound from the start, but queries are read only once every informer has
/// listed: a query sent earlier waits in the socket buffer rather than getting a false NXDOMAIN.
public final class DNSService: Service, Sendable {
    public static let resources: [Informer.Source] = [
        Informer.Source(resource: "namespaces"),
        Informer.Source(resource: "services"),
        Informer.Source(resource: "endpoints"),
        Informer.Source(group: "discovery.k8s.io", version: "v1", resource: "endpointslices"),
    ]

    public let server: DNSServer
    let client: APIClient
    let events: [String]
    let logger: Logger
    let index: IndexStore
    let synced = Mutex<Set<String>>([])

    public init(server: DNSServer, client: APIClient, events: [String], index: IndexStore, logger: Logger) {
        self.server = server
        self.client = client
        self.events = events
        self.index = index
        self.logger = logger
    }

    /// True once every resource has been listed.
    public var hasSynced: Bool { synced.withLock { $0.count == Self.resources.count } }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                for source in Self.resources {
                    group.addTask { await self.follow(source) }
                }
                group.addTask {
                    while !self.hasSynced && !Task.isCancelled { try? await Task.sleep(for: .milliseconds(20)) }
                    if !Task.isCancelled { self.server.start() }
                }
            }
        }
        await server.stop()
        await client.close()
        logger.info("dns stopped")
    }

    /// Applies one resource's changes to the index, starting over after a failure.
    private func follow(_ source: Informer.Source) async {
        await Informer.follow(client: client, events: events, source: source, logger: logger) { delta in
            let now = UInt32(clamping: Int(Date().timeIntervalSince1970))
            self.index.update { index in
                switch delta {
                case .added(let o): index.upsert(source.resource, o, now: now)
                case .modified(_, let o): index.upsert(source.resource, o, now: now)
                case .deleted(let o): index.remove(source.resource, o, now: now)
                case .synced: break
                }
            }
            if case .synced = delta { self.synced.withLock { _ = $0.insert(source.resource) } }
        }
    }
}
