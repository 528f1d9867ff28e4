import ArgumentParser
import Client
import Foundation
import Resources
import Synchronization

/// `skiff bench controllers`: the controller manager's throughput on hollow nodes (issue 6,
/// "Speed"). Starts its own store, API server, scheduler and controller manager (deployment,
/// replicaset, job) in a scratch directory, creates `--nodes` hollow Node objects, and runs a
/// **hollow kubelet pool** in this process — kubemark's hollow kubelet with a fake runtime, for
/// every hollow node at once: it follows pods through the API server's event stream and, for each
/// one bound to a hollow node, writes the status a kubelet would (Running with Ready, or
/// Succeeded with exit code 0 for a pod whose first container's command is `["true"]`), and
/// finishes graceful deletions (a delete with grace 0, as a kubelet does once its containers have
/// stopped). Then it times: a Deployment scaled from 0 to `--replicas` until every pod is
/// Running; a rolling update of it until the Deployment reports every replica updated and
/// available with no old one left; `--jobs` one-pod Jobs until each is Complete. Prints JSON.
struct BenchControllers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "controllers",
        abstract: "Benchmark the controller manager: a Deployment scaled to thousands of pods, a rolling update, many Jobs, on hollow nodes.",
        discussion: """
            Pods on the hollow nodes are run by a hollow kubelet pool inside the benchmark: it writes each bound \
            pod's status (Running and Ready; Succeeded for a container command ["true"]) and completes graceful \
            deletions, like kubemark's hollow kubelet with a fake runtime. No processes run for pods.
            """
    )

    @Option(help: "Hollow Node objects to create.")
    var nodes = 200

    @Option(help: "The Deployment's replicas after scaling up from 0.")
    var replicas = 5_000

    @Option(help: "One-pod Jobs to run to completion.")
    var jobs = 1_000

    @Option(help: "Concurrent callers creating Jobs and nodes.")
    var creators = 16

    @Option(help: "Concurrent status writers in the hollow kubelet pool.")
    var kubeletWorkers = 32

    @Option(help: "The scheduler's --workers (bindings in flight).")
    var schedulerWorkers = 32

    @Option(help: "Seconds to wait for each stage.")
    var timeout = 600.0

    @Option(help: "The skiff executable to start (default: this one).")
    var skiffBin: String?

    static func note(_ text: String) { Console.error("bench controllers: " + text) }

    func run() async throws {
        let executable = skiffBin ?? BenchStore.ownExecutable()
        var cluster = try BenchCluster(executable: executable, name: "controllers")
        var report: [(String, BenchJSON)] = [
            ("machine", .object([("cpus", .int(ProcessInfo.processInfo.activeProcessorCount))])),
            ("nodes", .int(nodes)), ("replicas", .int(replicas)), ("jobs", .int(jobs)),
            ("hollow_kubelet", .string("in-process pool: status writes for bound pods, grace-0 deletes for terminating ones")),
        ]
        do {
            try await cluster.startMaster()
            try await cluster.startScheduler(workers: schedulerWorkers)
            try await cluster.launch("controller-manager", ["controller-manager", "--api", cluster.apiRPC, "--api-events", cluster.apiEvents,
                                                            "--controllers", "deployment,replicaset,job"])
        } catch {
            Self.note("cannot start the cluster: \(error)")
            await cluster.stop()
            throw ExitCode(1)
        }
        let client = try await APIClient(endpoints: [cluster.apiRPC])
        let ownBefore = BenchCluster.ownCPUSeconds()
        do {
            let cpuBefore = cluster.cpuSeconds()
            report += try await measure(client, cluster)
            let cpuAfter = cluster.cpuSeconds()
            var cpu: [(String, BenchJSON)] = []
            for (name, after) in cpuAfter {
                let before = cpuBefore.first { $0.0 == name }?.1 ?? 0
                cpu.append((name, .number(after - before, digits: 2)))
            }
            cpu.append(("bench_client_and_hollow_kubelets", .number(BenchCluster.ownCPUSeconds() - ownBefore, digits: 2)))
            report.append(("cpu_seconds", .object(cpu)))
        } catch {
            Self.note("failed: \(error)")
            report.append(("error", .string("\(error)")))
        }
        // Failed writes of the controllers, as their Events tell (a create that timed out under load).
        if let events = try? await client.call(APIRequest(.list, resource: "events", namespace: "default")).object() {
            let failed = (events["items"]?.array ?? []).filter { ($0["reason"]?.string ?? "").hasPrefix("Failed") }
            report.append(("controller_failed_events", .int(failed.count)))
            if let first = failed.first?["message"]?.string { report.append(("first_failed_event", .string(first))) }
        }
        await client.close()
        await cluster.stop()
        Console.line(BenchJSON.object(report).render())
    }

    // MARK: Objects

    static func deployment(replicas: Int) -> JSON {
        ["apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "bench", "namespace": "default"],
         "spec": ["replicas": .int(Int64(replicas)), "selector": ["matchLabels": ["app": "bench"]],
                  "template": ["metadata": ["labels": ["app": "bench"]],
                               "spec": ["terminationGracePeriodSeconds": 30,
                                        "containers": [["name": "c", "image": "registry.k8s.io/pause:3.10",
                                                        "resources": ["requests": ["cpu": "10m", "memory": "16Mi"]]]]]]]]
    }

    static func job(_ i: Int) -> JSON {
        ["apiVersion": "batch/v1", "kind": "Job", "metadata": ["name": .string("bench-job-\(i)"), "namespace": "default"],
         "spec": ["completions": 1, "parallelism": 1, "backoffLimit": 0,
                  "template": ["spec": ["restartPolicy": "Never",
                                        "containers": [["name": "c", "image": "busybox", "command": ["true"],
                                                        "resources": ["requests": ["cpu": "10m", "memory": "16Mi"]]]]]]]]
    }

    // MARK: Stages

    func measure(_ client: APIClient, _ cluster: BenchCluster) async throws -> [(String, BenchJSON)] {
        Self.note("creating \(nodes) hollow nodes…")
        try await BenchScheduler.concurrently(nodes, callers: creators) { i in
            _ = try await client.call(APIRequest(.create, resource: "nodes", body: BenchScheduler.node(i)))
        }
        let hollow = HollowKubelets(client: client, events: [cluster.apiEvents], workers: kubeletWorkers)
        let deployments = Informer(client: client, events: [cluster.apiEvents],
                                   source: .init(group: "apps", resource: "deployments", namespace: "default"))
        let jobsInformer = Informer(client: client, events: [cluster.apiEvents],
                                    source: .init(group: "batch", resource: "jobs", namespace: "default"))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await hollow.run() }
            group.addTask { try await deployments.run { _ in } }
            group.addTask { try await jobsInformer.run { _ in } }
            while !(hollow.pods.hasSynced && deployments.hasSynced && jobsInformer.hasSynced) {
                try await Task.sleep(for: .milliseconds(10))
            }
            var out: [(String, BenchJSON)] = []
            defer { group.cancelAll() }

            // 1. 0 → replicas.
            _ = try await client.call(APIRequest(.create, group: "apps", resource: "deployments", namespace: "default",
                                                 body: Self.deployment(replicas: 0)))
            try await until("the Deployment observed", deadline: .seconds(60)) {
                deployments.get(.init(namespace: "default", name: "bench"))?["status"]?["observedGeneration"]?.int == 1
            }
            Self.note("scaling the Deployment 0 → \(replicas)…")
            let scaleStart = BenchClock.now()
            _ = try await client.call(patch(["spec": ["replicas": .int(Int64(replicas))]]))
            var firstRunning: UInt64 = 0
            try await until("\(replicas) pods Running", deadline: .seconds(timeout), progress: hollow.progress) {
                let n = hollow.running.load(ordering: .relaxed)
                if n > 0 && firstRunning == 0 { firstRunning = BenchClock.now() }
                return hollow.runningPods(label: "bench") >= replicas
            }
            let scaleSeconds = Double(BenchClock.now() - scaleStart) / 1e9
            Self.note(String(format: "%d Running in %.2f s", replicas, scaleSeconds))
            out.append(("scale_up", .object([
                ("seconds_to_all_running", .number(scaleSeconds, digits: 2)),
                ("pods_per_s", .number(Double(replicas) / scaleSeconds, digits: 1)),
                ("seconds_to_first_running", .number(firstRunning > scaleStart ? Double(firstRunning - scaleStart) / 1e9 : 0, digits: 2)),
                ("goal_seconds", .int(10)),
            ])))

            // 2. Rolling update (default 25% surge / 25% unavailable).
            Self.note("rolling update of \(replicas) pods…")
            let rollStart = BenchClock.now()
            let patched = try await client.call(patch(["spec": ["template": ["metadata": ["annotations": ["bench/revision": "2"]]]]])).object()
            let generation = patched["metadata"]?["generation"]?.int ?? Int64.max
            try await until("the rolling update", deadline: .seconds(timeout), progress: hollow.progress) {
                guard let d = deployments.get(.init(namespace: "default", name: "bench")),
                      (d["status"]?["observedGeneration"]?.int ?? 0) >= generation else { return false }
                let s = d["status"]
                return s?["updatedReplicas"]?.int == Int64(replicas) && s?["availableReplicas"]?.int == Int64(replicas)
                    && s?["replicas"]?.int == Int64(replicas)
            }
            let rollSeconds = Double(BenchClock.now() - rollStart) / 1e9
            Self.note(String(format: "rolled over in %.2f s", rollSeconds))
            out.append(("rolling_update", .object([
                ("seconds", .number(rollSeconds, digits: 2)),
                ("pods_replaced_per_s", .number(Double(replicas) / rollSeconds, digits: 1)),
            ])))

            // Scale back to 0 so the Jobs' pods have the scheduler and API server to themselves.
            _ = try await client.call(patch(["spec": ["replicas": 0]]))
            try await until("the Deployment's pods gone", deadline: .seconds(timeout)) { hollow.pods.list().count == 0 }

            // 3. Jobs.
            Self.note("creating \(jobs) one-pod Jobs…")
            let jobStart = BenchClock.now()
            try await BenchScheduler.concurrently(jobs, callers: creators) { i in
                _ = try await client.call(APIRequest(.create, group: "batch", resource: "jobs", namespace: "default", body: Self.job(i)))
            }
            let jobsCreated = Double(BenchClock.now() - jobStart) / 1e9
            try await until("\(jobs) Jobs Complete", deadline: .seconds(timeout), progress: hollow.progress) {
                jobsInformer.list().filter { job in
                    job["status"]?["conditions"]?.array?.contains { $0["type"]?.string == "Complete" && $0["status"]?.string == "True" } == true
                }.count >= jobs
            }
            let jobSeconds = Double(BenchClock.now() - jobStart) / 1e9
            Self.note(String(format: "%d Jobs Complete in %.2f s", jobs, jobSeconds))
            out.append(("jobs", .object([
                ("seconds_to_all_complete", .number(jobSeconds, digits: 2)),
                ("jobs_per_s", .number(Double(jobs) / jobSeconds, digits: 1)),
                ("create_seconds", .number(jobsCreated, digits: 2)),
            ])))
            out.append(("hollow_kubelet_status_writes", .int(hollow.writes.load(ordering: .relaxed))))
            out.append(("hollow_kubelet_conflicts", .int(hollow.conflicts.load(ordering: .relaxed))))
            return out
        }
    }

    func patch(_ body: JSON) -> APIRequest {
        var r = APIRequest(.patch, group: "apps", resource: "deployments", namespace: "default", name: "bench", body: body)
        r.patchType = "application/merge-patch+json"
        return r
    }

    /// Polls `condition` every 50 ms; throws after `deadline`. Every 5 s notes `progress`.
    func until(_ what: String, deadline: Duration, progress: (() -> String)? = nil, _ condition: () -> Bool) async throws {
        let end = ContinuousClock.now + deadline
        var nextNote = ContinuousClock.now + .seconds(5)
        while !condition() {
            guard ContinuousClock.now < end else { throw BenchTimeout(what: what, after: deadline) }
            if let progress, ContinuousClock.now >= nextNote {
                Self.note("  \(what): \(progress())")
                nextNote = ContinuousClock.now + .seconds(5)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    struct BenchTimeout: Error, CustomStringConvertible {
        let what: String
        let after: Duration
        var description: String { "timed out after \(after) waiting for \(what)" }
    }
}

/// The hollow kubelet pool: one pod informer (the API server's pod stream) for every hollow
/// node, and `workers` tasks writing what each pod's kubelet would: a bound Pending pod becomes
/// Running and Ready (or Succeeded, exit code 0, when its first container's command is
/// `["true"]`); a terminating pod is deleted with grace 0. A write that conflicts is retried from
/// the informer's newer copy when it arrives.
final class HollowKubelets: Sendable {
    let pods: Informer
    let client: APIClient
    let workers: Int
    let writes = Atomic<Int>(0)
    let conflicts = Atomic<Int>(0)
    let running = Atomic<Int>(0)
    let errors = Atomic<Int>(0)
    /// Each pod queued once at a time and worked on by one worker at a time.
    private let queue = WorkQueue<Informer.Key>()

    init(client: APIClient, events: [String], workers: Int) {
        self.client = client
        self.workers = workers
        pods = Informer(client: client, events: events, source: .init(resource: "pods", namespace: "default"))
    }

    /// Pods in the cache: all, bound, Running, terminating; writes and errors so far.
    func progress() -> String {
        var all = 0, bound = 0, running = 0, terminating = 0
        for pod in pods.list() {
            all += 1
            if pod["spec"]?["nodeName"]?.string != nil { bound += 1 }
            if pod["status"]?["phase"]?.string == "Running" { running += 1 }
            if pod["metadata"]?["deletionTimestamp"] != nil { terminating += 1 }
        }
        return "pods \(all), bound \(bound), Running \(running), terminating \(terminating); status writes \(writes.load(ordering: .relaxed)), "
            + "conflicts \(conflicts.load(ordering: .relaxed)), other errors \(errors.load(ordering: .relaxed))"
    }

    /// Pods of `app` the pool has made Running (and not being deleted), from the cache.
    func runningPods(label app: String) -> Int {
        pods.list().reduce(0) { n, pod in
            n + (pod["metadata"]?["labels"]?["app"]?.string == app && pod["status"]?["phase"]?.string == "Running"
                 && pod["metadata"]?["deletionTimestamp"] == nil ? 1 : 0)
        }
    }

    func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await self.pods.run { delta in
                    switch delta {
                    case .added(let pod), .modified(_, let pod):
                        if Self.needsWork(pod) { self.queue.add(Informer.Key(pod)) }
                    default: break
                    }
                }
            }
            group.addTask { await self.queue.run() }
            for _ in 0..<max(1, workers) {
                group.addTask {
                    while let key = await self.queue.next() {
                        await self.work(key)
                        self.queue.done(key)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    private func retry(_ key: Informer.Key) { queue.add(key, after: .milliseconds(200)) }

    static func needsWork(_ pod: JSON) -> Bool {
        guard let node = pod["spec"]?["nodeName"]?.string, node.hasPrefix("hollow-") else { return false }
        if pod["metadata"]?["deletionTimestamp"] != nil { return true }
        return pod["status"]?["phase"]?.string == "Pending" || pod["status"]?["phase"] == nil
    }

    private func work(_ key: Informer.Key) async {
        guard let pod = pods.get(key), Self.needsWork(pod) else { return }
        let name = key.name, namespace = key.namespace
        if pod["metadata"]?["deletionTimestamp"] != nil {
            let options: JSON = ["kind": "DeleteOptions", "apiVersion": "v1", "gracePeriodSeconds": 0,
                                 "preconditions": ["uid": pod["metadata"]?["uid"] ?? .null]]
            do throws(StatusError) {
                _ = try await client.call(APIRequest(.delete, resource: "pods", namespace: namespace, name: name, body: options))
            } catch {
                if error.code != 404 && error.code != 409 {
                    errors.add(1, ordering: .relaxed)
                    retry(key)
                }
            }
            return
        }
        let now = JSON.string(MetaTime.current().rfc3339)
        let succeeds = pod["spec"]?["containers"]?.array?.first?["command"] == ["true"]
        let containers = (pod["spec"]?["containers"]?.array ?? []).map { c -> JSON in
            var status: JSON = ["name": c["name"] ?? "c", "image": c["image"] ?? "", "imageID": "", "restartCount": 0,
                                "containerID": .string("hollow://\(name)-\(c["name"]?.string ?? "")"),
                                "ready": .bool(!succeeds), "started": .bool(!succeeds)]
            status["state"] = succeeds ? ["terminated": ["exitCode": 0, "reason": "Completed", "startedAt": now, "finishedAt": now]]
                                       : ["running": ["startedAt": now]]
            return status
        }
        let ready: JSON = succeeds ? "False" : "True"
        var updated = pod
        updated["status"] = ["phase": succeeds ? "Succeeded" : "Running", "hostIP": "127.0.0.1", "podIP": "127.0.0.1", "startTime": now,
                             "conditions": [["type": "PodScheduled", "status": "True", "lastTransitionTime": now],
                                            ["type": "Initialized", "status": "True", "lastTransitionTime": now],
                                            ["type": "ContainersReady", "status": ready, "lastTransitionTime": now],
                                            ["type": "Ready", "status": ready, "lastTransitionTime": now]],
                             "containerStatuses": .array(containers)]
        do throws(StatusError) {
            _ = try await client.call(APIRequest(.update, resource: "pods", subresource: "status", namespace: namespace, name: name,
                                                 body: updated))
            writes.add(1, ordering: .relaxed)
            if !succeeds { running.add(1, ordering: .relaxed) }
        } catch {
            // A conflict: the informer's next copy of the pod queues it again. Gone: nothing to
            // do. Anything else (a timeout under load): again shortly.
            if error.code == 409 {
                conflicts.add(1, ordering: .relaxed)
            } else if error.code != 404 {
                errors.add(1, ordering: .relaxed)
                retry(key)
            }
        }
    }
}
