import ArgumentParser
import Client
import Foundation
import Resources
import Synchronization

/// `skiff bench scheduler`: scheduler throughput on hollow nodes (issue 5, "Speed"). Starts its
/// own store, API server and scheduler in a scratch directory, creates `--nodes` Node objects
/// (Ready, 32 cpu, 256Gi, 110 pods) straight through the API, then `--pods` pods from
/// `--creators` concurrent callers, and follows the pods until every one is bound. Prints JSON:
/// pods/s bound (first create to last binding seen) and create-to-bound latency.
struct BenchScheduler: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheduler",
        abstract: "Benchmark the scheduler: pods bound per second on hollow nodes."
    )

    @Option(help: "Hollow Node objects to create.")
    var nodes = 500

    @Option(help: "Pods to create.")
    var pods = 10_000

    @Option(help: "Concurrent callers creating pods.")
    var creators = 16

    @Option(help: "The scheduler's --workers (bindings in flight).")
    var workers = 32

    @Option(help: "Seconds to wait for the last binding.")
    var timeout = 300.0

    @Flag(help: "Create every pod before starting the scheduler, and time it from its start to the last binding.")
    var backlog = false

    @Option(help: "The skiff executable to start (default: this one).")
    var skiffBin: String?

    static func note(_ text: String) { Console.error("bench scheduler: " + text) }

    func run() async throws {
        let executable = skiffBin ?? BenchStore.ownExecutable()
        var cluster = try BenchCluster(executable: executable, name: "scheduler")
        try await cluster.startMaster()
        if !backlog { try await cluster.startScheduler(workers: workers) }
        var report: [(String, BenchJSON)] = [
            ("machine", .object([("cpus", .int(ProcessInfo.processInfo.activeProcessorCount))])),
            ("mode", .string(backlog ? "backlog: pods created before the scheduler starts" : "streaming: pods created while the scheduler runs")),
            ("nodes", .int(nodes)), ("pods", .int(pods)), ("creators", .int(creators)), ("scheduler_workers", .int(workers)),
        ]
        let client = try await APIClient(endpoints: [cluster.apiRPC])
        let ownBefore = BenchCluster.ownCPUSeconds()
        do {
            let cpuBefore = cluster.cpuSeconds()
            report += try await measure(client, &cluster)
            let cpuAfter = cluster.cpuSeconds()
            // Where the machine's time went during the run: CPU seconds per process.
            var cpu: [(String, BenchJSON)] = []
            for (name, after) in cpuAfter {
                let before = cpuBefore.first { $0.0 == name }?.1 ?? 0
                cpu.append((name, .number(after - before, digits: 2)))
            }
            cpu.append(("bench_client", .number(BenchCluster.ownCPUSeconds() - ownBefore, digits: 2)))
            report.append(("cpu_seconds", .object(cpu)))
        } catch {
            Self.note("failed: \(error)")
            report.append(("error", .string("\(error)")))
        }
        await client.close()
        await cluster.stop()
        Console.line(BenchJSON.object(report).render())
    }

    static func node(_ i: Int) -> JSON {
        let name = String(format: "hollow-%04d", i)
        let resources: JSON = ["cpu": "32", "memory": "256Gi", "pods": "110"]
        return ["apiVersion": "v1", "kind": "Node",
                "metadata": ["name": .string(name), "labels": ["kubernetes.io/hostname": .string(name), "skiff.io/hollow": "true"]],
                "status": ["capacity": resources, "allocatable": resources,
                           "conditions": [["type": "Ready", "status": "True", "reason": "KubeletReady", "message": "hollow node"]]]]
    }

    static func pod(_ i: Int) -> JSON {
        ["apiVersion": "v1", "kind": "Pod",
         "metadata": ["name": .string("pod-\(i)"), "namespace": "default",
                      "ownerReferences": [["apiVersion": "apps/v1", "kind": "ReplicaSet", "name": .string("rs-\(i % 20)"),
                                           "uid": .string("bench-rs-\(i % 20)"), "controller": true]]],
         "spec": ["containers": [["name": "c", "image": "registry.k8s.io/pause:3.10",
                                  "resources": ["requests": ["cpu": "100m", "memory": "128Mi"]]]]]]
    }

    /// Runs `body(i)` for i in 0..<count from `callers` concurrent tasks.
    static func concurrently(_ count: Int, callers: Int, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        let next = Progress()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<max(1, callers) {
                group.addTask {
                    while true {
                        let i = next.count.add(1, ordering: .relaxed).oldValue
                        if i >= count { return }
                        try await body(i)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    final class Times: Sendable {
        let created = Mutex<[String: UInt64]>([:])
        let bound = Mutex<[String: UInt64]>([:])
        let boundCount = Atomic<Int>(0)
    }

    func measure(_ client: APIClient, _ cluster: inout BenchCluster) async throws -> [(String, BenchJSON)] {
        Self.note("creating \(nodes) nodes…")
        let t0 = BenchClock.now()
        try await Self.concurrently(nodes, callers: creators) { i in
            _ = try await client.call(APIRequest(.create, resource: "nodes", body: Self.node(i)))
        }
        let nodeSeconds = Double(BenchClock.now() - t0) / 1e9
        // Follow the pods the way any watcher would: through the cluster event stream.
        let times = Times()
        let informer = Informer(client: client, events: [cluster.apiEvents], source: .init(resource: "pods", namespace: "default"))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await informer.run { delta in
                    guard case .modified(let old, let new) = delta, old["spec"]?["nodeName"] == nil,
                          new["spec"]?["nodeName"]?.string != nil, let name = new["metadata"]?["name"]?.string else { return }
                    let t = BenchClock.now()
                    times.bound.withLock { $0[name] = t }
                    times.boundCount.add(1, ordering: .relaxed)
                }
            }
            while !informer.hasSynced { try await Task.sleep(for: .milliseconds(10)) }
            Self.note("creating \(pods) pods from \(creators) callers…")
            let start = BenchClock.now()
            let creationErrors = Progress()
            try await Self.concurrently(pods, callers: creators) { i in
                let t = BenchClock.now()
                do {
                    _ = try await client.call(APIRequest(.create, resource: "pods", namespace: "default", body: Self.pod(i)))
                    times.created.withLock { $0["pod-\(i)"] = t }
                } catch {
                    creationErrors.count.add(1, ordering: .relaxed)
                }
            }
            let createdAll = BenchClock.now()
            let created = pods - creationErrors.count.load(ordering: .relaxed)
            Self.note("created \(created) pods in \(String(format: "%.1f", Double(createdAll - start) / 1e9)) s; waiting for bindings…")
            // Backlog: the clock starts when the scheduler process is started.
            var from = start
            if backlog {
                from = BenchClock.now()
                try await cluster.startScheduler(workers: workers)
            }
            let deadline = ContinuousClock.now + .seconds(timeout)
            while times.boundCount.load(ordering: .relaxed) < created && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            group.cancelAll()
            let created_ = times.created.withLock { $0 }, bound = times.bound.withLock { $0 }
            let last = bound.values.max() ?? start
            let seconds = Double(last - from) / 1e9
            let latencies = created_.compactMap { name, t in bound[name].map { $0 &- t } }
            // Over-commit check: no node holds more than its 110 pods or its 32 cpu.
            var perNode: [String: Int] = [:]
            for p in informer.list() { if let n = p["spec"]?["nodeName"]?.string { perNode[n, default: 0] += 1 } }
            let busiest = perNode.values.max() ?? 0
            return [
                ("node_create_seconds", .number(nodeSeconds, digits: 2)),
                ("pod_create_seconds", .number(Double(createdAll - start) / 1e9, digits: 2)),
                ("pod_create_errors", .int(pods - created)),
                ("bound", .int(bound.count)),
                (backlog ? "seconds_scheduler_start_to_last_bound" : "seconds_first_create_to_last_bound", .number(seconds, digits: 2)),
                ("pods_per_s_bound", .number(seconds > 0 ? Double(bound.count) / seconds : 0, digits: 1)),
                ("goal_pods_per_s", .int(1000)),
                ("create_to_bound", LatencySummary(latencies).json),
                ("nodes_used", .int(perNode.count)),
                ("most_pods_on_one_node", .int(busiest)),
            ]
        }
    }
}

extension BenchCluster {
    mutating func startScheduler(workers: Int) async throws {
        try await launch("scheduler", ["scheduler", "--api", apiRPC, "--api-events", apiEvents, "--workers", String(workers)])
    }
}
