import Kubelet
import Resources
import RuntimeAPI
import Testing

/// activeDeadlineSeconds, sidecar init containers and restarts on an image change, in the pure core.
@Suite struct LifecycleCoreTests {
    static func sidecar(_ name: String, _ extra: JSONObject = [:]) -> JSON {
        var o = extra
        o["restartPolicy"] = "Always"
        return container(name, o)
    }

    // MARK: activeDeadlineSeconds

    @Test func aPodPastItsActiveDeadlineFailsWithDeadlineExceededAndItsContainersStop() {
        var json = podJSON(containers: [container("app")])
        json["spec"]["activeDeadlineSeconds"] = 30
        var sim = Simulation(json)
        sim.sync()
        #expect(sim.phase == "Running")
        let started = sim.now
        #expect(sim.wake == started + 30 * Simulation.s, "wakes at the deadline")
        sim.advance(29)
        sim.sync()
        #expect(sim.phase == "Running" && sim.stops.isEmpty, "not before the deadline")
        sim.now = started + 30 * Simulation.s
        sim.sync()
        #expect(sim.phase == "Failed")
        #expect(sim.status?["reason"] == "DeadlineExceeded")
        #expect(sim.status?["message"] == "Pod was active on the node longer than the specified deadline")
        #expect(sim.stops.map(\.name) == ["app"], "the container is stopped")
        #expect(sim.running("app") == nil && sim.instances("app") == 1, "and not restarted, though restartPolicy is Always")
        #expect(sim.sandbox?.state == .notReady)
        #expect(sim.events.contains { $0.reason == "DeadlineExceeded" && $0.type == "Normal" })
        #expect(sim.containerStatus("app")?["state"]?["terminated"]?["exitCode"] == 143)
        sim.advance(60)
        sim.sync()
        #expect(sim.phase == "Failed" && sim.instances("app") == 1, "a terminal phase stays")
    }

    @Test func theDeadlineCountsFromTheReportedStartTime() {
        // A kubelet restarted 100 s after the pod started: the deadline has passed already.
        var json = podJSON(containers: [container("app")])
        json["spec"]["activeDeadlineSeconds"] = 60
        var sim = Simulation(json)
        json["status"]["startTime"] = .string(KubeletTime.rfc3339(sim.now - 100 * Simulation.s))
        json["status"]["phase"] = "Running"
        sim.pod = PodModel(json)
        sim.sync()
        #expect(sim.phase == "Failed" && sim.status?["reason"] == "DeadlineExceeded")
        #expect(sim.running("app") == nil)
    }

    @Test func withoutADeadlineNothingFails() {
        var sim = Simulation(podJSON(containers: [container("app")]))
        sim.sync()
        sim.advance(100_000)
        sim.sync()
        #expect(sim.phase == "Running" && sim.status?["reason"] == nil)
    }

    // MARK: sidecars

    @Test func sidecarsStartInOrderAndKeepRunningBesideTheAppContainers() {
        var sim = Simulation(podJSON(initContainers: [container("setup"), Self.sidecar("proxy"), container("migrate")],
                                     containers: [container("app")]))
        sim.sync()
        #expect(sim.running("setup") != nil && sim.instances("proxy") == 0)
        sim.exit("setup", code: 0)
        sim.sync()
        #expect(sim.running("proxy") != nil, "the sidecar starts after the init container before it")
        #expect(sim.running("migrate") != nil, "and the next init container starts once the sidecar runs")
        #expect(sim.instances("app") == 0 && sim.phase == "Pending")
        sim.exit("migrate", code: 0)
        sim.sync()
        #expect(sim.running("app") != nil && sim.running("proxy") != nil, "the sidecar keeps running beside the app")
        #expect(sim.phase == "Running")
        #expect(sim.condition("Initialized")?["status"] == "True")
        #expect(sim.condition("Ready")?["status"] == "True")
        let proxy = sim.containerStatus("proxy", init: true)
        #expect(proxy?["state"]?["running"] != nil && proxy?["ready"] == true && proxy?["started"] == true)
    }

    @Test func aSidecarWithAStartupProbeHoldsBackTheNextInitContainerUntilItPasses() {
        let probe: JSON = ["exec": ["command": ["true"]], "periodSeconds": 1]
        var sim = Simulation(podJSON(initContainers: [Self.sidecar("proxy", ["startupProbe": probe])], containers: [container("app")]))
        sim.sync()
        #expect(sim.running("proxy") != nil && sim.instances("app") == 0)
        #expect(sim.probesRun.contains { $0 == ("proxy", .startup) }, "sidecars are probed")
        let id = sim.running("proxy")!.containerID
        sim.core.probeFinished(containerID: id, container: sim.pod!.initContainers[0], kind: .startup, success: true, output: "", now: sim.now)
        sim.sync()
        #expect(sim.running("app") != nil)
    }

    @Test func anExitedSidecarIsRestartedWhateverThePodsRestartPolicy() {
        var sim = Simulation(podJSON(restartPolicy: "Never", initContainers: [Self.sidecar("logger")], containers: [container("app")]))
        sim.sync()
        #expect(sim.running("app") != nil)
        sim.advance(1)
        sim.exit("logger", code: 0)
        sim.sync()
        #expect(sim.running("logger")?.config.attempt == 1, "restarted at once the first time")
        #expect(sim.running("app") != nil && sim.phase == "Running")
        #expect(sim.condition("Initialized")?["status"] == "True", "the pod stays initialized")
        sim.advance(1)
        sim.exit("logger", code: 1)
        sim.sync()
        #expect(sim.containerStatus("logger", init: true)?["state"]?["waiting"]?["reason"] == "CrashLoopBackOff", "then with back-off")
        sim.advance(10)
        sim.sync()
        #expect(sim.running("logger")?.config.attempt == 2)
        #expect(sim.containerStatus("logger", init: true)?["restartCount"] == 2)
    }

    @Test func whenTheAppContainersCompleteTheSidecarsStopAndThePodSucceeds() {
        var sim = Simulation(podJSON(restartPolicy: "Never", initContainers: [Self.sidecar("a"), Self.sidecar("b")],
                                     containers: [container("app")]))
        sim.sync()
        #expect(sim.running("a") != nil && sim.running("b") != nil && sim.running("app") != nil)
        sim.exit("app", code: 0)
        sim.sync()
        #expect(sim.phase == "Succeeded", "sidecars do not count toward the phase")
        #expect(sim.stops.map(\.name) == ["b", "a"], "sidecars stop in reverse order")
        #expect(sim.running("a") == nil && sim.running("b") == nil)
        #expect(sim.sandbox?.state == .notReady)
    }

    @Test func onDeletionTheSidecarsStopAfterTheAppContainersInReverseOrder() {
        var json = podJSON(initContainers: [Self.sidecar("first"), Self.sidecar("second")],
                           containers: [container("app"), container("worker")], grace: 20)
        var sim = Simulation(json)
        sim.sync()
        #expect(["first", "second", "app", "worker"].allSatisfy { sim.running($0) != nil })
        json["metadata"]["deletionTimestamp"] = "2023-11-14T22:14:00Z"
        json["metadata"]["deletionGracePeriodSeconds"] = 20
        sim.pod = PodModel(json)
        sim.sync()
        let order = sim.stops.map(\.name)
        #expect(order.count == 4)
        #expect(Set(order.prefix(2)) == ["app", "worker"], "the app containers first: \(order)")
        #expect(Array(order.suffix(2)) == ["second", "first"], "then the sidecars, last one first: \(order)")
        #expect(sim.deleted)
    }

    @Test func sidecarsNotYetStoppedWaitForTheAppContainers() {
        var json = podJSON(initContainers: [Self.sidecar("side")], containers: [container("app")])
        var sim = Simulation(json)
        sim.sync()
        var core = sim.core
        json["metadata"]["deletionTimestamp"] = "2023-11-14T22:14:00Z"
        let actions = core.sync(pod: PodModel(json), observed: sim.observed, now: sim.now)
        let stopped = actions.compactMap { a -> String? in if case let .stopContainer(_, name, _, _) = a { name } else { nil } }
        #expect(stopped == ["app"], "while the app container lives, the sidecar is left running")
    }

    // MARK: image changes

    @Test func anImageChangeRestartsTheRunningContainerWhateverThePolicy() {
        var json = podJSON(restartPolicy: "Never", containers: [container("app"), container("other")])
        var sim = Simulation(json)
        sim.sync()
        let first = sim.running("app")!
        #expect(first.config.image == "busybox")
        json["spec"]["containers"] = [container("app", ["image": "busybox:1.37"]), container("other")]
        sim.pod = PodModel(json)
        sim.advance(1)
        sim.sync()
        #expect(sim.stops.map(\.name) == ["app"], "only the changed container is stopped")
        #expect(sim.events.contains { $0.reason == "Killing" && $0.message == "Container app definition changed, will be restarted" })
        let second = sim.running("app")
        #expect(second?.config.image == "busybox:1.37" && second?.config.attempt == 1, "restarted at once with the new image")
        #expect(sim.containerStatus("app")?["restartCount"] == 1)
        #expect(sim.containerStatus("app")?["image"] == "busybox:1.37")
        #expect(sim.running("other")?.containerID == sim.containers.first { $0.config.name == "other" }?.containerID)
        #expect(sim.phase == "Running")
        sim.advance(1)
        sim.sync()
        #expect(sim.instances("app") == 2 && sim.stops.count == 1, "nothing more once the image matches")
    }

    @Test func theOnlyContainerOfANeverPodRestartedForItsImageDoesNotEndThePod() {
        var json = podJSON(restartPolicy: "Never", containers: [container("app")])
        var sim = Simulation(json)
        sim.sync()
        json["spec"]["containers"] = [container("app", ["image": "busybox:1.37"])]
        sim.pod = PodModel(json)
        sim.advance(1)
        sim.sync()
        #expect(sim.running("app")?.config.image == "busybox:1.37")
        #expect(sim.phase == "Running", "the stopped instance (143) does not make the pod Failed")
        #expect(sim.core.terminalPhase == nil)
        #expect(sim.stops.count == 1)
    }

    @Test func anExitedContainerIsNotRestartedForAnImageChangeUnderNever() {
        var json = podJSON(restartPolicy: "Never", containers: [container("app"), container("long")])
        var sim = Simulation(json)
        sim.sync()
        sim.exit("app", code: 0)
        sim.sync()
        json["spec"]["containers"] = [container("app", ["image": "busybox:1.37"]), container("long")]
        sim.pod = PodModel(json)
        sim.sync()
        #expect(sim.instances("app") == 1, "as Kubernetes: only running containers are restarted for a changed definition")
    }
}
