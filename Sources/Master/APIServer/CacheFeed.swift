import Bus
import Client
import Foundation
import Logging
import Resources
import Store

/// Keeps the ``SharedCache`` equal to the store's registry and publishes every change on the
/// cluster event stream: subscribe to the store's change stream, snapshot `/registry/`, apply
/// the changes after it (the Clone pattern, `EventStream.Replica`), and start over whenever the
/// subscriber lost messages.
struct CacheFeed: Sendable {
    let store: StoreClient
    let storeEvents: [String]
    let cache: SharedCache
    let publisher: EventStream.Publisher
    let logger: Logger

    /// Runs until cancelled.
    func run() async throws {
        let subscriber = try await EventStream.Subscriber(connect: storeEvents, streams: [StoreProtocol.stream],
                                                          logger: logger)
        defer { Task { await subscriber.close() } }
        let replica = EventStream.Replica(subscriber: subscriber) { [store] in
            try await Self.snapshot(store)
        }
        let decoder = JSONDecoder()
        for try await update in replica {
            switch update {
            case .reset(let revision, let entries):
                let changes = cache.write { $0.reset(revision: Int64(revision), objects: entries) }
                logger.info("registry loaded", metadata: ["store.revision": "\(revision)", "objects": "\(entries.count)",
                                                          "changes": "\(changes.count)"])
                publish(changes)
            case .event(let event):
                guard let record = try? decoder.decode(StoreMessages.Record.self, from: Data(event.body)) else {
                    logger.warning("undecodable store change", metadata: ["store.revision": "\(event.revision)"])
                    continue
                }
                var value: JSON? = nil
                if record.type == .put {
                    guard let data = record.value, let json = try? JSON.parse(Array(data)), json.object != nil else {
                        logger.warning("store value is not a JSON object; ignored", metadata: ["key": "\(record.key)"])
                        cache.write { _ = $0.apply(revision: record.revision, key: "", value: nil) }
                        continue
                    }
                    value = json
                }
                if let change = cache.write({ $0.apply(revision: record.revision, key: record.key, value: value) }) {
                    publish([change])
                }
            }
        }
    }

    private func publish(_ changes: [ObjectCache.Change]) {
        for c in changes {
            let body = c.event.encoded()
            publisher.publish(topic: ClusterEvent.topic(resource: c.key.resource, namespace: c.key.namespace, name: c.key.name),
                              revision: UInt64(c.revision), body: body)
            if let copy = c.nodeCopy {
                publisher.publish(topic: ClusterEvent.nodeTopic(node: copy.node, namespace: c.key.namespace, name: c.key.name),
                                  revision: UInt64(c.revision), body: copy.event.encoded())
            }
        }
    }

    /// Every object under `/registry/`, read in pages; the revision is the first page's. Pages
    /// read later may already contain newer versions; the cache skips events at or below an
    /// object's modRevision, so the two converge.
    static func snapshot(_ store: StoreClient) async throws -> (revision: UInt64, snapshot: [ObjectCache.Entry]) {
        var entries: [ObjectCache.Entry] = []
        var after: String? = nil
        var revision: Int64? = nil
        while true {
            let page = try await store.range(StoreMessages.RangeRequest(key: RegistryKey.root, prefix: true,
                                                                        limit: 2000, after: after))
            if revision == nil { revision = page.revision }
            for kv in page.kvs {
                guard let key = RegistryKey(parsing: kv.key), var object = try? JSON.parse(Array(kv.value)),
                      object.object != nil else { continue }
                object.resourceVersion = String(kv.modRevision)
                entries.append(ObjectCache.Entry(key: key, object: object, modRevision: kv.modRevision))
            }
            guard page.more, let last = page.kvs.last else { break }
            after = last.key
        }
        return (UInt64(revision ?? 0), entries)
    }
}
