import Bus
import Logging
import Resources
import Synchronization

/// A local, eventually-consistent copy of one resource (or of one node's pods), kept by the
/// Clone pattern: subscribe to the cluster stream, list through the API server, apply the events
/// after the list's revision, list again whenever the stream lost messages (client-go's
/// reflector + store, over SKIFF-EVENTS/1).
///
/// Handlers receive every change as a ``Delta``, in revision order; after each (re)list they get
/// the difference from what they had, so they never miss a deletion. Reads of ``cache`` are
/// thread-safe and never touch the network.
public final class Informer: Sendable {
    /// An object's identity within its resource.
    public struct Key: Hashable, Sendable, Comparable, CustomStringConvertible {
        public var namespace: String
        public var name: String
        public init(namespace: String = "", name: String) {
            self.namespace = namespace
            self.name = name
        }
        public init(_ object: JSON) {
            self.init(namespace: object["metadata"]?["namespace"]?.string ?? "", name: object["metadata"]?["name"]?.string ?? "")
        }
        public static func < (a: Key, b: Key) -> Bool { (a.namespace, a.name) < (b.namespace, b.name) }
        public var description: String { namespace.isEmpty ? name : "\(namespace)/\(name)" }
    }

    public enum Delta: Sendable {
        case added(JSON)
        case modified(old: JSON, new: JSON)
        case deleted(JSON)
        /// The cache holds a complete list (sent after the first list and after every relist).
        case synced
    }

    /// What to follow.
    public struct Source: Sendable {
        public var group: String
        public var version: String
        public var resource: String
        public var namespace: String?
        /// Sent with the list (e.g. `spec.nodeName=node-1` for a node's pods).
        public var fieldSelector: String?
        /// The stream to subscribe: `<resource>/` by default, `pods@node/<node>/` for a node.
        public var stream: String

        public init(group: String = "", version: String = "v1", resource: String, namespace: String? = nil,
                    fieldSelector: String? = nil, stream: String? = nil) {
            self.group = group
            self.version = version
            self.resource = resource
            self.namespace = namespace
            self.fieldSelector = fieldSelector
            self.stream = stream ?? ClusterEvent.stream(resource: resource)
        }

        /// The pods bound to one node: its own stream and the matching list.
        public static func pods(onNode node: String) -> Source {
            Source(resource: "pods", fieldSelector: "spec.nodeName=\(node)", stream: ClusterEvent.nodeStream(node: node))
        }
    }

    public let source: Source
    let client: APIClient
    let eventEndpoints: [String]
    let logger: Logger
    private let state = Mutex<[Key: JSON]>([:])
    private let syncedOnce = Atomic<Bool>(false)

    public init(client: APIClient, events: [String] = [APIDefaults.eventsEndpoint], source: Source,
                logger: Logger = Logger(label: "skiff.informer")) {
        self.client = client
        self.eventEndpoints = events
        self.source = source
        self.logger = logger
    }

    /// The object with this key, from the local copy.
    public func get(_ key: Key) -> JSON? { state.withLock { $0[key] } }
    /// Every object of the local copy (in one namespace, if given), ordered by key.
    public func list(namespace: String? = nil) -> [JSON] {
        state.withLock { s in
            s.filter { namespace == nil || $0.key.namespace == namespace }.sorted { $0.key < $1.key }.map(\.value)
        }
    }
    /// True once the first list has been applied.
    public var hasSynced: Bool { syncedOnce.load(ordering: .acquiring) }

    /// Follows `source` until cancelled, calling `handler` for every change, one at a time; after
    /// a failure (logged) a fresh informer starts over a second later, with a fresh list.
    public static func follow(client: APIClient, events: [String], source: Source, logger: Logger,
                              _ handler: @Sendable (Delta) async -> Void) async {
        await Informer(client: client, events: events, source: source, logger: logger).follow(handler)
    }

    /// ``run(_:)`` until cancelled: after a failure (logged) it starts over a second later, with
    /// a fresh list (whose reset replaces the local copy).
    public func follow(_ handler: @Sendable (Delta) async -> Void) async {
        while !Task.isCancelled {
            do {
                try await run(handler)
            } catch {
                if Task.isCancelled { return }
                logger.warning("informer failed; following again", metadata: ["resource": "\(source.resource)", "error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Follows the source until cancelled, calling `handler` for every change, one at a time.
    public func run(_ handler: @Sendable (Delta) async -> Void) async throws {
        let subscriber = try await EventStream.Subscriber(connect: eventEndpoints, streams: [source.stream], logger: logger)
        do {
            let replica = EventStream.Replica(subscriber: subscriber) { [client, source] in
                try await Self.snapshot(client, source)
            }
            for try await update in replica {
                switch update {
                case .reset(_, let objects):
                    for delta in replace(with: objects) { await handler(delta) }
                    syncedOnce.store(true, ordering: .releasing)
                    await handler(.synced)
                case .event(let e):
                    guard let event = try? ClusterEvent(decoding: e.body) else {
                        logger.warning("undecodable cluster event", metadata: ["topic": "\(e.topic)"])
                        continue
                    }
                    if let ns = source.namespace, Key(event.object).namespace != ns { continue }
                    if let delta = apply(event) { await handler(delta) }
                }
            }
        } catch {
            await subscriber.close()
            throw error
        }
        await subscriber.close()
    }

    static func snapshot(_ client: APIClient, _ source: Source) async throws -> (revision: UInt64, snapshot: [JSON]) {
        var query: [String: String] = [:]
        if let f = source.fieldSelector { query["fieldSelector"] = f }
        let list = try await client.call(APIRequest(.list, group: source.group, version: source.version, resource: source.resource,
                                                    namespace: source.namespace, query: query)).object()
        let revision = UInt64(list["metadata"]?["resourceVersion"]?.string ?? "0") ?? 0
        return (revision, list["items"]?.array ?? [])
    }

    private func replace(with objects: [JSON]) -> [Delta] {
        state.withLock { s in
            var fresh: [Key: JSON] = [:]
            for o in objects { fresh[Key(o)] = o }
            var deltas: [Delta] = []
            for (k, old) in s.sorted(by: { $0.key < $1.key }) where fresh[k] == nil { deltas.append(.deleted(old)) }
            for (k, new) in fresh.sorted(by: { $0.key < $1.key }) {
                if let old = s[k] {
                    if old["metadata"]?["resourceVersion"] != new["metadata"]?["resourceVersion"] { deltas.append(.modified(old: old, new: new)) }
                } else {
                    deltas.append(.added(new))
                }
            }
            s = fresh
            return deltas
        }
    }

    private func apply(_ event: ClusterEvent) -> Delta? {
        let key = Key(event.object)
        return state.withLock { s in
            switch event.type {
            case .added, .modified:
                let old = s.updateValue(event.object, forKey: key)
                return old.map { .modified(old: $0, new: event.object) } ?? .added(event.object)
            case .deleted:
                guard s.removeValue(forKey: key) != nil else { return nil }
                return .deleted(event.object)
            }
        }
    }
}
