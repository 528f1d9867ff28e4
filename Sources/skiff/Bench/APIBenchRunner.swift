import Client
import Foundation
import Resources
import Synchronization

/// The workloads of `skiff bench api`. Bus calls run as tasks; HTTP calls run on dedicated
/// threads with blocking sockets (``BenchHTTP``), never on the cooperative pool.
struct APIBenchRunner: Sendable {
    let client: APIClient
    let port: UInt16
    let duration: Double

    /// Latency samples per operation name, in nanoseconds.
    final class Samples: Sendable {
        private let samples = Mutex<[String: [UInt64]]>([:])
        func add(_ op: String, _ nanos: UInt64) { samples.withLock { $0[op, default: []].append(nanos) } }
        var all: [String: [UInt64]] { samples.withLock { $0 } }
        func json(seconds: Double, mutations: String...) -> BenchJSON {
            let all = self.all
            let count = mutations.reduce(0) { $0 + (all[$1]?.count ?? 0) }
            var fields: [(String, BenchJSON)] = [("mutations_per_s", .number(Double(count) / seconds, digits: 1))]
            for op in ["create", "get", "update", "delete", "list"] where all[op] != nil {
                fields.append((op, LatencySummary(all[op]!).json))
            }
            let single = ["create", "get", "update", "delete"].flatMap { all[$0] ?? [] }
            fields.append(("single_object_calls", LatencySummary(single).json))
            if let errors = all["error"] { fields.append(("errors", .int(errors.count))) }
            return .object(fields)
        }
    }

    static let namespaces = ["bench-steady", "bench-list", "bench-watch"]

    func prepare() async throws {
        for ns in Self.namespaces {
            do {
                _ = try await client.call(APIRequest(.create, resource: "namespaces",
                                                     body: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(ns)]]))
            } catch {
                // The compiler of Swift 6.3.1 crashes on `catch where` with typed throws here.
                if error.reason != "AlreadyExists" { throw error }
            }
        }
    }

    static func configMap(_ name: String, _ value: String = "v") -> JSON {
        ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name)], "data": ["key": .string(value)]]
    }

    // MARK: Over the bus

    func timed(_ samples: Samples, _ op: String, _ request: APIRequest) async -> APIReply? {
        let t0 = BenchClock.now()
        do {
            let reply = try await client.call(request)
            samples.add(op, BenchClock.now() - t0)
            return reply
        } catch {
            samples.add("error", 0)
            return nil
        }
    }

    /// One object's life over the bus: create, get, update, delete (and a list every tenth).
    func lifecycleBus(_ name: String, _ samples: Samples, list: Bool) async {
        let ns = "bench-steady"
        guard let created = await timed(samples, "create", APIRequest(.create, resource: "configmaps", namespace: ns, body: Self.configMap(name))),
              var object = try? created.object() else { return }
        _ = await timed(samples, "get", APIRequest(.get, resource: "configmaps", namespace: ns, name: name))
        object["data"]["key"] = "w"
        _ = await timed(samples, "update", APIRequest(.update, resource: "configmaps", namespace: ns, name: name, body: object))
        if list { _ = await timed(samples, "list", APIRequest(.list, resource: "configmaps", namespace: ns, query: ["limit": "50"])) }
        _ = await timed(samples, "delete", APIRequest(.delete, resource: "configmaps", namespace: ns, name: name))
    }

    func steadyBus(rate: Double) async throws -> BenchJSON {
        let samples = Samples()
        let lifecycles = Int(rate * duration / 3)
        let interval = Duration.seconds(3 / rate)
        let start = ContinuousClock.now
        await withDiscardingTaskGroup { group in
            for i in 0..<lifecycles {
                try? await Task.sleep(until: start + interval * i, clock: .continuous)
                group.addTask { await lifecycleBus("bs-\(i)", samples, list: i % 10 == 0) }
            }
        }
        let seconds = Double((ContinuousClock.now - start).components.seconds)
        return samples.json(seconds: max(seconds, duration), mutations: "create", "update", "delete")
    }

    func maxBus(callers: Int) async throws -> BenchJSON {
        let samples = Samples()
        let deadline = ContinuousClock.now + .seconds(duration)
        await withDiscardingTaskGroup { group in
            for c in 0..<callers {
                group.addTask {
                    var i = 0
                    while ContinuousClock.now < deadline {
                        await lifecycleBus("bm-\(c)-\(i)", samples, list: false)
                        i += 1
                    }
                }
            }
        }
        return samples.json(seconds: duration, mutations: "create", "update", "delete")
    }

    // MARK: Over HTTP

    static func timedHTTP(_ http: BenchHTTP, _ samples: Samples, _ op: String, _ method: String, _ path: String,
                          _ body: [UInt8]? = nil) -> [UInt8]? {
        let t0 = BenchClock.now()
        guard let (status, reply) = try? http.request(method, path, body: body), status < 300 else {
            samples.add("error", 0)
            return nil
        }
        samples.add(op, BenchClock.now() - t0)
        return reply
    }

    /// One object's life over HTTP on the calling (dedicated) thread.
    static func lifecycleHTTP(_ http: BenchHTTP, _ name: String, _ samples: Samples, list: Bool) {
        let base = "/api/v1/namespaces/bench-steady/configmaps"
        guard let created = timedHTTP(http, samples, "create", "POST", base, configMap(name).serializedBytes()),
              var object = try? JSON.parse(created) else { return }
        _ = timedHTTP(http, samples, "get", "GET", "\(base)/\(name)")
        object["data"]["key"] = "w"
        _ = timedHTTP(http, samples, "update", "PUT", "\(base)/\(name)", object.serializedBytes())
        if list { _ = timedHTTP(http, samples, "list", "GET", "\(base)?limit=50") }
        _ = timedHTTP(http, samples, "delete", "DELETE", "\(base)/\(name)")
    }

    func steadyHTTP(rate: Double) async throws -> BenchJSON {
        let samples = Samples()
        let lifecycles = Int(rate * duration / 3)
        let next = SharedCounter(0)
        let t0 = BenchClock.now()
        let interval = 3 / rate
        let port = self.port
        await withTaskGroup(of: Void.self) { group in
            for w in 0..<8 {
                group.addTask {
                    await onThread("bench-http-\(w)") {
                        guard let http = try? BenchHTTP(port: port) else { return }
                        while true {
                            let i = next.next()
                            guard i < lifecycles else { return }
                            let due = t0 + BenchClock.nanos(Double(i) * interval)
                            let now = BenchClock.now()
                            if due > now { BenchClock.sleepThread(nanoseconds: due - now) }
                            Self.lifecycleHTTP(http, "hs-\(i)", samples, list: i % 10 == 0)
                        }
                    }
                }
            }
        }
        let seconds = Double(BenchClock.now() - t0) / 1e9
        return samples.json(seconds: max(seconds, duration), mutations: "create", "update", "delete")
    }

    func maxHTTP(callers: Int) async throws -> BenchJSON {
        let samples = Samples()
        let deadline = BenchClock.now() + BenchClock.nanos(duration)
        let port = self.port
        await withTaskGroup(of: Void.self) { group in
            for c in 0..<callers {
                group.addTask {
                    await onThread("bench-http-max-\(c)") {
                        guard let http = try? BenchHTTP(port: port) else { return }
                        var i = 0
                        while BenchClock.now() < deadline {
                            Self.lifecycleHTTP(http, "hm-\(c)-\(i)", samples, list: false)
                            i += 1
                        }
                    }
                }
            }
        }
        return samples.json(seconds: duration, mutations: "create", "update", "delete")
    }

    // MARK: Large lists

    /// Five plain and five Table lists over HTTP, on the calling (dedicated) thread.
    static func httpLists(port: UInt16, namespace ns: String) -> ([UInt64], [UInt64]) {
        guard let http = try? BenchHTTP(port: port) else { return ([], []) }
        var plain: [UInt64] = [], tables: [UInt64] = []
        for _ in 0..<5 {
            var t0 = BenchClock.now()
            if (try? http.request("GET", "/api/v1/namespaces/\(ns)/pods")) != nil { plain.append(BenchClock.now() - t0) }
            t0 = BenchClock.now()
            if (try? http.request("GET", "/api/v1/namespaces/\(ns)/pods?limit=500",
                                  accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json")) != nil {
                tables.append(BenchClock.now() - t0)
            }
        }
        return (plain, tables)
    }

    func listPods(_ count: Int) async throws -> BenchJSON {
        let ns = "bench-list"
        let existing = try await client.call(APIRequest(.list, resource: "pods", namespace: ns)).object()["items"]?.array?.count ?? 0
        if existing < count {
            let next = SharedCounter(existing)
            await withDiscardingTaskGroup { group in
                for _ in 0..<32 {
                    group.addTask {
                        while true {
                            let i = next.next()
                            guard i < count else { return }
                            let pod: JSON = ["apiVersion": "v1", "kind": "Pod",
                                             "metadata": ["name": .string("pod-\(i)"), "labels": ["app": "bench", "index": .string(String(i))]],
                                             "spec": ["containers": [["name": "app", "image": "registry.example/app:1.0",
                                                                      "ports": [["containerPort": 8080]],
                                                                      "resources": ["requests": ["cpu": "100m", "memory": "64Mi"]]]]]]
                            _ = try? await client.call(APIRequest(.create, resource: "pods", namespace: ns, body: pod))
                        }
                    }
                }
            }
        }
        var bus: [UInt64] = []
        var items = 0, bytes = 0
        for _ in 0..<5 {
            let t0 = BenchClock.now()
            let reply = try await client.call(APIRequest(.list, resource: "pods", namespace: ns))
            bus.append(BenchClock.now() - t0)
            bytes = reply.body.count
            items = try reply.object()["items"]?.array?.count ?? 0
        }
        let (json, table) = await onThread("bench-http-list") { [port] in Self.httpLists(port: port, namespace: ns) }
        return .object([("items", .int(items)), ("bytes", .int(bytes)), ("bus", LatencySummary(bus).json),
                        ("http_json", LatencySummary(json).json), ("http_table_first_500", LatencySummary(table).json)])
    }

    // MARK: Watch fan-out

    /// One watcher, on its own thread: reads events until it has seen every write.
    static func watch(port: UInt16, path: String, tag: UInt32, writes: Int, deadline: UInt64, connected: SharedCounter,
                      received: Locked<[(String, UInt64)]>) {
        guard let http = try? BenchHTTP(port: port), (try? http.openStream(path)) == 200 else {
            _ = connected.next()
            return
        }
        _ = connected.next()
        var seen = 0
        var mine: [(String, UInt64)] = []
        while seen < writes, BenchClock.now() < deadline, let line = try? http.nextLine() {
            let at = BenchClock.now()
            guard let event = try? JSON.parse(line), let name = event["object"]?["metadata"]?["name"]?.string,
                  name.hasPrefix("w\(tag)-") else { continue }
            mine.append((name, at))
            seen += 1
        }
        received.withLock { $0 += mine }
    }

    func watchFanout(watchers: Int, writes: Int) async throws -> BenchJSON {
        let ns = "bench-watch"
        let rv = try await client.call(APIRequest(.list, resource: "configmaps", namespace: ns)).object()["metadata"]?["resourceVersion"]?.string ?? "0"
        let acked = Locked<[String: UInt64]>([:])
        let received = Locked<[(String, UInt64)]>([])
        let connected = SharedCounter(0)
        let port = self.port
        let tag = UInt32.random(in: 0...UInt32.max)
        let path = "/api/v1/namespaces/\(ns)/configmaps?watch=true&resourceVersion=\(rv)"
        let deadline = BenchClock.now() + BenchClock.nanos(60)
        let client = self.client
        await withTaskGroup(of: Void.self) { group in
            for w in 0..<watchers {
                group.addTask {
                    await onThread("bench-watch-\(w)") {
                        Self.watch(port: port, path: path, tag: tag, writes: writes, deadline: deadline, connected: connected, received: received)
                    }
                }
            }
            group.addTask {
                while connected.value < watchers { try? await Task.sleep(for: .milliseconds(10)) }
                let start = ContinuousClock.now
                for i in 0..<writes {
                    try? await Task.sleep(until: start + .milliseconds(20) * i, clock: .continuous)
                    let name = "w\(tag)-\(i)"
                    if (try? await client.call(APIRequest(.create, resource: "configmaps", namespace: ns, body: Self.configMap(name)))) != nil {
                        let at = BenchClock.now()
                        acked.withLock { $0[name] = at }
                    }
                }
            }
        }
        let ack = acked.withLock { $0 }
        let events = received.withLock { $0 }
        let latencies = events.compactMap { name, at in ack[name].map { at > $0 ? at - $0 : 0 } }
        return .object([("watchers", .int(watchers)), ("writes", .int(writes)), ("events_expected", .int(watchers * ack.count)),
                        ("events_received", .int(events.count)),
                        ("commit_to_watcher", LatencySummary(latencies).json),
                        ("note", .string("latency from the write's acknowledgement to the watcher reading the event; an event read before the writer saw its ack counts as 0"))])
    }
}

/// An atomic counter that closures on other threads can share.
final class SharedCounter: Sendable {
    private let count: Atomic<Int>
    init(_ start: Int) { count = Atomic(start) }
    /// Returns the current value and adds one.
    func next() -> Int { count.add(1, ordering: .relaxed).oldValue }
    var value: Int { count.load(ordering: .relaxed) }
}

/// A value behind a mutex that closures on other threads can share.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<T>(_ body: (inout Value) -> T) -> T { mutex.withLock { body(&$0) } }
}
