import ArgumentParser
import Client
import Compose
import Foundation
import Resources
import RuntimeAPI
import Synchronization

/// `skiff bench pods`: pod start-up latency and idle footprint of a real 2-node cluster (issue 5,
/// "Speed"). Without `--api`, brings up a cluster of its own — the default compose file with every
/// port moved by a random offset, in a scratch SKIFF_HOME — through `skiff compose up -d --wait`,
/// and takes it `down` at the end. Creates `--pods` pods of `sleep 3600`, follows them with an
/// informer on the cluster event stream and records create → Running (phase Running and the Ready
/// condition True) per pod; then deletes them, waits for them to go, and reads VmRSS of every
/// service process from /proc. Prints JSON.
struct BenchPods: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pods",
        abstract: "Benchmark pod start-up latency and the idle footprint of a 2-node cluster."
    )

    @Option(help: "Pods to create.")
    var pods = 100

    @Option(help: "Concurrent callers creating pods.")
    var creators = 8

    @Option(help: "Nodes of the cluster started by the benchmark.")
    var nodes = 2

    @Option(help: "The API server's RPC endpoint of a running cluster (default: start one).")
    var api: String?

    @Option(help: "Its cluster event stream endpoint (with --api).")
    var apiEvents: String?

    @Option(help: "Runtime RPC endpoints of the running cluster's nodes (with --api; for the per-stage breakdown).")
    var runtime: [String] = []

    @Option(help: "SKIFF_HOME of the running cluster (with --api; for the footprint).")
    var home: String?

    @Option(help: "Seconds to wait for the pods to run, and again for them to go.")
    var timeout = 120.0

    @Option(help: "Seconds to let the cluster settle before reading the footprint.")
    var settle = 5.0

    @Option(help: "The skiff executable to start (default: this one).")
    var skiffBin: String?

    @Option(help: "The compose file of the started cluster, with the default file's ports (e.g. compose/skiff-compose.compact.yaml; default: the embedded default).")
    var file: String?

    @Flag(help: "Give the started cluster's pods their own networks (root): each kubelet gets --pod-cidr 10.252.<n>.0/24.")
    var podNetwork = false

    static func note(_ text: String) { Console.error("bench pods: " + text) }

    func run() async throws {
        let executable = skiffBin ?? BenchStore.ownExecutable()
        var report: [(String, BenchJSON)] = [
            ("machine", .object([("cpus", .int(ProcessInfo.processInfo.activeProcessorCount))])),
            ("build", .string(Self.buildKind)),
            ("pods", .int(pods)), ("creators", .int(creators)),
        ]
        var cluster: PodsBenchCluster?
        let rpc: String, events: String, skiffHome: String?
        if let api {
            rpc = api
            events = apiEvents ?? APIDefaults.eventsEndpoint
            skiffHome = home ?? ProcessInfo.processInfo.environment["SKIFF_HOME"]
            report.append(("cluster", .string("existing, --api \(api)")))
        } else {
            let c = try PodsBenchCluster(executable: executable, nodes: nodes, podNetwork: podNetwork, file: file)
            Self.note("starting a \(nodes)-node cluster in \(c.home) (ports +\(c.offset))…")
            do { try await c.up() } catch {
                Self.note("compose up failed: \(error)")
                await c.down()
                throw error
            }
            cluster = c
            rpc = c.apiRPC
            events = c.apiEvents
            skiffHome = c.home
            report.append(("cluster", .string("own: skiff compose up -d --wait, \(nodes) nodes, process driver, \(file ?? "the default compose file")")))
            report.append(("pod_network", .string(podNetwork ? "own network namespace per pod (10.252.<n>.0/24)" : "as the nodes' kubelets decide")))
            report.append(("compose_up_seconds", .number(c.upSeconds, digits: 2)))
        }
        let client = try await APIClient(endpoints: [rpc])
        do {
            try await Self.waitForNodes(client, count: nodes)
            report += try await measure(client, events: events, runtimeEndpoints: cluster?.runtimeRPCs ?? runtime,
                                        servicePIDs: skiffHome.map(Self.servicePIDs(home:)) ?? [])
            if let skiffHome {
                Self.note("idle for \(settle) s, then reading VmRSS…")
                try await Task.sleep(for: .seconds(settle))
                report.append(("footprint", Self.footprint(home: skiffHome)))
            }
        } catch {
            Self.note("failed: \(error)")
            report.append(("error", .string("\(error)")))
        }
        await client.close()
        if let cluster { await cluster.down() }
        Console.line(BenchJSON.object(report).render())
    }

    /// Waits (at most two minutes) until `count` nodes are Ready with no not-ready or unreachable
    /// taint: `compose up --wait` returns once each kubelet is up, which can be before its node
    /// has a pod range and is Ready; pods created then would wait for the scheduler's retry, and
    /// that is not pod start-up (Kubernetes' density tests wait for ready nodes too).
    static func waitForNodes(_ client: APIClient, count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(120)
        while true {
            let list = try await client.call(APIRequest(.list, resource: "nodes")).object()
            let ready = (list["items"]?.array ?? []).filter { node in
                let conditions = node["status"]?["conditions"]?.array ?? []
                let taints = node["spec"]?["taints"]?.array ?? []
                return conditions.contains { $0["type"]?.string == "Ready" && $0["status"]?.string == "True" }
                    && !taints.contains { ($0["key"]?.string ?? "").hasPrefix("node.kubernetes.io/") }
                    && node["spec"]?["unschedulable"]?.bool != true
            }
            if ready.count >= count { return }
            guard ContinuousClock.now < deadline else { throw BenchError("only \(ready.count) of \(count) nodes became Ready in 120 s") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    static var buildKind: String {
        #if DEBUG
        "debug"
        #else
        "release"
        #endif
    }

    static func pod(_ i: Int) -> JSON {
        ["apiVersion": "v1", "kind": "Pod",
         "metadata": ["name": .string("bench-pod-\(i)"), "namespace": "default", "labels": ["app": "bench-pods"]],
         "spec": ["terminationGracePeriodSeconds": 1,
                  "containers": [["name": "sleep", "image": "busybox", "command": ["sleep", "3600"],
                                  "resources": ["requests": ["cpu": "1m", "memory": "1Mi"]]]]]]
    }

    static func ms(_ ns: Double) -> BenchJSON { .number(ns / 1e6, digits: 1) }

    static func isRunningAndReady(_ pod: JSON) -> Bool {
        guard pod["status"]?["phase"]?.string == "Running", let conditions = pod["status"]?["conditions"]?.array else { return false }
        return conditions.contains { $0["type"]?.string == "Ready" && $0["status"]?.string == "True" }
    }

    final class Times: Sendable {
        let created = Mutex<[String: UInt64]>([:])
        let running = Mutex<[String: UInt64]>([:])
        let present = Mutex<Set<String>>([])
        /// Wall-clock stage times (ns since the epoch), to line up with the runtime's own.
        let stages = Mutex<[String: StageTimes]>([:])
    }

    func measure(_ client: APIClient, events: String, runtimeEndpoints: [String], servicePIDs: [(String, Int32)]) async throws -> [(String, BenchJSON)] {
        let times = Times()
        let informer = Informer(client: client, events: [events], source: .init(resource: "pods", namespace: "default"))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await informer.run { delta in
                    let t = BenchClock.now()
                    switch delta {
                    case .added(let p), .modified(old: _, new: let p):
                        guard let name = p["metadata"]?["name"]?.string, name.hasPrefix("bench-pod-") else { return }
                        times.present.withLock { _ = $0.insert(name) }
                        let wall = Self.wallNow()
                        times.stages.withLock { stages in
                            if p["spec"]?["nodeName"]?.string.map({ !$0.isEmpty }) == true, stages[name]?.bound == nil { stages[name, default: .init()].bound = wall }
                            if p["status"]?["startTime"] != nil, stages[name]?.firstStatus == nil { stages[name, default: .init()].firstStatus = wall }
                        }
                        if Self.isRunningAndReady(p) {
                            times.running.withLock { if $0[name] == nil { $0[name] = t } }
                            times.stages.withLock { if $0[name]?.running == nil { $0[name, default: .init()].running = wall } }
                        }
                    case .deleted(let p):
                        guard let name = p["metadata"]?["name"]?.string else { return }
                        times.present.withLock { _ = $0.remove(name) }
                    default:
                        return
                    }
                }
            }
            while !informer.hasSynced { try await Task.sleep(for: .milliseconds(10)) }
            let cpuBefore = servicePIDs.map { ($0.0, BenchCluster.cpuSeconds(pid: $0.1)) }
            let ownBefore = BenchCluster.ownCPUSeconds()
            Self.note("creating \(pods) pods of sleep 3600 from \(creators) callers…")
            let start = BenchClock.now()
            let errors = Progress()
            try await BenchScheduler.concurrently(pods, callers: creators) { i in
                let t = BenchClock.now(), wall = Self.wallNow()
                do {
                    _ = try await client.call(APIRequest(.create, resource: "pods", namespace: "default", body: Self.pod(i)))
                    times.created.withLock { $0["bench-pod-\(i)"] = t }
                    times.stages.withLock { $0["bench-pod-\(i)", default: .init()].created = wall }
                } catch {
                    errors.count.add(1, ordering: .relaxed)
                    Self.note("create bench-pod-\(i): \(error)")
                }
            }
            let createdAll = BenchClock.now()
            let created = times.created.withLock { $0.count }
            Self.note("created \(created) in \(String(format: "%.2f", Double(createdAll - start) / 1e9)) s; waiting for Running+Ready…")
            var deadline = ContinuousClock.now + .seconds(timeout)
            while times.running.withLock({ $0.count }) < created && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            let created_ = times.created.withLock { $0 }, running = times.running.withLock { $0 }
            let latencies = created_.compactMap { name, t in running[name].map { $0 &- t } }
            let last = running.values.max() ?? start
            let summary = LatencySummary(latencies)
            var perNode: [String: Int] = [:]
            for p in informer.list() {
                if let name = p["metadata"]?["name"]?.string, name.hasPrefix("bench-pod-"), let n = p["spec"]?["nodeName"]?.string {
                    perNode[n, default: 0] += 1
                }
            }
            Self.note("\(running.count) running: p50 \(Int(summary.p50 / 1e6)) ms, p99 \(Int(summary.p99 / 1e6)) ms; deleting…")
            // CPU seconds each service spent from the first create to the last pod Running.
            var cpu: [(String, BenchJSON)] = []
            for (name, pid) in servicePIDs {
                let before = cpuBefore.first { $0.0 == name }?.1 ?? 0
                cpu.append((name, .number(BenchCluster.cpuSeconds(pid: pid) - before, digits: 2)))
            }
            cpu.append(("bench", .number(BenchCluster.ownCPUSeconds() - ownBefore, digits: 2)))
            let stages = await Self.stageBreakdown(times.stages.withLock { $0 }, runtimes: runtimeEndpoints)
            // Delete them and wait for them to go (the kubelet stops the containers, then the pods disappear).
            let deleteStart = BenchClock.now()
            try await BenchScheduler.concurrently(pods, callers: creators) { i in
                _ = try? await client.call(APIRequest(.delete, resource: "pods", namespace: "default", name: "bench-pod-\(i)"))
            }
            deadline = ContinuousClock.now + .seconds(timeout)
            while !times.present.withLock({ $0.isEmpty }) && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            let remaining = times.present.withLock { $0.count }
            let deleteSeconds = Double(BenchClock.now() - deleteStart) / 1e9
            group.cancelAll()
            var perNodeJSON: [(String, BenchJSON)] = []
            for (n, c) in perNode.sorted(by: { $0.key < $1.key }) { perNodeJSON.append((n, .int(c))) }
            return [
                ("pod_create_seconds", .number(Double(createdAll - start) / 1e9, digits: 2)),
                ("pod_create_errors", .int(errors.count.load(ordering: .relaxed))),
                ("running_ready", .int(running.count)),
                ("create_to_running_ms", .object([("p50", Self.ms(summary.p50)), ("p99", Self.ms(summary.p99)), ("max", Self.ms(summary.max)),
                                                  ("mean", Self.ms(summary.mean)), ("samples", .int(summary.count))])),
                ("goal_p99_ms", .int(1000)),
                ("seconds_first_create_to_last_running", .number(Double(last &- start) / 1e9, digits: 2)),
                ("pods_per_node", .object(perNodeJSON)),
                ("delete_to_gone_seconds", .number(deleteSeconds, digits: 2)),
                ("pods_left_after_delete", .int(remaining)),
                ("stages_ms", stages),
                ("cpu_seconds_create_to_running", .object(cpu)),
            ]
        }
    }

    /// VmRSS of every service process of the cluster whose state is in `home`: from
    /// compose/<service>.pid; the supervisor (compose itself) is listed apart.
    static func footprint(home: String) -> BenchJSON {
        let dir = home + "/compose"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".pid") }.sorted()
        var services: [(String, BenchJSON)] = []
        var total = 0
        var supervisor: Int?
        var detail: [(String, BenchJSON)] = []
        var anonTotal = 0, pssTotal = 0
        var privateTotal = 0
        var sharedByMapping: [String: Int] = [:]
        for file in files {
            guard let text = try? String(contentsOfFile: dir + "/" + file, encoding: .utf8),
                  let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), let kib = rssKiB(pid: pid) else { continue }
            let name = String(file.dropLast(4))
            if name == "supervisor" { supervisor = kib; continue }
            services.append((name, .number(Double(kib) / 1024, digits: 1)))
            total += kib
            let anon = statusKiB(pid: pid, "RssAnon:") ?? 0, fileBacked = statusKiB(pid: pid, "RssFile:") ?? 0
            let pss = smapsKiB(pid: pid, "Pss:") ?? 0
            detail.append((name, .object([("anon_mib", .number(Double(anon) / 1024, digits: 1)),
                                          ("file_mib", .number(Double(fileBacked) / 1024, digits: 1)),
                                          ("pss_mib", .number(Double(pss) / 1024, digits: 1))])))
            anonTotal += anon
            pssTotal += pss
            let (privateKiB, shared) = smapsSharing(pid: pid)
            privateTotal += privateKiB
            for (mapping, kib) in shared { sharedByMapping[mapping] = max(sharedByMapping[mapping] ?? 0, kib) }
        }
        // What the cluster alone holds: every process's private pages, plus each shared mapping
        // (the binary, each library) once, at the most any one service has resident. Unlike Pss
        // it does not shrink when processes outside the cluster share the same libraries.
        let clusterKiB = privateTotal + sharedByMapping.values.reduce(0, +)
        var out: [(String, BenchJSON)] = [("vmrss_mib", .object(services)), ("services", .int(services.count)),
                                          ("total_mib", .number(Double(total) / 1024, digits: 1)), ("goal_total_mib", .int(150)),
                                          // VmRSS counts the shared pages of the one skiff binary and its libraries in
                                          // every process; RssAnon (private heap and stacks) and Pss (shared pages
                                          // divided among their users) show what each process really adds.
                                          ("anon_total_mib", .number(Double(anonTotal) / 1024, digits: 1)),
                                          ("pss_total_mib", .number(Double(pssTotal) / 1024, digits: 1)),
                                          ("cluster_unique_mib", .number(Double(clusterKiB) / 1024, digits: 1)),
                                          ("breakdown", .object(detail))]
        if let supervisor {
            out.append(("compose_supervisor_mib", .number(Double(supervisor) / 1024, digits: 1)))
            out.append(("total_with_supervisor_mib", .number(Double(total + supervisor) / 1024, digits: 1)))
        }
        return .object(out)
    }

    /// Each service's pid, from `$SKIFF_HOME/compose/<service>.pid` (not the supervisor's).
    static func servicePIDs(home: String) -> [(String, Int32)] {
        let dir = home + "/compose"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".pid") && $0 != "supervisor.pid" }
        return files.sorted().compactMap { file in
            guard let text = try? String(contentsOfFile: dir + "/" + file, encoding: .utf8),
                  let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
            return (String(file.dropLast(4)), pid)
        }
    }

    static func rssKiB(pid: Int32) -> Int? { statusKiB(pid: pid, "VmRSS:") }

    /// From /proc/<pid>/smaps: the process's private resident KiB, and its shared resident KiB
    /// per mapping (file path, or the kind of anonymous mapping).
    static func smapsSharing(pid: Int32) -> (privateKiB: Int, shared: [String: Int]) {
        // /proc files report size 0: read to the end rather than trusting the size.
        guard let handle = FileHandle(forReadingAtPath: "/proc/\(pid)/smaps"),
              let data = try? handle.readToEnd() else { return (0, [:]) }
        try? handle.close()
        let text = String(decoding: data, as: UTF8.self)
        var privateKiB = 0
        var shared: [String: Int] = [:]
        var mapping = ""
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let first = fields.first else { continue }
            if first.contains("-"), first.allSatisfy({ $0.isHexDigit || $0 == "-" }) {
                mapping = fields.count >= 6 ? fields[5...].joined(separator: " ") : "[anonymous]"
                continue
            }
            guard fields.count >= 2, let kib = Int(fields[1]) else { continue }
            switch first {
            case "Private_Clean:", "Private_Dirty:": privateKiB += kib
            case "Shared_Clean:", "Shared_Dirty:": shared[mapping, default: 0] += kib
            default: break
            }
        }
        return (privateKiB, shared)
    }

    static func smapsKiB(pid: Int32, _ field: String) -> Int? { fieldKiB("/proc/\(pid)/smaps_rollup", field) }

    static func statusKiB(pid: Int32, _ field: String) -> Int? { fieldKiB("/proc/\(pid)/status", field) }

    static func fieldKiB(_ path: String, _ field: String) -> Int? {
        guard let status = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(field) {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        }
        return nil
    }
}

/// A cluster of the default compose file's shape, ports moved by `offset`, in a scratch SKIFF_HOME.
final class PodsBenchCluster: Sendable {
    let executable: String
    let home: String
    let offset: Int
    let nodes: Int
    let file: String
    let apiRPC: String
    let apiEvents: String
    let upTime = Mutex<Double>(0)
    var upSeconds: Double { upTime.withLock { $0 } }
    /// Added to the environment the cluster's services start with.
    let environment: [String: String]

    let podNetwork: Bool

    /// - Parameter file: a compose file with the default file's ports (e.g.
    ///   compose/skiff-compose.compact.yaml); nil: the default cluster.
    init(executable: String, nodes: Int, podNetwork: Bool = false, environment: [String: String] = [:], file template: String? = nil) throws {
        self.executable = executable
        self.nodes = nodes
        self.podNetwork = podNetwork
        self.environment = environment
        home = NSTemporaryDirectory() + "skiff-bench-pods-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        offset = 1000 * Int.random(in: 10...40)
        file = home + "/skiff-compose.yaml"
        var yaml = Self.moved(try template.map { try String(contentsOfFile: $0, encoding: .utf8) } ?? ComposeDefaults.yaml, by: offset)
        if podNetwork {
            yaml = yaml.replacingOccurrences(of: "--root, \"${SKIFF_HOME}/nodes/${node}/kubelet\"]",
                                             with: "--root, \"${SKIFF_HOME}/nodes/${node}/kubelet\", --pod-cidr, \"10.252.${index}.0/24\", --cluster-cidr, \"10.252.0.0/16\"]")
        }
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        apiRPC = "tcp://127.0.0.1:\(7003 + offset)"
        apiEvents = "tcp://127.0.0.1:\(7004 + offset)"
    }

    /// The runtime RPC endpoint of each node (`${port:7301}` moved by `offset`).
    var runtimeRPCs: [String] { (0..<nodes).map { "tcp://127.0.0.1:\(7301 + offset + 100 * $0)" } }

    /// Every port of the file (after `127.0.0.1:` or `${port:`) plus `offset`; the DNS server gets
    /// an explicit --listen on 10053 + offset.
    static func moved(_ yaml: String, by offset: Int) -> String {
        var out = ""
        var rest = Substring(yaml)
        let markers = ["127.0.0.1:", "${port:"]
        while let (marker, range) = markers.compactMap({ m in rest.range(of: m).map { (m, $0) } }).min(by: { $0.1.lowerBound < $1.1.lowerBound }) {
            _ = marker
            out += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            let digits = rest.prefix { $0.isNumber }
            if let port = Int(digits) {
                out += String(port + offset)
                rest = rest.dropFirst(digits.count)
            }
        }
        out += rest
        return out.replacingOccurrences(of: "dns, --api, ", with: "dns, --listen, \"127.0.0.1:\(10053 + offset)\", --api, ")
    }

    private func compose(_ arguments: [String]) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = ["compose", "-f", file] + arguments
        var env = ProcessInfo.processInfo.environment
        env["SKIFF_HOME"] = home
        env.removeValue(forKey: "SKIFF_COMPOSE_FILE")
        for (k, v) in environment { env[k] = v }
        p.environment = env
        _ = FileManager.default.createFile(atPath: home + "/compose-cli.log", contents: nil)
        let log = FileHandle(forUpdatingAtPath: home + "/compose-cli.log")
        log?.seekToEndOfFile()
        p.standardOutput = log
        p.standardError = log
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    func up() async throws {
        let t0 = BenchClock.now()
        let status = try await Task.detached { try self.compose(["up", "-d", "--wait", "--nodes", String(self.nodes)]) }.value
        guard status == 0 else { throw StoreBench.Failure("skiff compose up exited \(status); see \(home)/compose-cli.log") }
        upTime.withLock { $0 = Double(BenchClock.now() - t0) / 1e9 }
    }

    func down() async {
        BenchPods.note("compose down…")
        _ = try? await Task.detached { try self.compose(["down"]) }.value
        if podNetwork {
            // The nodes' bridges (skiff + the range in hex) outlive the runtimes, as node set-up does.
            for n in 1...max(1, nodes) where n < 256 {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
                p.arguments = ["link", "del", IPv4Range("10.252.\(n).0/24")!.bridgeName]
                p.standardError = FileHandle.nullDevice
                try? p.run()
                p.waitUntilExit()
            }
        }
    }
}
