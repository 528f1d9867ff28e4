import Bus
import Client
import Foundation
import Resources
import RuntimeAPI
import SkiffTestSupport

/// A store and API server (``TestCluster``), a real `skiff runtime` (process driver) and a real
/// `skiff kubelet` for node `node-1`, on ephemeral loopback ports. Pods are bound by the test
/// through the binding subresource (no scheduler here).
final class NodeHarness: Sendable {
    let cluster: TestCluster
    private let runtimeProcess: LockedBox<ChildProcess>
    var runtime: ChildProcess { runtimeProcess.value }
    let runtimeRPC: String
    let runtimeEvents: String
    let root: String
    let api: APIClient
    let node = "node-1"
    private let kubeletProcess: LockedBox<ChildProcess>
    let kubeletRPC: LockedBox<String>

    var kubelet: ChildProcess { kubeletProcess.value }

    private init(cluster: TestCluster, runtime: ChildProcess, runtimeRPC: String, runtimeEvents: String, root: String,
                 api: APIClient, kubelet: ChildProcess, kubeletRPC: String) {
        self.cluster = cluster
        self.runtimeProcess = LockedBox(runtime)
        self.runtimeRPC = runtimeRPC
        self.runtimeEvents = runtimeEvents
        self.root = root
        self.api = api
        self.kubeletProcess = LockedBox(kubelet)
        self.kubeletRPC = LockedBox(kubeletRPC)
    }

    static func start(kubeletArguments: [String] = []) async throws -> NodeHarness {
        let cluster = try await TestCluster.start()
        let root = temporaryDirectory("node")
        let environment = ProcessInfo.processInfo.environment.merging(["SKIFF_HOME": cluster.home]) { $1 }
        let runtime = try ChildProcess(skiff: ["runtime", "--rpc", "tcp://127.0.0.1:*", "--events", "tcp://127.0.0.1:*",
                                               "--driver", "process", "--root", root + "/runtime"], environment: environment)
        let fields = readyFields(try await runtime.line(containing: "ready"))
        let api = try await APIClient(endpoints: [cluster.apiRPC])
        let harness = NodeHarness(cluster: cluster, runtime: runtime, runtimeRPC: fields["rpc"] ?? "", runtimeEvents: fields["events"] ?? "",
                                  root: root, api: api, kubelet: runtime, kubeletRPC: "")
        try await harness.startKubelet(extra: kubeletArguments)
        return harness
    }

    /// Starts (or restarts) the kubelet.
    func startKubelet(rpc: String = "tcp://127.0.0.1:*", extra: [String] = []) async throws {
        let environment = ProcessInfo.processInfo.environment.merging(["SKIFF_HOME": cluster.home]) { $1 }
        let kubelet = try ChildProcess(skiff: ["kubelet", "--node-name", node, "--api", cluster.apiRPC, "--api-events", cluster.apiEvents,
                                               "--runtime", runtimeRPC, "--runtime-events", runtimeEvents, "--rpc", rpc,
                                               "--root", root + "/kubelet", "--cpu", "4", "--memory", "8Gi"] + extra,
                                       environment: environment)
        let fields = readyFields(try await kubelet.line(containing: "ready"))
        kubeletProcess.value = kubelet
        kubeletRPC.value = fields["rpc"] ?? ""
    }

    /// Stops the runtime (SIGTERM) and starts it again on the same endpoints and root.
    func restartRuntime(startAgain: @Sendable () async throws -> Void = {}) async throws {
        runtime.send(SIGTERM)
        _ = try await runtime.exit()
        try await startAgain()
        let environment = ProcessInfo.processInfo.environment.merging(["SKIFF_HOME": cluster.home]) { $1 }
        let next = try ChildProcess(skiff: ["runtime", "--rpc", runtimeRPC, "--events", runtimeEvents, "--driver", "process",
                                            "--root", root + "/runtime"], environment: environment)
        _ = try await next.line(containing: "ready")
        runtimeProcess.value = next
    }

    /// Stops the kubelet, then removes everything the runtime runs (containers and sandboxes
    /// outlive the runtime, as they should), then stops the rest.
    /// Returns the kubelet's exit status.
    @discardableResult
    func stop() async throws -> Int32? {
        kubelet.send(SIGTERM)
        let status = try? await kubelet.exit()
        if let rpc = try? await RPC.Client(connect: [runtimeRPC]) {
            func call(_ method: String, _ body: String) async -> [UInt8]? {
                try? await rpc.call(method, Array(body.utf8), timeout: .seconds(10))
            }
            let containers = (await call(RuntimeMessages.Method.listContainers, "{}")).flatMap {
                try? JSONDecoder().decode(RuntimeMessages.ContainerList.self, from: Data($0))
            }?.containers ?? []
            for c in containers {
                _ = await call(RuntimeMessages.Method.stopContainer, "{\"containerID\":\"\(c.containerID)\",\"timeoutSeconds\":0}")
                _ = await call(RuntimeMessages.Method.removeContainer, "{\"containerID\":\"\(c.containerID)\"}")
            }
            let sandboxes = (await call(RuntimeMessages.Method.listSandboxes, "{}")).flatMap {
                try? JSONDecoder().decode(RuntimeMessages.SandboxList.self, from: Data($0))
            }?.sandboxes ?? []
            for s in sandboxes {
                _ = await call(RuntimeMessages.Method.stopSandbox, "{\"sandboxID\":\"\(s.sandboxID)\"}")
                _ = await call(RuntimeMessages.Method.removeSandbox, "{\"sandboxID\":\"\(s.sandboxID)\"}")
            }
            await rpc.close()
        }
        await api.close()
        try await cluster.stop(also: [runtime])
        try? FileManager.default.removeItem(atPath: root)
        return status
    }

    // MARK: API helpers

    func create(_ pod: JSON) async throws -> JSON {
        let name = pod["metadata"]?["name"]?.string ?? ""
        let created = try await api.call(APIRequest(.create, resource: "pods", namespace: "default", body: pod)).object()
        _ = try await api.call(APIRequest(.create, resource: "pods", subresource: "binding", namespace: "default", name: name,
                                          body: ["apiVersion": "v1", "kind": "Binding", "metadata": ["name": .string(name)],
                                                 "target": ["apiVersion": "v1", "kind": "Node", "name": .string(node)]]))
        return created
    }

    func pod(_ name: String) async -> JSON? {
        try? await api.call(APIRequest(.get, resource: "pods", namespace: "default", name: name)).object()
    }

    /// Waits until the pod satisfies `condition`; returns it.
    func waitForPod(_ name: String, _ what: String, timeout: Duration = .seconds(30),
                    _ condition: @escaping @Sendable (JSON) -> Bool) async throws -> JSON {
        let found = LockedBox<JSON?>(nil)
        do {
            try await eventually(timeout, "pod \(name): \(what)") {
                guard let p = await self.pod(name), condition(p) else { return false }
                found.value = p
                return true
            }
        } catch {
            let last = await pod(name)
            throw HarnessFailure(description: "\(error)\nlast seen: \(last?.serialized() ?? "none")\nkubelet stderr:\n\(kubelet.stderr.suffix(3000))")
        }
        return found.value!
    }

    func events(about pod: String) async throws -> [JSON] {
        let list = try await api.call(APIRequest(.list, resource: "events", namespace: "default")).object()
        return (list["items"]?.array ?? []).filter { $0["involvedObject"]?["name"]?.string == pod }
    }

    /// Waits until the pod's Events satisfy `condition` (the kubelet writes them beside its work).
    func waitForEvents(about pod: String, _ what: String, _ condition: @escaping @Sendable ([JSON]) -> Bool) async throws {
        do {
            try await eventually(.seconds(90), "events of \(pod): \(what)") {
                guard let events = try? await self.events(about: pod) else { return false }
                return condition(events)
            }
        } catch {
            let seen = (try? await events(about: pod))?.map { "\($0["reason"]?.string ?? ""): \($0["message"]?.string ?? "")" } ?? []
            throw HarnessFailure(description: "\(error); events: \(seen)")
        }
    }

    func logs(_ request: KubeletMessages.LogsRequest) async throws -> KubeletMessages.LogsResponse {
        let rpc = try await RPC.Client(connect: [kubeletRPC.value])
        defer { Task { await rpc.close() } }
        let bytes = try await rpc.call(KubeletMessages.Method.logs, Array(try JSONEncoder().encode(request)), timeout: .seconds(10))
        return try JSONDecoder().decode(KubeletMessages.LogsResponse.self, from: Data(bytes))
    }

    func runtimeContainers() async throws -> [RuntimeMessages.ContainerStatus] {
        let rpc = try await RPC.Client(connect: [runtimeRPC])
        defer { Task { await rpc.close() } }
        let bytes = try await rpc.call(RuntimeMessages.Method.listContainers, Array("{}".utf8), timeout: .seconds(10))
        return try JSONDecoder().decode(RuntimeMessages.ContainerList.self, from: Data(bytes)).containers
    }
}

/// A value behind a lock, for test state shared with `@Sendable` closures.
final class LockedBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T
    init(_ value: T) { stored = value }
    var value: T {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; lock.unlock() }
    }
}

func simplePod(_ name: String, restartPolicy: String = "Always", script: String, extra: JSONObject = [:],
               grace: Int64 = 30) -> JSON {
    var c: JSONObject = ["name": "main", "image": "busybox", "command": ["sh", "-c", .string(script)]]
    for (k, v) in extra { c[k] = v }
    return ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name), "namespace": "default"],
            "spec": ["restartPolicy": .string(restartPolicy), "terminationGracePeriodSeconds": .int(grace),
                     "containers": [.object(c)]]]
}

func mainStatus(_ pod: JSON) -> JSON? { pod["status"]?["containerStatuses"]?[0] }

struct HarnessFailure: Error, CustomStringConvertible { let description: String }
