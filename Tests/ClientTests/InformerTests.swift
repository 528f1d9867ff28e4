import Client
import Resources
import SkiffTestSupport
import Synchronization
import Testing

/// Informers and the work queue against a real store and API server.
@Suite(.serialized) struct InformerTests {
    final class Log: Sendable {
        let lines = Mutex<[String]>([])
        func add(_ s: String) { lines.withLock { $0.append(s) } }
        var all: [String] { lines.withLock { $0 } }
    }

    static func describe(_ d: Informer.Delta) -> String {
        switch d {
        case .added(let o): "added \(Informer.Key(o))"
        case .modified(_, let o): "modified \(Informer.Key(o))"
        case .deleted(let o): "deleted \(Informer.Key(o))"
        case .synced: "synced"
        }
    }

    @Test func anInformerListsThenFollowsAndRelistsAfterTheAPIServerRestarts() async throws {
        let cluster = try await TestCluster.start()
        let api = try await APIClient(endpoints: [cluster.apiRPC])
        _ = try await api.call(APIRequest(.create, resource: "configmaps", namespace: "default", body: ["metadata": ["name": "before"]]))
        let informer = Informer(client: api, events: [cluster.apiEvents], source: .init(resource: "configmaps", namespace: "default"))
        let log = Log()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await informer.run { log.add(Self.describe($0)) } }
            try await eventually(.seconds(90), "the first sync") { informer.hasSynced }
            #expect(log.all == ["added default/before", "synced"])
            _ = try await api.call(APIRequest(.create, resource: "configmaps", namespace: "default", body: ["metadata": ["name": "after"]]))
            _ = try await api.call(APIRequest(.delete, resource: "configmaps", namespace: "default", name: "before"))
            try await eventually(.seconds(90), "the live changes") { log.all.count == 4 }
            #expect(log.all.suffix(2) == ["added default/after", "deleted default/before"])
            #expect(informer.list().compactMap { $0["metadata"]?["name"]?.string } == ["after"])

            // While the API server is down a change is made through a second one; the informer
            // relists when the stream comes back and reports the difference.
            try await cluster.restartAPIServer()
            _ = try await api.call(APIRequest(.create, resource: "configmaps", namespace: "default", body: ["metadata": ["name": "third"]]))
            try await eventually(.seconds(60), "the change after the restart") { informer.get(.init(namespace: "default", name: "third")) != nil }
            group.cancelAll()
        }
        await api.close()
        try await cluster.stop()
    }

    @Test func aNodeInformerSeesOnlyThatNodesPods() async throws {
        let cluster = try await TestCluster.start()
        let api = try await APIClient(endpoints: [cluster.apiRPC])
        func pod(_ name: String) -> JSON {
            ["metadata": ["name": .string(name)], "spec": ["containers": [["name": "c", "image": "busybox"]]]]
        }
        for name in ["mine", "theirs", "floating"] {
            _ = try await api.call(APIRequest(.create, resource: "pods", namespace: "default", body: pod(name)))
        }
        for (name, node) in [("mine", "n1"), ("theirs", "n2")] {
            _ = try await api.call(APIRequest(.create, resource: "pods", subresource: "binding", namespace: "default", name: name,
                                              body: ["target": ["name": .string(node)]]))
        }
        let informer = Informer(client: api, events: [cluster.apiEvents], source: .pods(onNode: "n1"))
        let log = Log()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await informer.run { log.add(Self.describe($0)) } }
            try await eventually(.seconds(90), "the first sync") { informer.hasSynced }
            _ = try await api.call(APIRequest(.create, resource: "pods", subresource: "binding", namespace: "default", name: "floating",
                                              body: ["target": ["name": "n1"]]))
            try await eventually(.seconds(90), "the newly bound pod") { log.all.count == 3 }
            #expect(log.all == ["added default/mine", "synced", "added default/floating"])
            group.cancelAll()
        }
        await api.close()
        try await cluster.stop()
    }

    @Test func theWorkQueueHandsEachKeyToOneWorkerAndRetriesWithBackOff() async throws {
        let queue = WorkQueue<String>(baseDelay: .milliseconds(1), maxDelay: .milliseconds(20))
        let seen = Log()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await queue.run() }
            group.addTask {
                while let key = await queue.next() {
                    seen.add(key)
                    // "flaky" fails twice, then succeeds.
                    if key == "flaky", seen.all.filter({ $0 == "flaky" }).count < 3 {
                        queue.addRateLimited(key)
                    } else {
                        queue.forget(key)
                    }
                    queue.done(key)
                }
            }
            queue.add("a")
            queue.add("flaky")
            queue.add("a")
            try? await eventually(.seconds(90), "three tries of flaky") { seen.all.filter { $0 == "flaky" }.count == 3 }
            group.cancelAll()
        }
        #expect(seen.all.filter { $0 == "flaky" }.count == 3)
        #expect(seen.all.filter { $0 == "a" }.count >= 1)
    }
}
