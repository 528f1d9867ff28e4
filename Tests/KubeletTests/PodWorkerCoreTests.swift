import Kubelet
import Resources
import RuntimeAPI
import Testing

@Suite struct PodWorkerCoreTests {
    @Test func createsTheSandboxThenStartsTheContainerAndReportsRunning() {
        var sim = Simulation(podJSON(containers: [container("app")]))
        let actions = sim.sync()
        #expect(actions.first == .runSandbox(attempt: 0))
        #expect(sim.running("app") != nil)
        #expect(sim.phase == "Running")
        let cs = sim.containerStatus("app")
        #expect(cs?["state"]?["running"]?["startedAt"]?.string == KubeletTime.rfc3339(sim.now))
        #expect(cs?["ready"] == true && cs?["started"] == true && cs?["restartCount"] == 0)
        #expect(cs?["containerID"]?.string == "skiff://c1")
        #expect(sim.condition("Ready")?["status"] == "True")
        #expect(sim.condition("PodScheduled")?["lastTransitionTime"] == "2023-11-14T22:13:00Z", "the scheduler's condition is kept")
        #expect(sim.status?["conditions"]?.array?.map { $0["type"]?.string ?? "" }
            == ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"])
        #expect(sim.status?["podIP"] == "10.0.0.5" && sim.status?["hostIP"] == "127.0.0.1")
        #expect(sim.status?["qosClass"] == "BestEffort")
        #expect(sim.status?["startTime"]?.string == KubeletTime.rfc3339(sim.now))
        var unbound = podJSON(name: "direct", containers: [container("app")])
        unbound["status"] = ["phase": "Pending"]
        var direct = Simulation(unbound)
        direct.sync()
        #expect(direct.condition("PodScheduled")?["status"] == "True", "a pod created with its nodeName is reported scheduled")
        // Nothing changes: nothing to write.
        sim.advance(5)
        #expect(!sim.sync().contains { if case .updateStatus = $0 { true } else { false } })
    }

    @Test func initContainersRunOneAtATimeInOrder() {
        var sim = Simulation(podJSON(initContainers: [container("first"), container("second")], containers: [container("app")]))
        sim.sync()
        #expect(sim.running("first") != nil && sim.instances("second") == 0 && sim.instances("app") == 0)
        #expect(sim.phase == "Pending")
        #expect(sim.condition("Initialized")?["message"] == "containers with incomplete status: [first second]")
        #expect(sim.containerStatus("app")?["state"]?["waiting"]?["reason"] == "PodInitializing")
        sim.advance(1)
        sim.exit("first", code: 0)
        sim.sync()
        #expect(sim.running("second") != nil && sim.instances("app") == 0)
        #expect(sim.containerStatus("first", init: true)?["state"]?["terminated"]?["reason"] == "Completed")
        #expect(sim.condition("Initialized")?["message"] == "containers with incomplete status: [second]")
        sim.advance(1)
        sim.exit("second", code: 0)
        sim.sync()
        #expect(sim.running("app") != nil)
        #expect(sim.phase == "Running")
        #expect(sim.condition("Initialized")?["status"] == "True")
        // Completed init containers are never run again.
        sim.advance(1)
        sim.exit("app", code: 1)
        sim.sync()
        #expect(sim.instances("first") == 1 && sim.instances("second") == 1 && sim.instances("app") == 2)
    }

    @Test func aFailedInitContainerFailsAPodThatNeverRestarts() {
        var sim = Simulation(podJSON(restartPolicy: "Never", initContainers: [container("init")], containers: [container("app")]))
        sim.sync()
        sim.exit("init", code: 3)
        sim.sync()
        #expect(sim.phase == "Failed")
        #expect(sim.instances("init") == 1 && sim.instances("app") == 0)
        #expect(sim.containerStatus("init", init: true)?["state"]?["terminated"]?["exitCode"] == 3)
        #expect(sim.sandbox?.state == .notReady, "a finished pod's sandbox is stopped")
        #expect(sim.condition("ContainersReady")?["reason"] == "PodFailed")
    }

    @Test func aFailedInitContainerIsRestartedWithBackOffUnderOnFailure() {
        var sim = Simulation(podJSON(restartPolicy: "OnFailure", initContainers: [container("init")], containers: [container("app")]))
        sim.sync()
        sim.exit("init", code: 1)
        sim.sync()
        #expect(sim.instances("init") == 2, "the first restart is immediate")
        sim.advance(1)
        sim.exit("init", code: 1)
        sim.sync()
        #expect(sim.instances("init") == 2)
        #expect(sim.phase == "Pending")
        #expect(sim.containerStatus("init", init: true)?["state"]?["waiting"]?["reason"] == "CrashLoopBackOff")
        sim.advance(10)
        sim.sync()
        #expect(sim.running("init")?.config.attempt == 2, "restarted once the back-off ended")
        sim.exit("init", code: 0)
        sim.sync()
        #expect(sim.running("app") != nil)
    }

    @Test func restartPolicyAlwaysBacksOffTenSecondsDoublingToFiveMinutes() {
        var sim = Simulation(podJSON(containers: [container("app")]))
        sim.sync()
        sim.exit("app", code: 2)
        sim.sync()
        #expect(sim.instances("app") == 2, "the first restart is immediate")
        var expected: Int64 = 10
        for round in 0..<8 {
            sim.advance(1)
            sim.exit("app", code: 2)
            let finished = sim.now
            sim.sync()
            let delay = min(expected, 300)
            let cs = sim.containerStatus("app")
            #expect(cs?["state"]?["waiting"]?["reason"] == "CrashLoopBackOff", "round \(round)")
            #expect(cs?["state"]?["waiting"]?["message"]?.string
                == "back-off \(KubeletTime.goDuration(delay * Simulation.s)) restarting failed container=app pod=web_default(uid-1)")
            #expect(cs?["lastState"]?["terminated"]?["exitCode"] == 2)
            #expect(cs?["restartCount"]?.int == Int64(round + 1))
            #expect(sim.phase == "Running", "restartPolicy Always keeps the pod Running")
            #expect(sim.wake == finished + delay * Simulation.s)
            let before = sim.instances("app")
            sim.now = finished + delay * Simulation.s - 1
            sim.sync()
            #expect(sim.instances("app") == before, "not before the back-off ends")
            sim.now = finished + delay * Simulation.s
            sim.sync()
            #expect(sim.running("app") != nil, "restarted when the back-off ends")
            expected *= 2
        }
        #expect(sim.events.filter { $0.reason == "BackOff" }.count == 8)
        #expect(sim.events.first { $0.reason == "BackOff" }?.message == "Back-off restarting failed container app in pod web_default(uid-1)")
        #expect(sim.instances("app") <= 2, "older instances are removed")
    }

    @Test func backOffStartsOverAfterTenMinutesOfRunning() {
        var sim = Simulation(podJSON(containers: [container("app")]))
        sim.sync()
        sim.exit("app", code: 1)
        sim.sync()
        sim.exit("app", code: 1)
        sim.sync()
        sim.advance(10)
        sim.sync()
        #expect(sim.running("app") != nil)
        sim.advance(601)  // ran more than 10 minutes
        sim.exit("app", code: 1)
        sim.sync()
        #expect(sim.running("app") != nil, "an expired back-off restarts at once")
        sim.advance(1)
        sim.exit("app", code: 1)
        sim.sync()
        #expect(sim.containerStatus("app")?["state"]?["waiting"]?["message"]?.string?.hasPrefix("back-off 10s") == true)
    }

    @Test func onFailureRestartsOnlyFailures() {
        var sim = Simulation(podJSON(restartPolicy: "OnFailure", containers: [container("app")]))
        sim.sync()
        sim.exit("app", code: 1)
        sim.sync()
        #expect(sim.running("app") != nil)
        sim.exit("app", code: 0)
        sim.sync()
        #expect(sim.phase == "Succeeded")
        #expect(sim.instances("app") == 2)
        #expect(sim.containerStatus("app")?["state"]?["terminated"]?["reason"] == "Completed")
        #expect(sim.condition("Initialized")?["reason"] == "PodCompleted")
        #expect(sim.condition("Ready")?["reason"] == "PodCompleted")
    }

    @Test func neverEndsSucceededOrFailed() {
        for (code, phase) in [(Int32(0), "Succeeded"), (Int32(7), "Failed")] {
            var sim = Simulation(podJSON(restartPolicy: "Never", containers: [container("a"), container("b")]))
            sim.sync()
            sim.exit("a", code: 0)
            sim.sync()
            #expect(sim.phase == "Running", "one container still runs")
            sim.exit("b", code: code)
            sim.sync()
            #expect(sim.phase == phase)
            #expect(sim.instances("a") == 1 && sim.instances("b") == 1)
            // Terminal is for good, even if the pod's status in the cache lags.
            sim.advance(100)
            sim.sync()
            #expect(sim.phase == phase)
        }
    }

    @Test func livenessFailuresPastTheThresholdRestartTheContainer() {
        let probe: JSON = ["exec": ["command": ["false"]], "initialDelaySeconds": 5, "periodSeconds": 10, "failureThreshold": 3]
        var sim = Simulation(podJSON(containers: [container("app", ["livenessProbe": probe])]))
        sim.sync()
        #expect(sim.probesRun.isEmpty)
        #expect(sim.wake == sim.running("app")!.startedAt + 5 * Simulation.s, "first probe after initialDelaySeconds")
        let spec = sim.pod!.containers[0]
        let id = sim.running("app")!.containerID
        for i in 1...3 {
            sim.now = sim.running("app")!.startedAt + Int64(5 + 10 * (i - 1)) * Simulation.s
            sim.sync()
            #expect(sim.probesRun.count == i)
            sim.core.probeFinished(containerID: id, container: spec, kind: .liveness, success: false, output: "boom", now: sim.now)
            sim.sync()
            if i < 3 { #expect(sim.running("app")?.containerID == id, "alive after \(i) failures") }
        }
        #expect(sim.events.filter { $0.reason == "Unhealthy" }.map(\.message) == Array(repeating: "Liveness probe failed: boom", count: 3))
        #expect(sim.events.contains { $0.reason == "Killing" && $0.message == "Container app failed liveness probe, will be restarted" })
        #expect(sim.stops.count == 1 && sim.stops[0].grace == 30)
        #expect(sim.running("app") != nil && sim.running("app")!.containerID != id, "restarted")
        #expect(sim.containerStatus("app")?["restartCount"] == 1)
        #expect(sim.containerStatus("app")?["lastState"]?["terminated"]?["exitCode"] == 143)
    }

    @Test func readinessNeedsItsSuccessThresholdAndStartupGatesTheOthers() {
        let ready: JSON = ["httpGet": ["port": 8080, "path": "/"], "periodSeconds": 1, "successThreshold": 2]
        let startup: JSON = ["tcpSocket": ["port": 8080], "periodSeconds": 1, "failureThreshold": 5]
        var sim = Simulation(podJSON(containers: [container("app", ["readinessProbe": ready, "startupProbe": startup])]))
        sim.sync()
        let spec = sim.pod!.containers[0], id = sim.running("app")!.containerID
        #expect(sim.probesRun.map(\.1) == [.startup], "only the startup probe runs before start-up")
        #expect(sim.containerStatus("app")?["started"] == false && sim.containerStatus("app")?["ready"] == false)
        sim.core.probeFinished(containerID: id, container: spec, kind: .startup, success: true, output: "", now: sim.now)
        sim.sync()
        #expect(sim.containerStatus("app")?["started"] == true)
        #expect(sim.probesRun.map(\.1) == [.startup, .readiness])
        sim.core.probeFinished(containerID: id, container: spec, kind: .readiness, success: true, output: "", now: sim.now)
        sim.sync()
        #expect(sim.containerStatus("app")?["ready"] == false, "one success of two")
        #expect(sim.condition("Ready")?["message"] == "containers with unready status: [app]")
        sim.advance(1)
        sim.sync()
        sim.core.probeFinished(containerID: id, container: spec, kind: .readiness, success: true, output: "", now: sim.now)
        sim.sync()
        #expect(sim.containerStatus("app")?["ready"] == true)
        #expect(sim.condition("Ready")?["status"] == "True" && sim.condition("ContainersReady")?["status"] == "True")
        #expect(sim.probesRun.filter { $0.1 == .startup }.count == 1, "a succeeded startup probe stops")
    }

    @Test func aFailingStartupProbeRestarts() {
        let startup: JSON = ["exec": ["command": ["false"]], "periodSeconds": 1, "failureThreshold": 2]
        var sim = Simulation(podJSON(containers: [container("app", ["startupProbe": startup])]))
        sim.sync()
        let spec = sim.pod!.containers[0], id = sim.running("app")!.containerID
        sim.core.probeFinished(containerID: id, container: spec, kind: .startup, success: false, output: "no", now: sim.now)
        sim.advance(1)
        sim.sync()
        sim.core.probeFinished(containerID: id, container: spec, kind: .startup, success: false, output: "no", now: sim.now)
        sim.sync()
        #expect(sim.events.contains { $0.message == "Container app failed startup probe, will be restarted" })
        #expect(sim.running("app")?.containerID != id)
    }

    @Test func deletionStopsWithTheGracePeriodThenDeletesThePod() {
        let preStop: JSON = ["preStop": ["exec": ["command": ["sh", "-c", "echo bye"]]]]
        var pod = podJSON(containers: [container("app", ["lifecycle": preStop]), container("side")], grace: 30)
        var sim = Simulation(pod)
        sim.sync()
        pod["metadata"]["deletionTimestamp"] = "2023-11-14T22:14:00Z"
        pod["metadata"]["deletionGracePeriodSeconds"] = 7
        sim.pod = PodModel(pod)
        let actions = sim.sync()
        #expect(actions.filter { if case .startContainer = $0 { true } else { false } }.isEmpty, "nothing starts")
        #expect(sim.stops.map(\.name).sorted() == ["app", "side"])
        #expect(sim.stops.allSatisfy { $0.grace == 7 })
        #expect(sim.stops.first { $0.name == "app" }?.preStop == .exec(command: ["sh", "-c", "echo bye"]))
        #expect(sim.events.filter { $0.reason == "Killing" }.map(\.message).sorted() == ["Stopping container app", "Stopping container side"])
        #expect(sim.sandbox?.state == .notReady)
        #expect(sim.deleted)
        #expect(sim.phase == "Failed", "killed by SIGTERM: exit 143")
        // The final delete is issued once.
        sim.deleted = false
        sim.sync()
        #expect(!sim.deleted)
        // Gone from the API server: the runtime's objects go too.
        sim.pod = nil
        sim.sync()
        #expect(sim.removedAll && sim.core.finished)
    }

    @Test func aConfigErrorWaitsAndRetries() {
        var sim = Simulation(podJSON(containers: [container("app")]))
        sim.core.startFailed(name: "app", reason: "CreateContainerConfigError", message: "configmap \"x\" not found", now: sim.now)
        // The sandbox is created, then the start waits for its retry time.
        let first = sim.core.sync(pod: sim.pod, observed: sim.observed, now: sim.now)
        for a in first { sim.apply(a, changed: true) }
        sim.sync()
        #expect(sim.instances("app") == 0)
        #expect(sim.containerStatus("app")?["state"]?["waiting"]?["reason"] == "CreateContainerConfigError")
        #expect(sim.containerStatus("app")?["state"]?["waiting"]?["message"] == "configmap \"x\" not found")
        #expect(sim.phase == "Pending")
        sim.advance(2)
        sim.sync()
        #expect(sim.running("app") != nil)
    }

    @Test func adoptsARunningContainerInsteadOfStartingItAgain() {
        var first = Simulation(podJSON(containers: [container("app")]))
        first.sync()
        // A new kubelet: fresh core, same runtime.
        var second = Simulation(podJSON(containers: [container("app")]))
        second.sandbox = first.sandbox
        second.containers = first.containers
        let actions = second.sync()
        #expect(!actions.contains { $0.changesRuntime })
        #expect(second.instances("app") == 1)
    }

    @Test func aFinishedPodTheRuntimeForgotKeepsItsStatus() {
        var done = Simulation(podJSON(restartPolicy: "Never", containers: [container("app")]))
        done.sync()
        done.exit("app", code: 0)
        done.sync()
        #expect(done.phase == "Succeeded")
        // A new kubelet, a runtime that lost everything: nothing is started, nothing rewritten.
        var pod = podJSON(restartPolicy: "Never", containers: [container("app")])
        pod["status"] = done.status!
        var again = Simulation(pod)
        let actions = again.sync()
        #expect(actions.isEmpty, "\(actions)")
    }

    /// Random exits under every policy: the core never runs two instances of a container at
    /// once, never restarts under Never, and a terminal phase never changes.
    @Test func randomExitsKeepTheInvariants() {
        var rng = SplitMix(seed: 42)
        for policy in ["Always", "OnFailure", "Never"] {
            for _ in 0..<30 {
                var sim = Simulation(podJSON(restartPolicy: policy, initContainers: [container("i")], containers: [container("a"), container("b")]))
                var terminal: String?
                for _ in 0..<40 {
                    sim.advance(Double(rng.next() % 40))
                    if rng.next() % 2 == 0, let c = sim.containers.filter({ $0.state == .running }).randomElement(using: &rng) {
                        sim.exit(id: c.containerID, code: Int32(rng.next() % 3))
                    }
                    sim.sync()
                    for name in ["i", "a", "b"] {
                        #expect(sim.containers.filter { $0.config.name == name && $0.state == .running }.count <= 1)
                        if policy == "Never" { #expect(sim.containers.filter { $0.config.name == name }.count <= 1) }
                    }
                    if let t = terminal { #expect(sim.phase == t) }
                    if sim.phase == "Succeeded" || sim.phase == "Failed" { terminal = sim.phase }
                    if policy == "Always" { #expect(sim.phase != "Succeeded" && sim.phase != "Failed") }
                }
            }
        }
    }
}

struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
