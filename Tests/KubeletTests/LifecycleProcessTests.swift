import Bus
import Client
import Foundation
import Resources
import RuntimeAPI
import SkiffTestSupport
import Testing

/// activeDeadlineSeconds, sidecar init containers and image changes with a real store, API
/// server, `skiff runtime` and `skiff kubelet`.
@Suite(.serialized) struct LifecycleProcessTests {
    @Test func aPodPastItsActiveDeadlineIsFailedAndItsProcessKilled() async throws {
        let h = try await NodeHarness.start()
        do {
            var pod = simplePod("deadline", script: "trap '' TERM; while true; do sleep 0.2; done", grace: 1)
            pod["spec"]["activeDeadlineSeconds"] = 3
            _ = try await h.create(pod)
            _ = try await h.waitForPod("deadline", "Running") { $0["status"]?["phase"] == "Running" }
            let pid = try #require(try await h.runtimeContainers().first { $0.config.name == "main" && $0.state == .running }?.pid)
            let failed = try await h.waitForPod("deadline", "Failed with DeadlineExceeded", timeout: .seconds(90)) {
                $0["status"]?["phase"] == "Failed" && mainStatus($0)?["state"]?["terminated"] != nil
            }
            #expect(failed["status"]?["reason"] == "DeadlineExceeded")
            #expect(failed["status"]?["message"] == "Pod was active on the node longer than the specified deadline")
            #expect(mainStatus(failed)?["state"]?["terminated"]?["exitCode"] == 137, "it ignored SIGTERM: killed after its grace")
            #expect(mainStatus(failed)?["restartCount"] == 0, "not restarted, though restartPolicy is Always")
            #expect(kill(pid, 0) != 0, "the process is gone")
            try await h.waitForEvents(about: "deadline", "DeadlineExceeded") { $0.contains { $0["reason"] == "DeadlineExceeded" } }
        } catch {
            _ = try? await h.stop()
            throw error
        }
        try await h.stop()
    }

    @Test func sidecarsRunBesideTheAppAreRestartedAndStopLast() async throws {
        let h = try await NodeHarness.start()
        do {
            let order = h.root + "/sidecar-order"
            let sidecar: JSON = ["name": "side", "image": "busybox", "restartPolicy": "Always",
                                 "command": ["sh", "-c", .string("trap 'echo side >> \(order); exit 0' TERM; echo up; while true; do sleep 0.1; done")]]
            let setup: JSON = ["name": "setup", "image": "busybox", "command": ["sh", "-c", "echo setup"]]
            var pod = simplePod("with-sidecar", script: "trap 'echo main >> \(order); exit 0' TERM; while true; do sleep 0.1; done", grace: 20)
            pod["spec"]["initContainers"] = [sidecar, setup]
            _ = try await h.create(pod)
            let running = try await h.waitForPod("with-sidecar", "Running and Ready") {
                $0["status"]?["phase"] == "Running" && $0["status"]?["conditions"]?.array?.contains { $0["type"] == "Ready" && $0["status"] == "True" } == true
            }
            let inits = running["status"]?["initContainerStatuses"]?.array ?? []
            #expect(inits.first { $0["name"] == "side" }?["state"]?["running"] != nil, "the sidecar keeps running: \(inits)")
            #expect(inits.first { $0["name"] == "setup" }?["state"]?["terminated"]?["exitCode"] == 0)
            let containers = try await h.runtimeContainers()
            let side = try #require(containers.first { $0.config.name == "side" && $0.state == .running })
            let setupRan = try #require(containers.first { $0.config.name == "setup" })
            #expect(side.startedAt <= setupRan.startedAt, "the sidecar started before the init container after it")

            // It exits: restarted, and the app keeps running.
            kill(try #require(side.pid), SIGKILL)
            let restarted = try await h.waitForPod("with-sidecar", "the sidecar restarted") {
                let s = $0["status"]?["initContainerStatuses"]?.array?.first { $0["name"] == "side" }
                return s?["restartCount"] == 1 && s?["state"]?["running"] != nil
            }
            #expect(mainStatus(restarted)?["restartCount"] == 0 && mainStatus(restarted)?["state"]?["running"] != nil)

            // Deleted: the app container stops first, then the sidecar.
            _ = try await h.api.call(APIRequest(.delete, resource: "pods", namespace: "default", name: "with-sidecar"))
            try await eventually(.seconds(90), "the pod to disappear") { await h.pod("with-sidecar") == nil }
            let lines = (try? String(contentsOfFile: order, encoding: .utf8))?.split(separator: "\n") ?? []
            #expect(lines == ["main", "side"], "stop order: \(lines)")
        } catch {
            _ = try? await h.stop()
            throw error
        }
        try await h.stop()
    }

    @Test func changingAContainersImageRestartsIt() async throws {
        let h = try await NodeHarness.start()
        do {
            _ = try await h.create(simplePod("retag", restartPolicy: "Never", script: "sleep 3600", grace: 1))
            let before = try await h.waitForPod("retag", "Running") { $0["status"]?["phase"] == "Running" }
            let firstID = mainStatus(before)?["containerID"]?.string
            let patch: JSON = [["op": "replace", "path": "/spec/containers/0/image", "value": "busybox:1.37"]]
            _ = try await h.api.call(APIRequest(.patch, resource: "pods", namespace: "default", name: "retag",
                                                patchType: "application/json-patch+json", body: patch))
            let after = try await h.waitForPod("retag", "restarted with the new image") {
                mainStatus($0)?["restartCount"] == 1 && mainStatus($0)?["state"]?["running"] != nil
            }
            #expect(mainStatus(after)?["image"] == "busybox:1.37")
            #expect(mainStatus(after)?["containerID"]?.string != firstID)
            #expect(mainStatus(after)?["lastState"]?["terminated"] != nil)
            #expect(after["status"]?["phase"] == "Running", "restarted though restartPolicy is Never")
            let live = try await h.runtimeContainers().filter { $0.config.name == "main" && $0.state == .running }
            #expect(live.count == 1 && live.first?.config.image == "busybox:1.37")
            try await h.waitForEvents(about: "retag", "Killing") {
                $0.contains { $0["message"] == "Container main definition changed, will be restarted" }
            }
        } catch {
            _ = try? await h.stop()
            throw error
        }
        try await h.stop()
    }
}
