import Bus
import Client
import Foundation
import Resources
import RuntimeAPI
import SkiffTestSupport
import Testing

/// Real processes: store, API server, `skiff runtime` (process driver) and `skiff kubelet`.
@Suite(.serialized) struct KubeletProcessTests {
    @Test func registersItsNodeAndLeaseAndRunsAPodThatPrints() async throws {
        let h = try await NodeHarness.start()
        do {
            let node = try await h.api.call(APIRequest(.get, resource: "nodes", name: h.node)).object()
            #expect(node["metadata"]?["annotations"]?[KubeletMessages.rpcAnnotation]?.string == h.kubeletRPC.value)
            #expect(node["metadata"]?["labels"]?["kubernetes.io/hostname"] == .string(h.node))
            #expect(node["status"]?["capacity"]?["cpu"] == "4" && node["status"]?["capacity"]?["memory"] == "8388608Ki")
            #expect(node["status"]?["nodeInfo"]?["containerRuntimeVersion"]?.string?.hasPrefix("skiff-runtime://") == true)
            #expect(node["status"]?["conditions"]?.array?.first { $0["type"] == "Ready" }?["status"] == "True")
            try await eventually(.seconds(90), "the node's Lease") {
                let lease = try? await h.api.call(APIRequest(.get, group: "coordination.k8s.io", resource: "leases",
                                                             namespace: "kube-node-lease", name: h.node)).object()
                return lease?["spec"]?["holderIdentity"] == .string(h.node)
            }

            _ = try await h.create(simplePod("hello", restartPolicy: "Never", script: "echo one; echo two; echo three"))
            let pod = try await h.waitForPod("hello", "Succeeded") { $0["status"]?["phase"] == "Succeeded" }
            let terminated = mainStatus(pod)?["state"]?["terminated"]
            #expect(terminated?["exitCode"] == 0 && terminated?["reason"] == "Completed")
            #expect(mainStatus(pod)?["containerID"]?.string?.hasPrefix("skiff://") == true)
            #expect(pod["status"]?["conditions"]?.array?.first { $0["type"] == "Ready" }?["reason"] == "PodCompleted")
            #expect(pod["status"]?["podIP"] != nil && pod["status"]?["startTime"] != nil)

            let all = try await h.logs(.init(namespace: "default", pod: "hello"))
            #expect(all.text == "one\ntwo\nthree\n" && all.ended)
            let tail = try await h.logs(.init(namespace: "default", pod: "hello", tailLines: 1, timestamps: true))
            #expect(tail.text.hasSuffix("Z three\n"))
            // Through the API server, as the gateway asks.
            let reply = try await h.api.call(APIRequest(.get, resource: "pods", subresource: "log", namespace: "default", name: "hello",
                                                        query: ["tailLines": "2"]))
            #expect(String(decoding: reply.body, as: UTF8.self) == "two\nthree\n")
            let more = try await h.logs(.init(namespace: "default", pod: "hello", follow: true, cursor: all.cursor))
            #expect(more.text.isEmpty && more.ended && more.cursor == all.cursor)

            // `kubectl run x --image=busybox -- sh -c …` sets only args: with no image to read an
            // ENTRYPOINT from, the args are the command.
            var argsOnly = simplePod("args-only", restartPolicy: "Never", script: "")
            argsOnly["spec"]["containers"] = [["name": "main", "image": "busybox", "args": ["sh", "-c", "echo from args"]]]
            _ = try await h.create(argsOnly)
            _ = try await h.waitForPod("args-only", "Succeeded") { $0["status"]?["phase"] == "Succeeded" }
            #expect(try await h.logs(.init(namespace: "default", pod: "args-only")).text == "from args\n")

            try await h.waitForEvents(about: "hello", "Pulled, Created, Started") { e in
                ["Pulled", "Created", "Started"].allSatisfy { r in e.contains { $0["reason"]?.string == r } }
            }
        } catch {
            _ = try? await h.stop()
            throw error
        }
        #expect(try await h.stop() == 0, "the kubelet exits 0 on SIGTERM")
    }

    @Test func aFailingContainerCrashLoopsAndNeverEndsFailed() async throws {
        let h = try await NodeHarness.start()
        do {
            _ = try await h.create(simplePod("crash", script: "echo boom; exit 3"))
            _ = try await h.create(simplePod("once", restartPolicy: "Never", script: "exit 2"))
            let crash = try await h.waitForPod("crash", "CrashLoopBackOff") {
                mainStatus($0)?["state"]?["waiting"]?["reason"] == "CrashLoopBackOff"
            }
            let cs = mainStatus(crash)
            #expect(cs?["lastState"]?["terminated"]?["exitCode"] == 3)
            #expect(cs?["lastState"]?["terminated"]?["reason"] == "Error")
            #expect((cs?["restartCount"]?.int ?? 0) >= 1)
            #expect(cs?["state"]?["waiting"]?["message"]?.string?.contains("restarting failed container=main pod=crash_default(") == true)
            #expect(crash["status"]?["phase"] == "Running")
            let previous = try await h.logs(.init(namespace: "default", pod: "crash", previous: true))
            #expect(previous.text == "boom\n")
            try await h.waitForEvents(about: "crash", "BackOff") { $0.contains { $0["reason"] == "BackOff" } }

            let once = try await h.waitForPod("once", "Failed") { $0["status"]?["phase"] == "Failed" }
            #expect(mainStatus(once)?["state"]?["terminated"]?["exitCode"] == 2)
            #expect(mainStatus(once)?["restartCount"] == 0)
        } catch {
            _ = try? await h.stop()
            throw error
        }
        try await h.stop()
    }

    @Test func aFailingLivenessProbeRestartsTheContainer() async throws {
        let h = try await NodeHarness.start()
        do {
            let probe: JSON = ["exec": ["command": ["sh", "-c", "exit 1"]], "periodSeconds": 1, "failureThreshold": 2]
            _ = try await h.create(simplePod("sick", script: "sleep 1000", extra: ["livenessProbe": probe], grace: 1))
            let pod = try await h.waitForPod("sick", "restarted by its liveness probe") { (mainStatus($0)?["restartCount"]?.int ?? 0) >= 1 }
            #expect(mainStatus(pod)?["lastState"]?["terminated"] != nil)
            try await h.waitForEvents(about: "sick", "Killing and Unhealthy") { e in
                let messages = e.map { $0["message"]?.string ?? "" }
                return messages.contains("Container main failed liveness probe, will be restarted")
                    && messages.contains { $0.hasPrefix("Liveness probe failed") }
            }
        } catch {
            _ = try? await h.stop()
            throw error
        }
        try await h.stop()
    }

    @Test func deleteStopsTheProcessWithinItsGracePeriodAndThePodGoes() async throws {
        let h = try await NodeHarness.start()
        do {
            _ = try await h.create(simplePod("web", script: "trap 'echo bye; exit 0' TERM; while true; do sleep 0.1; done",
                                             extra: ["readinessProbe": ["tcpSocket": ["port": 1]]], grace: 5))
            _ = try await h.waitForPod("web", "Running") { $0["status"]?["phase"] == "Running" }
            #expect(await h.pod("web").flatMap(mainStatus)?["ready"] == false, "a refused TCP probe keeps it unready")
            let pid = try #require(try await h.runtimeContainers().first { $0.config.name == "main" && $0.state == .running }?.pid)
            let started = ContinuousClock.now
            _ = try await h.api.call(APIRequest(.delete, resource: "pods", namespace: "default", name: "web"))
            try await eventually(.seconds(90), "the pod to disappear") { await h.pod("web") == nil }
            #expect(ContinuousClock.now - started < .seconds(5), "the process stopped on SIGTERM, well within its grace")
            #expect(kill(pid, 0) != 0, "the process is gone")
            try await eventually(.seconds(90), "the runtime to forget the pod") { (try? await h.runtimeContainers().isEmpty) == true }

            // preStop runs first; a container that ignores SIGTERM is killed when its grace period ends.
            let marker = h.root + "/prestop-ran"
            _ = try await h.create(simplePod("stubborn", script: "trap '' TERM; while true; do sleep 0.1; done",
                                             extra: ["lifecycle": ["preStop": ["exec": ["command": ["sh", "-c", .string("touch \(marker)")]]]]],
                                             grace: 2))
            _ = try await h.waitForPod("stubborn", "Running") { $0["status"]?["phase"] == "Running" }
            let deleted = ContinuousClock.now
            _ = try await h.api.call(APIRequest(.delete, resource: "pods", namespace: "default", name: "stubborn"))
            try await eventually(.seconds(90), "the stubborn pod to disappear") { await h.pod("stubborn") == nil }
            let took = ContinuousClock.now - deleted
            #expect(took >= .seconds(2) && took < .seconds(10), "killed after its 2 s grace period, took \(took)")
            #expect(FileManager.default.fileExists(atPath: marker), "the preStop hook ran")
        } catch {
            _ = try? await h.stop()
            throw error
        }
        try await h.stop()
    }

    @Test func aKilledKubeletRestartedAdoptsItsContainers() async throws {
        let h = try await NodeHarness.start()
        do {
            _ = try await h.create(simplePod("steady", script: "sleep 1000"))
            _ = try await h.create(simplePod("steady2", script: "sleep 1000"))
            for name in ["steady", "steady2"] {
                _ = try await h.waitForPod(name, "Running") { $0["status"]?["phase"] == "Running" }
            }
            let before = try await h.runtimeContainers().filter { $0.state == .running }
            #expect(before.count == 2)
            h.kubelet.send(SIGKILL)
            _ = try await h.kubelet.exit()
            // A pod deleted while the kubelet was away leaves leftovers in the runtime.
            _ = try await h.api.call(APIRequest(.delete, resource: "pods", namespace: "default", name: "steady2",
                                                query: ["gracePeriodSeconds": "0"]))
            try await h.startKubelet(rpc: h.kubeletRPC.value)
            try await eventually(.seconds(90), "the leftovers of steady2 to be removed") {
                (try? await h.runtimeContainers().filter { $0.config.labels["io.kubernetes.pod.name"] == "steady2" }.isEmpty) == true
            }
            try await Task.sleep(for: .seconds(2))
            let after = try await h.runtimeContainers().filter { $0.config.labels["io.kubernetes.pod.name"] == "steady" }
            #expect(after.count == 1, "\(after.map(\.containerID))")
            #expect(after.first?.containerID == before.first { $0.config.labels["io.kubernetes.pod.name"] == "steady" }?.containerID)
            #expect(after.first?.state == .running)
            let pod = await h.pod("steady")
            #expect(pod.flatMap(mainStatus)?["restartCount"] == 0 && pod?["status"]?["phase"] == "Running")
        } catch {
            _ = try? await h.stop()
            throw error
        }
        try await h.stop()
    }

    @Test func kubectlLogsFollowsThroughTheGateway() async throws {
        let h = try await NodeHarness.start()
        let kubeconfig = h.root + "/kubeconfig"
        let gateway = try ChildProcess(skiff: ["gateway", "--bind", "127.0.0.1:0", "--api", h.cluster.apiRPC,
                                               "--events", h.cluster.apiEvents, "--kubeconfig", kubeconfig, "--log-level", "debug"])
        do {
            _ = try await gateway.line(containing: "ready")
            _ = try await h.create(simplePod("ticker", restartPolicy: "Never",
                                             script: "for i in 1 2 3 4 5 6; do echo tick $i; sleep 0.4; done"))
            _ = try await h.waitForPod("ticker", "Running") { $0["status"]?["phase"] == "Running" }
            let kubectl = URL(fileURLWithPath: "/usr/bin/kubectl")
            let environment = ProcessInfo.processInfo.environment.merging(["KUBECONFIG": kubeconfig]) { $1 }
            let follow = try ChildProcess(executable: kubectl, arguments: ["logs", "-f", "ticker"], environment: environment, name: "kubectl logs -f")
            _ = try await follow.line(containing: "tick 6", timeout: .seconds(20))
            #expect(try await follow.exit(timeout: .seconds(10)) == 0, "kubectl logs -f ends with the container")
            #expect(follow.stdout == (1...6).map { "tick \($0)" }.joined(separator: "\n"))
            let tail = try ChildProcess(executable: kubectl, arguments: ["logs", "ticker", "--tail=2"], environment: environment, name: "kubectl logs")
            #expect(try await tail.exit() == 0)
            #expect(tail.stdout == "tick 5\ntick 6")

            // A follower that leaves is noticed even while the container prints nothing.
            _ = try await h.create(simplePod("quiet", script: "echo hush; sleep 1000"))
            _ = try await h.waitForPod("quiet", "Running") { $0["status"]?["phase"] == "Running" }
            let quiet = try ChildProcess(executable: kubectl, arguments: ["logs", "-f", "quiet"], environment: environment, name: "kubectl logs -f quiet")
            _ = try await quiet.line(containing: "hush")
            quiet.send(SIGTERM)
            _ = try await quiet.exit()
            try await eventually(.seconds(90), "the gateway to stop following") { gateway.stderr.contains("log follow ended: the client left") }
        } catch {
            gateway.send(SIGTERM)
            _ = try? await gateway.exit()
            _ = try? await h.stop()
            throw error
        }
        gateway.send(SIGTERM)
        _ = try await gateway.exit()
        try await h.stop()
    }

    @Test func envFromConfigMapsSecretsAndTheDownwardAPIWaitingForAMissingConfigMap() async throws {
        let h = try await NodeHarness.start()
        do {
            _ = try await h.api.call(APIRequest(.create, resource: "secrets", namespace: "default",
                                                body: ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "db"],
                                                       "data": ["password": .string(Data("hunter2".utf8).base64EncodedString())]]))
            let env: JSON = [["name": "MODE", "valueFrom": ["configMapKeyRef": ["name": "settings", "key": "mode"]]],
                             ["name": "PW", "valueFrom": ["secretKeyRef": ["name": "db", "key": "password"]]],
                             ["name": "ME", "valueFrom": ["fieldRef": ["fieldPath": "metadata.name"]]],
                             ["name": "NODE", "valueFrom": ["fieldRef": ["fieldPath": "spec.nodeName"]]],
                             ["name": "GREETING", "value": "hi $(ME)"]]
            _ = try await h.create(simplePod("envy", restartPolicy: "Never", script: "echo $MODE $PW $ME $NODE; echo $GREETING",
                                             extra: ["env": env]))
            let waiting = try await h.waitForPod("envy", "CreateContainerConfigError") {
                mainStatus($0)?["state"]?["waiting"]?["reason"] == "CreateContainerConfigError"
            }
            #expect(mainStatus(waiting)?["state"]?["waiting"]?["message"] == "configmap \"settings\" not found")
            #expect(waiting["status"]?["phase"] == "Pending")
            _ = try await h.api.call(APIRequest(.create, resource: "configmaps", namespace: "default",
                                                body: ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "settings"],
                                                       "data": ["mode": "fast"]]))
            _ = try await h.waitForPod("envy", "Succeeded once the ConfigMap exists") { $0["status"]?["phase"] == "Succeeded" }
            let logs = try await h.logs(.init(namespace: "default", pod: "envy"))
            #expect(logs.text == "fast hunter2 envy node-1\nhi envy\n")
            try await h.waitForEvents(about: "envy", "Failed") { $0.contains { $0["message"] == "Error: configmap \"settings\" not found" } }
            // Bad log queries are the API server's 400s.
            func failure(_ query: [String: String]) async -> StatusError? {
                do {
                    _ = try await h.api.call(APIRequest(.get, resource: "pods", subresource: "log", namespace: "default", name: "envy", query: query))
                    return nil
                } catch { return error }
            }
            #expect(await failure(["tailLines": "many"])?.code == 400)
            let wrong = await failure(["container": "nope"])
            #expect(wrong?.code == 400 && wrong?.message == "container nope is not valid for pod envy")
        } catch {
            _ = try? await h.stop()
            throw error
        }
        try await h.stop()
    }

    @Test func theNodeIsNotReadyWhileTheRuntimeIsDown() async throws {
        let h = try await NodeHarness.start(kubeletArguments: ["--node-status-update-frequency", "0.3"])
        do {
            @Sendable func ready() async -> String? {
                let node = try? await h.api.call(APIRequest(.get, resource: "nodes", name: h.node)).object()
                return node?["status"]?["conditions"]?.array?.first { $0["type"] == "Ready" }?["status"]?.string
            }
            try await eventually(.seconds(90), "Ready") { await ready() == "True" }
            try await h.restartRuntime {
                try await eventually(.seconds(90), "NotReady while the runtime is down") { await ready() == "False" }
            }
            try await eventually(.seconds(90), "Ready again") { await ready() == "True" }
        } catch {
            _ = try? await h.stop()
            throw error
        }
        try await h.stop()
    }
}
