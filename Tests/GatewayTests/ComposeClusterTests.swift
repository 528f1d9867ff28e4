import Foundation
import SkiffTestSupport
import Synchronization
import Testing

/// The real default cluster — every service of compose/skiff-compose.yaml, two nodes — brought up
/// with `compose/skiff-compose up -d --wait` in a scratch SKIFF_HOME on ports of its own, driven
/// with the real kubectl, and taken `down` at the end whatever happened.
@Suite(.serialized) struct ComposeClusterTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: TestCluster.kubectlPath)),
          .timeLimit(.minutes(20)))
    func defaultClusterWithKubectl() async throws {
        try await ComposeCluster.session({ cluster -> DrainWitness? in
            try await cluster.check("a pod's output reaches kubectl logs, and kubectl top shows it") { try await printingPod($0) }
            try await cluster.check("a crashing container backs off") { try await crashLoop($0) }
            try await cluster.check("restartPolicy Never ends Completed or Error") { try await neverRestart($0) }
            try await cluster.check("a failing liveness probe restarts the container") { try await livenessProbe($0) }
            try await cluster.check("delete waits for a SIGTERM-trapping container, not for the grace period") { try await gracefulDelete($0) }
            try await cluster.check("an unschedulable pod stays Pending") { try await insufficientCPU($0) }
            try await cluster.check("nodeSelector and taints steer the scheduler") { try await nodeSelectorAndTaint($0) }
            try await cluster.check("a killed kubelet adopts its running container") { try await kubeletRestart($0) }
            try await cluster.check("a killed scheduler is restarted and schedules") { try await schedulerRestart($0) }
            try await cluster.check("a NodePort Service reaches its pod through skiff proxy") { try await serviceThroughProxy($0) }
            // Pods left running for `down` to drain.
            do { return try await drainWitness(cluster) } catch {
                Issue.record("pods for down to drain: \(error)")
                return nil
            }
        }, afterDown: { cluster, witness in
            if let witness { try await expectDrained(cluster, witness) }
        })
    }

    /// compose/skiff-compose.compact.yaml: the same components in three `skiff combine`
    /// processes. kubectl sees the same cluster (two Ready nodes, a pod's logs, a Service through
    /// the proxy); `ps` lists three services; a killed agent is restarted whole by compose and
    /// its kubelet adopts the running pod; `down` stops each process's components in reverse
    /// order, so the runtimes drain the pods (the kubelets stopped first) and nothing is left.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: TestCluster.kubectlPath)),
          .timeLimit(.minutes(10)))
    func compactClusterInThreeProcesses() async throws {
        try await ComposeCluster.session(file: "compose/skiff-compose.compact.yaml", { cluster -> DrainWitness? in
            let ps = try await cluster.compose(["ps"]).stdout
            let services = ps.split(separator: "\n").dropFirst().compactMap { $0.split(separator: " ").first.map(String.init) }
            #expect(services.sorted() == ["node-1.agent", "node-2.agent", "server"], "\(ps)")
            try await cluster.poll(.seconds(120), "two Ready nodes") {
                let nodes = try await cluster.kubectlOK(["get", "nodes", "--no-headers"])
                return nodes.split(separator: "\n").filter { $0.contains(" Ready ") }.count == 2
            }
            try await cluster.check("a pod's output reaches kubectl logs, and kubectl top shows it") { try await printingPod($0) }
            try await cluster.check("a NodePort Service reaches its pod through skiff proxy") { try await serviceThroughProxy($0) }
            try await cluster.check("a killed agent comes back whole and adopts its pod") { c in
                let marker = "steady-\(UInt32.random(in: 0...UInt32.max))"
                try await c.create(pod("steady", command: "[sh, -c, \"while true; do sleep 1; done\", \(marker)]", extra: "nodeName: node-1"))
                try await c.waitForStatus("steady", "Running")
                let before = try await c.pids(matching: marker)
                #expect(before.count == 1, "the pod's shell: \(before)")
                let agent = try await c.service("node-1.agent")
                kill(agent.pid, SIGKILL)
                try await c.poll(.seconds(120), "node-1.agent restarted and healthy") {
                    let now = try await c.service("node-1.agent")
                    return now.pid != agent.pid && now.restarts >= 1 && now.health == "healthy"
                }
                // The restarted runtime adopted the container (same process), and the kubelet did not start another.
                try await c.waitForStatus("steady", "Running")
                #expect(try await c.pids(matching: marker) == before)
                #expect(try await c.row("steady").restarts == 0)
                try await c.deleteNow("steady")
            }
            do { return try await drainWitness(cluster) } catch {
                Issue.record("pods for down to drain: \(error)")
                return nil
            }
        }, afterDown: { cluster, witness in
            if let witness { try await expectDrained(cluster, witness) }
        })
    }

    // MARK: - Checks

    /// Issue 7: a Deployment's pod behind a NodePort Service answers through its ClusterIP (as
    /// root: an address on skiff-svc0) and its node port, through the nodes' `skiff proxy`.
    func serviceThroughProxy(_ c: ComposeCluster) async throws {
        let port = Int.random(in: 20_000..<29_000)
        _ = try await c.kubectlOK(["create", "deployment", "pyweb", "--image=python", "--", "/usr/bin/python3", "-m", "http.server", "\(port)"])
        _ = try await c.kubectlOK(["expose", "deployment", "pyweb", "--port=80", "--target-port=\(port)", "--type=NodePort"])
        let nodePort = try await c.kubectlOK(["get", "service", "pyweb", "-o", "jsonpath={.spec.ports[0].nodePort}"])
        let clusterIP = try await c.kubectlOK(["get", "service", "pyweb", "-o", "jsonpath={.spec.clusterIP}"])
        try await c.poll(.seconds(120), "the node port to answer") {
            try await curl("http://127.0.0.1:\(nodePort)/").body.contains("Directory listing")
        }
        if geteuid() == 0 {
            try await c.waitForServiceAddress(clusterIP)
            try await c.poll(.seconds(90), "the ClusterIP to answer") { try await curl("http://\(clusterIP)/").body.contains("Directory listing") }
        }
        _ = try await c.kubectlOK(["delete", "service", "pyweb"])
        _ = try await c.kubectlOK(["delete", "deployment", "pyweb"])
    }

    /// (1) and (8): `echo hello` shows in `kubectl logs`; `kubectl top pods` gets a figure for it.
    func printingPod(_ c: ComposeCluster) async throws {
        try await c.create(pod("hello", command: #"[sh, -c, "echo hello; sleep 3600"]"#))
        try await c.waitForStatus("hello", "Running")
        #expect(try await c.kubectlOK(["logs", "hello"]) == "hello")

        // cAdvisor reports every 10 s; the API server serves the newest figures.
        var shown = ""
        try await c.poll(.seconds(90), "kubectl top pods hello") {
            let r = try await c.kubectl(["top", "pods", "hello", "--no-headers"])
            shown = r.stdout + r.stderr
            return r.status == 0 && r.stdout.hasPrefix("hello")
        }
        let columns = shown.split(whereSeparator: \.isWhitespace).map(String.init)
        #expect(columns.count == 3, "\(shown)")
        #expect(columns.count == 3 && columns[1].wholeMatch(of: /[0-9]+m/) != nil, "CPU: \(shown)")
        #expect(columns.count == 3 && columns[2].wholeMatch(of: /[0-9]+Mi/) != nil, "memory: \(shown)")
        try await c.deleteNow("hello")
    }

    /// (2) `exit 3` with the default restartPolicy Always.
    func crashLoop(_ c: ComposeCluster) async throws {
        try await c.create(pod("crash", command: #"[sh, -c, "exit 3"]"#))
        try await c.poll(.seconds(120), "crash in CrashLoopBackOff with a restart") {
            let row = try await c.row("crash")
            return row.status == "CrashLoopBackOff" && row.restarts >= 1
        }
        #expect(try await c.jsonpath("crash", "{.status.containerStatuses[0].lastState.terminated.exitCode}") == "3")
        #expect(try await c.jsonpath("crash", "{.status.containerStatuses[0].state.waiting.reason}") == "CrashLoopBackOff")
        try await c.deleteNow("crash")
    }

    /// (3) restartPolicy Never: exit 0 is Succeeded (Completed), exit 1 Failed (Error).
    func neverRestart(_ c: ComposeCluster) async throws {
        try await c.create(pod("once-ok", command: #"[sh, -c, "exit 0"]"#, extra: "restartPolicy: Never"))
        try await c.create(pod("once-bad", command: #"[sh, -c, "exit 1"]"#, extra: "restartPolicy: Never"))
        try await c.waitForStatus("once-ok", "Completed")
        try await c.waitForStatus("once-bad", "Error")
        #expect(try await c.jsonpath("once-ok", "{.status.phase}") == "Succeeded")
        #expect(try await c.jsonpath("once-bad", "{.status.phase}") == "Failed")
        #expect(try await c.row("once-ok").restarts == 0)
        #expect(try await c.row("once-bad").restarts == 0)
        try await c.deleteNow("once-ok")
        try await c.deleteNow("once-bad")
    }

    /// (4) exec `false` every second, one failure allowed.
    func livenessProbe(_ c: ComposeCluster) async throws {
        try await c.create(pod("unlive", command: "[sleep, \"3600\"]", container: """
                livenessProbe: {exec: {command: ["false"]}, periodSeconds: 1, failureThreshold: 1}
            """))
        try await c.poll(.seconds(120), "unlive restarted by its liveness probe") { try await c.row("unlive").restarts >= 1 }
        let events = try await c.kubectlOK(["get", "events", "--field-selector", "involvedObject.name=unlive",
                                            "-o", "jsonpath={range .items[*]}{.reason}{\"\\n\"}{end}"])
        #expect(events.contains("Unhealthy"), "\(events)")
        try await c.deleteNow("unlive")
    }

    /// (5) A container that exits on SIGTERM: the pod is gone well before its grace period.
    func gracefulDelete(_ c: ComposeCluster) async throws {
        try await c.create(pod("polite", command: #"[sh, -c, "trap 'exit 0' TERM; while true; do sleep 0.2; done"]"#,
                               extra: "terminationGracePeriodSeconds: 60"))
        try await c.waitForStatus("polite", "Running")
        let start = ContinuousClock.now
        #expect(try await c.kubectlOK(["delete", "pod", "polite", "--timeout=120s"]) == #"pod "polite" deleted"#)
        let took = ContinuousClock.now - start
        #expect(took < .seconds(60), "delete took \(took)")
        #expect(try await c.kubectl(["get", "pod", "polite"]).status == 1)
    }

    /// (6) 1000 CPUs fit on neither node.
    func insufficientCPU(_ c: ComposeCluster) async throws {
        try await c.create(pod("huge", command: "[sleep, \"3600\"]", container: """
                resources: {requests: {cpu: "1000"}}
            """))
        var messages = ""
        try await c.poll(.seconds(60), "FailedScheduling for huge") {
            messages = try await c.kubectlOK(["get", "events", "--field-selector", "involvedObject.name=huge,reason=FailedScheduling",
                                              "-o", "jsonpath={range .items[*]}{.message}{\"\\n\"}{end}"])
            return !messages.isEmpty
        }
        #expect(messages.split(separator: "\n").allSatisfy { $0 == "0/2 nodes are available: 2 Insufficient cpu." }, "\(messages)")
        #expect(try await c.row("huge").status == "Pending")
        #expect(try await c.jsonpath("huge", "{.spec.nodeName}") == "")
        try await c.deleteNow("huge")
    }

    /// (7) nodeSelector picks node-2; a NoSchedule taint on node-1 keeps untolerating pods off it.
    func nodeSelectorAndTaint(_ c: ComposeCluster) async throws {
        try await c.create(pod("picky", command: "[sleep, \"3600\"]", extra: "nodeSelector: {kubernetes.io/hostname: node-2}"))
        try await c.waitForStatus("picky", "Running")
        #expect(try await c.jsonpath("picky", "{.spec.nodeName}") == "node-2")

        #expect(try await c.kubectlOK(["taint", "nodes", "node-1", "e2e=yes:NoSchedule"]) == "node/node-1 tainted")
        for name in ["shy-1", "shy-2", "shy-3"] {
            try await c.create(pod(name, command: "[sleep, \"3600\"]"))
        }
        for name in ["shy-1", "shy-2", "shy-3"] {
            try await c.poll(.seconds(60), "\(name) bound") { try await c.jsonpath(name, "{.spec.nodeName}") != "" }
            #expect(try await c.jsonpath(name, "{.spec.nodeName}") == "node-2")
        }
        #expect(try await c.kubectlOK(["taint", "nodes", "node-1", "e2e-"]) == "node/node-1 untainted")
        for name in ["picky", "shy-1", "shy-2", "shy-3"] { try await c.deleteNow(name) }
    }

    /// (9) SIGKILL a kubelet: compose restarts it, and it adopts the container it was running.
    func kubeletRestart(_ c: ComposeCluster) async throws {
        try await c.create(pod("steady", command: "[sleep, \"3607\"]", extra: "nodeName: node-1"))
        try await c.waitForStatus("steady", "Running")
        let containerID = try await c.jsonpath("steady", "{.status.containerStatuses[0].containerID}")
        #expect(!containerID.isEmpty)
        #expect(try await c.row("steady").restarts == 0)
        #expect(try await c.processCount("sleep 3607") == 1)

        let before = try await c.service("node-1.kubelet")
        #expect(kill(before.pid, SIGKILL) == 0)
        try await c.poll(.seconds(120), "node-1.kubelet restarted and healthy") {
            let now = try await c.service("node-1.kubelet")
            return now.restarts > before.restarts && now.pid != before.pid && now.health == "healthy"
        }
        // A pod bound to node-1 after the restart runs: the new kubelet has synced its pods.
        try await c.create(pod("after-kubelet", command: "[sleep, \"3600\"]", extra: "nodeName: node-1"))
        try await c.waitForStatus("after-kubelet", "Running")
        #expect(try await c.jsonpath("steady", "{.status.containerStatuses[0].containerID}") == containerID)
        #expect(try await c.row("steady").status == "Running")
        #expect(try await c.row("steady").restarts == 0)
        #expect(try await c.processCount("sleep 3607") == 1)
        try await c.deleteNow("steady")
        try await c.deleteNow("after-kubelet")
    }

    /// (10) SIGKILL the scheduler: compose restarts it and a new pod is still scheduled.
    func schedulerRestart(_ c: ComposeCluster) async throws {
        let before = try await c.service("scheduler")
        #expect(kill(before.pid, SIGKILL) == 0)
        try await c.poll(.seconds(120), "scheduler restarted and healthy") {
            let now = try await c.service("scheduler")
            return now.restarts >= 1 && now.pid != before.pid && now.health == "healthy"
        }
        let ps = try await c.compose(["ps"])
        let line = ps.stdout.split(separator: "\n").first { $0.hasPrefix("scheduler ") } ?? ""
        #expect(line.contains("running"), "\(ps.stdout)")
        try await c.create(pod("late", command: "[sleep, \"3600\"]"))
        try await c.waitForStatus("late", "Running")
        #expect(["node-1", "node-2"].contains(try await c.jsonpath("late", "{.spec.nodeName}")))
        try await c.deleteNow("late")
    }

    /// What `down` must stop: the processes of pods on both nodes (one ignores SIGTERM), found by a
    /// marker in their command lines, and their sandboxes' holders (`skiff-pod`), from the runtimes' records.
    struct DrainWitness {
        var marker: String
        var processes: [Int32]
        var holders: [Int32]
    }

    /// (11) Runs pods on both nodes, one ignoring SIGTERM, and returns what must be gone after `down`.
    func drainWitness(_ c: ComposeCluster) async throws -> DrainWitness {
        let marker = "drain-marker-\(UInt32.random(in: 0...UInt32.max))"
        for (name, node, script) in [("drain-1", "node-1", "while true; do sleep 1; done"),
                                     ("drain-2", "node-2", "while true; do sleep 1; done"),
                                     ("drain-stubborn", "node-1", "trap '' TERM; while true; do sleep 1; done")] {
            try await c.create(pod(name, command: "[sh, -c, \"\(script)\", \(marker)]", extra: "nodeName: \(node)"))
        }
        for name in ["drain-1", "drain-2", "drain-stubborn"] { try await c.waitForStatus(name, "Running") }
        let processes = try await c.pids(matching: marker)
        #expect(processes.count >= 3, "processes of the drain pods: \(processes)")
        var holders: [Int32] = []
        for node in ["node-1", "node-2"] {
            let dir = c.home + "/nodes/\(node)/runtime/sandboxes"
            for file in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] where file.hasSuffix(".json") {
                let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + file))
                let record = try JSONSerialization.jsonObject(with: data) as? [String: Any]
                if let holder = record?["holder"] as? [String: Any], let pid = holder["pid"] as? Int { holders.append(Int32(pid)) }
            }
        }
        if geteuid() == 0 {
            #expect(holders.count >= 3, "the runtimes recorded holders for the drain pods' sandboxes: \(holders)")
            #expect(holders.allSatisfy { Self.command(of: $0) == "skiff-pod" }, "holders: \(holders)")
        }
        return DrainWitness(marker: marker, processes: processes, holders: holders)
    }

    /// After `down`: no process of the pods, no holder, no sandbox record left.
    func expectDrained(_ c: ComposeCluster, _ witness: DrainWitness) async throws {
        #expect(try await c.pids(matching: witness.marker) == [], "pod processes left after down")
        for pid in witness.processes + witness.holders {
            #expect(Self.command(of: pid) == nil, "pid \(pid) (\(Self.command(of: pid) ?? "")) still runs after down")
        }
        for node in ["node-1", "node-2"] {
            let dir = c.home + "/nodes/\(node)/runtime/sandboxes"
            let left = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".json") }
            #expect(left == [], "\(node)'s runtime still records sandboxes after down: \(left)")
        }
    }

    /// The command name of live process `pid` (nil if gone or a zombie).
    static func command(of pid: Int32) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")") else { return nil }
        let state = stat[stat.index(after: close)...].split(separator: " ").first
        return state == "Z" ? nil : String(stat[stat.index(after: open)..<close])
    }

    /// One pod's manifest; `extra` goes under spec, `container` under the container.
    func pod(_ name: String, command: String, extra: String = "", container: String = "") -> String {
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: \(name)}
        spec:
          \(extra)
          containers:
          - name: main
            image: busybox
            command: \(command)
        \(container)
        """
    }
}

/// Whole compose clusters take turns, one at a time, whichever suite runs them: their nodes share
/// this machine's network namespace — the pod bridges of 10.244.0.0/16, the ClusterIP device and
/// 10.96.0.10, node ports on 0.0.0.0 — so two at once would step on each other.
final class ComposeClusterTurns: Sendable {
    static let shared = ComposeClusterTurns()
    private let state = Mutex<(busy: Bool, waiting: [CheckedContinuation<Void, Never>])>((false, []))

    /// Returns once no other compose cluster test runs.
    func take() async {
        await withCheckedContinuation { (turn: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if s.busy {
                    s.waiting.append(turn)
                    return false
                }
                s.busy = true
                return true
            }
            if now { turn.resume() }
        }
    }

    /// Hands the turn to the next waiting test, if any.
    func give() {
        let next = state.withLock { s -> CheckedContinuation<Void, Never>? in
            if s.waiting.isEmpty {
                s.busy = false
                return nil
            }
            return s.waiting.removeFirst()
        }
        next?.resume()
    }
}

extension ComposeCluster {
    /// One whole compose cluster for a test: waits its turn (``ComposeClusterTurns``), brings
    /// it up with `up -d --wait` (a failure is recorded and `body` skipped), runs `body`, takes it
    /// `down` whatever happened, then — if `body` went through — `afterDown` with what it
    /// returned, and removes the scratch home when all went well.
    static func session<Result>(base: Int = Int.random(in: 20_000..<44_000), environment: [String: String] = [:],
                                file: String = "compose/skiff-compose.yaml",
                                _ body: (ComposeCluster) async throws -> Result,
                                afterDown: (ComposeCluster, Result) async throws -> Void = { _, _ in }) async throws {
        await ComposeClusterTurns.shared.take()
        defer { ComposeClusterTurns.shared.give() }
        let cluster = try ComposeCluster(base: base, environment: environment, template: file)
        let up = try await cluster.compose(["up", "-d", "--wait"], timeout: .seconds(300))
        var result: Result?
        var failure: (any Error)?
        if up.status != 0 {
            Issue.record("up failed (\(up.status)): \(up.stderr)\n\(up.stdout)")
        } else {
            do { result = try await body(cluster) } catch { failure = error }
        }
        let down = try await cluster.compose(["down"], timeout: .seconds(120))
        #expect(down.status == 0, "down: \(down.stderr)")
        if let result { try await afterDown(cluster, result) }
        if let failure { throw failure }
        try? FileManager.default.removeItem(atPath: cluster.home)
    }
}

/// A compose project made from compose/skiff-compose.yaml (or another file of the same ports)
/// with every fixed port moved to `base`…, in a scratch SKIFF_HOME, with kubectl pointed at its
/// gateway.
struct ComposeCluster {
    let home: String
    let file: String
    /// More environment for `compose` (the file's `${NAME:-default}` settings).
    let environment: [String: String]

    init(base: Int, environment: [String: String] = [:], template: String = "compose/skiff-compose.yaml") throws {
        self.environment = environment
        home = temporaryDirectory("compose-cluster")
        file = home + "/skiff-compose.yaml"
        var text = try String(contentsOf: ChildProcess.packageRoot.appendingPathComponent(template), encoding: .utf8)
        for (from, to) in [("7001", base), ("7002", base + 1), ("7003", base + 2), ("7004", base + 3)] {
            text = text.replacingOccurrences(of: "127.0.0.1:\(from)", with: "127.0.0.1:\(to)")
        }
        text = text.replacingOccurrences(of: "127.0.0.1:8001", with: "127.0.0.1:0")
        text = text.replacingOccurrences(of: "dns, --api, ", with: "dns, --listen, \"127.0.0.1:\(base + 4)\", --api, ")
        // Node ports: node-N gets base + 10… + 100 × (N − 1).
        for (from, to) in [("7301", base + 10), ("7302", base + 11), ("7311", base + 12), ("7321", base + 13)] {
            text = text.replacingOccurrences(of: "${port:\(from)}", with: "${port:\(to)}")
        }
        for fixed in ["7001", "7003", "8001", "7301", "7311"] where text.contains(":\(fixed)") {
            throw StepFailure(description: "port \(fixed) left in the test compose file:\n\(text)")
        }
        try text.write(toFile: file, atomically: true, encoding: .utf8)
    }

    var kubeconfig: String { home + "/kubeconfig" }

    /// `compose/skiff-compose -f <file> …` with this SKIFF_HOME and the skiff the tests use.
    func compose(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await run(ChildProcess.packageRoot.path + "/compose/skiff-compose", ["-f", file] + arguments,
                      environment: environment.merging(["SKIFF_HOME": home, "SKIFF_BIN": ChildProcess.skiffBinary.path, "NO_COLOR": "1",
                                                         "SKIFF_COMPOSE_FILE": file]) { $1 },
                      timeout: timeout)
    }

    /// The real kubectl with this cluster's kubeconfig and a fresh cache.
    func kubectl(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await run(TestCluster.kubectlPath, ["--cache-dir", home + "/kube-cache"] + arguments,
                      environment: ["KUBECONFIG": kubeconfig, "HOME": home])
    }

    @discardableResult
    func kubectlOK(_ arguments: [String]) async throws -> String {
        let r = try await kubectl(arguments)
        guard r.status == 0 else {
            throw StepFailure(description: "kubectl \(arguments.joined(separator: " ")) failed (\(r.status)):\n\(r.stderr)\n\(r.stdout)")
        }
        return r.stdout
    }

    func create(_ manifest: String) async throws {
        let path = home + "/manifest-\(UInt32.random(in: 0...UInt32.max)).yaml"
        try manifest.write(toFile: path, atomically: true, encoding: .utf8)
        try await kubectlOK(["create", "-f", path])
    }

    func jsonpath(_ pod: String, _ expression: String) async throws -> String {
        try await kubectlOK(["get", "pod", pod, "-o", "jsonpath=" + expression])
    }

    /// The pod's row in `kubectl get pod`: STATUS and the count in RESTARTS.
    func row(_ pod: String) async throws -> (status: String, restarts: Int, line: String) {
        let line = try await kubectlOK(["get", "pod", pod, "--no-headers"])
        let columns = line.split(whereSeparator: \.isWhitespace).map(String.init)
        guard columns.count >= 5 else { throw StepFailure(description: "kubectl get pod \(pod): \(line)") }
        return (columns[2], Int(columns[3]) ?? -1, line)
    }

    func waitForStatus(_ pod: String, _ status: String, _ timeout: Duration = .seconds(120)) async throws {
        var last = ""
        do {
            try await poll(timeout, "\(pod) \(status)") {
                let r = try await row(pod)
                last = r.line
                return r.status == status
            }
        } catch {
            let describe = try? await kubectl(["describe", "pod", pod])
            throw StepFailure(description: "\(error); last row: \(last)\n\(describe?.stdout ?? "")")
        }
    }

    func deleteNow(_ pod: String) async throws {
        try await kubectlOK(["delete", "pod", pod, "--grace-period=0", "--force", "--wait=false"])
    }

    /// One service in `compose ps --json`.
    func service(_ name: String) async throws -> (pid: Int32, restarts: Int, health: String?) {
        let ps = try await compose(["ps", "--json"])
        let services = (try? JSONSerialization.jsonObject(with: Data(ps.stdout.utf8))) as? [[String: Any]] ?? []
        guard let s = services.first(where: { $0["name"] as? String == name }), let pid = s["pid"] as? Int else {
            throw StepFailure(description: "no running \(name) in compose ps --json: \(ps.stdout)\(ps.stderr)")
        }
        return (Int32(pid), s["restarts"] as? Int ?? 0, s["health"] as? String)
    }

    /// The pids of processes whose command line contains `text`.
    func pids(matching text: String) async throws -> [Int32] {
        let r = try await run("/usr/bin/pgrep", ["-f", text])
        return r.stdout.split(separator: "\n").compactMap { Int32($0) }
    }

    /// How many processes have exactly this command line.
    func processCount(_ commandLine: String) async throws -> Int {
        let r = try await run("/usr/bin/pgrep", ["-x", "-f", commandLine])
        return r.stdout.split(separator: "\n").count
    }

    /// Waits until `ip` is a local address on skiff-svc0, the device where the proxies hold
    /// ClusterIPs: nothing is sent to a ClusterIP before (the service range's unreachable route
    /// would refuse it; before that fence it followed the default route off the machine).
    func waitForServiceAddress(_ ip: String) async throws {
        try await poll(.seconds(90), "\(ip) on skiff-svc0") {
            try await run("/usr/sbin/ip", ["-4", "-o", "addr", "show", "dev", "skiff-svc0"]).stdout.contains(" \(ip)/32 ")
        }
    }

    /// Polls `condition` once a second (errors count as "not yet") until it holds or `timeout` passes.
    func poll(_ timeout: Duration, _ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        var lastError: (any Error)?
        while true {
            do {
                if try await condition() { return }
            } catch {
                lastError = error
            }
            guard ContinuousClock.now < deadline else {
                throw StepFailure(description: "timed out after \(timeout) waiting for \(what)\(lastError.map { ": \($0)" } ?? "")")
            }
            try await Task.sleep(for: .seconds(1))
        }
    }

    /// Runs one check; its failure is recorded and the next check still runs.
    func check(_ name: String, _ body: (ComposeCluster) async throws -> Void) async throws {
        do {
            try await body(self)
        } catch {
            Issue.record("\(name): \(error)")
        }
    }
}
