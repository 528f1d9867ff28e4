import Bus
import Foundation
import Resources
import SkiffTestSupport
import Synchronization
import Testing

/// `kubectl top` through the gateway: store + API server + gateway, a real `skiff cadvisor`
/// measuring a Python busy loop that a stand-in runtime lists as the container of a pod.
@Suite(.serialized) struct MetricsTopTests {
    static let manifests = """
        apiVersion: v1
        kind: Node
        metadata:
          name: node-1
          labels: {zone: a}
        status:
          capacity: {cpu: "2", memory: 8Gi, pods: "110"}
          allocatable: {cpu: "2", memory: 8Gi, pods: "110"}
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: busy
          labels: {app: busy}
        spec:
          containers:
          - name: spin
            image: python:3

        """

    /// A `runtime.container.list` answer (SKIFF-CRI/1) with one running container of `pod`.
    static func containerList(pod: String, uid: String, container: String, pid: Int32) -> [UInt8] {
        let labels: JSON = ["io.kubernetes.pod.name": .string(pod), "io.kubernetes.pod.namespace": "default",
                            "io.kubernetes.pod.uid": .string(uid), "io.kubernetes.container.name": .string(container)]
        let status: JSON = [
            "containerID": "c-1", "sandboxID": "s-1", "state": "RUNNING", "createdAt": 1, "startedAt": 1, "finishedAt": 0,
            "exitCode": 0, "reason": "", "message": "", "pid": .int(Int64(pid)),
            "config": ["name": .string(container), "attempt": 0, "image": "python:3", "command": ["python3"], "args": [],
                       "env": [], "mounts": [], "logPath": "/dev/null", "labels": labels, "annotations": [:]],
        ]
        return JSON.object(["containers": [status]]).serializedBytes()
    }

    @Test func kubectlTopNodesAndPods() async throws {
        let c = try await TestCluster.start()
        let busy = try ChildProcess(executable: URL(fileURLWithPath: "/usr/bin/python3"), arguments: ["-c", "while True: pass"],
                                    name: "python3")
        var cadvisor: ChildProcess?
        let answer = Mutex<[UInt8]>(Array(#"{"containers":[]}"#.utf8))
        let runtime = try await RPC.Server(bind: ["tcp://127.0.0.1:*"], methods: [
            "runtime.container.list": { _ in answer.withLock { $0 } },
        ])
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await runtime.run() }
            defer { group.cancelAll() }
            do {
                // Without metrics yet: the API exists, the figures do not.
                #expect(try await c.kubectlOK(["api-versions"]).contains("metrics.k8s.io/v1beta1"))
                #expect(try await c.kubectlOK(["create", "-f", "-"], stdin: Self.manifests).contains("pod/busy created"))
                let early = try await c.kubectl(["top", "pods"])
                #expect(early.status != 0 && early.stderr.contains("metrics not available yet"), "\(early)")

                let uid = try JSON.parse(try await c.kubectlOK(["get", "pod", "busy", "-o", "json"]))["metadata"]?["uid"]?.string ?? ""
                answer.withLock { $0 = Self.containerList(pod: "busy", uid: uid, container: "spin", pid: busy.pid) }
                let process = try ChildProcess(skiff: ["cadvisor", "--node-name", "node-1", "--runtime", runtime.endpoints[0],
                                                       "--api", c.apiRPC, "--rpc", "tcp://127.0.0.1:*", "--interval", "1s"])
                cadvisor = process
                _ = try await process.line(containing: "skiff cadvisor ready")

                try await eventually(.seconds(90), "kubectl top pods to show busy") {
                    (try? await c.kubectl(["top", "pods"]))?.stdout.contains("busy") == true
                }
                let pods = try await c.kubectlOK(["top", "pods"])
                print("kubectl top pods:\n\(pods)")
                let podLines = pods.split(separator: "\n")
                #expect(podLines.first?.split(separator: " ", omittingEmptySubsequences: true) == ["NAME", "CPU(cores)", "MEMORY(bytes)"])
                let row = podLines.dropFirst().first?.split(separator: " ", omittingEmptySubsequences: true) ?? []
                #expect(row.count == 3 && row[0] == "busy" && row[1].hasSuffix("m") && row[2].hasSuffix("Mi"), "\(row)")
                #expect(Int(row[1].dropLast()) ?? 0 > 0, "the busy loop uses CPU: \(row)")

                let containers = try await c.kubectlOK(["top", "pod", "busy", "--containers"])
                print("kubectl top pod busy --containers:\n\(containers)")
                #expect(containers.split(separator: "\n").first?.split(separator: " ", omittingEmptySubsequences: true)
                        == ["POD", "NAME", "CPU(cores)", "MEMORY(bytes)"])
                #expect(containers.contains("busy") && containers.contains("spin"))
                #expect(try await c.kubectlOK(["top", "pods", "-l", "app=busy", "--no-headers"]).hasPrefix("busy"))
                #expect(try await c.kubectlOK(["top", "pods", "-A"]).contains("default"))

                let raw = try JSON.parse(try await c.kubectlOK(["get", "--raw", "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/busy"]))
                #expect(raw["kind"]?.string == "PodMetrics" && raw["containers"]?[0]?["name"]?.string == "spin")
                let table = try await c.kubectl(["get", "pods.metrics.k8s.io"])
                print("kubectl get pods.metrics.k8s.io:\n\(table.stdout)\(table.stderr)")
                #expect(table.status == 0 && table.stdout.contains("busy"))

                let nodes = try await c.kubectlOK(["top", "nodes"])
                print("kubectl top nodes:\n\(nodes)")
                let nodeLines = nodes.split(separator: "\n")
                #expect(nodeLines.first?.split(separator: " ", omittingEmptySubsequences: true)
                        == ["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"])
                let node = nodeLines.dropFirst().first?.split(separator: " ", omittingEmptySubsequences: true) ?? []
                #expect(node.count == 5 && node[0] == "node-1" && node[2].hasSuffix("%") && node[4].hasSuffix("%"), "\(node)")
            } catch {
                Issue.record(error)
            }
            if let cadvisor {
                cadvisor.send(SIGTERM)
                #expect((try? await cadvisor.exit()) == 0)
            }
        }
        busy.send(SIGKILL)
        _ = try await busy.exit()
        try await c.stop()
    }
}
