import Bus
import Foundation
import RuntimeAPI
import Synchronization

/// Answers `runtime.container.list` (SKIFF-CRI/1) with a list the test sets, for a cAdvisor to
/// measure processes the test started itself — what the real runtime will list once it runs
/// the kubelet's pods.
final class StandInRuntime: Sendable {
    let server: RPC.Server
    private let containers: Listed
    private final class Listed: Sendable { let value: Mutex<[RuntimeMessages.ContainerStatus]>; init(_ v: [RuntimeMessages.ContainerStatus]) { value = Mutex(v) } }
    private let task: Mutex<Task<Void, Never>?> = Mutex(nil)

    init(_ containers: [RuntimeMessages.ContainerStatus]) async throws {
        let list = Listed(containers)
        self.containers = list
        server = try await RPC.Server(bind: ["tcp://127.0.0.1:*"], methods: [
            RuntimeMessages.Method.listContainers: { request in
                let filter = try JSONDecoder().decode(RuntimeMessages.ListContainersRequest.self, from: Data(request.body))
                let all = list.value.withLock { $0 }.filter { filter.state == nil || $0.state == filter.state }
                return Array(try JSONEncoder().encode(RuntimeMessages.ContainerList(containers: all)))
            },
        ])
        let server = self.server
        task.withLock { $0 = Task { try? await server.run() } }
    }

    var endpoint: String { server.endpoints[0] }

    func set(_ list: [RuntimeMessages.ContainerStatus]) { containers.value.withLock { $0 = list } }

    /// Stops serving (cancelling `run()` closes the socket).
    func close() async {
        let running = task.withLock { $0 }
        running?.cancel()
        await running?.value
    }

    /// A running container of a pod, labelled as the kubelet labels them.
    static func container(id: String, pod: String, namespace: String = "default", uid: String, name: String,
                          pid: Int32) -> RuntimeMessages.ContainerStatus {
        RuntimeMessages.ContainerStatus(
            containerID: id, sandboxID: "sandbox-" + pod,
            config: .init(name: name, image: "python:3", command: ["python3"], logPath: "/dev/null",
                          labels: ["io.kubernetes.pod.name": pod, "io.kubernetes.pod.namespace": namespace,
                                   "io.kubernetes.pod.uid": uid, "io.kubernetes.container.name": name]),
            state: .running, createdAt: 1, startedAt: 1, pid: pid)
    }
}
