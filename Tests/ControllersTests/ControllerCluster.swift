import Client
import Controllers
import Foundation
import Resources
import SkiffTestSupport

/// A real store, API server, `skiff controller-manager` and (for kubectl) gateway, plus an API
/// client for the test to play the parts not there yet (kubelets marking pods ready).
final class ControllerCluster: Sendable {
    let cluster: TestCluster
    let manager: ChildProcess
    let gateway: ChildProcess?
    let kubeconfig: String
    let client: APIClient

    private init(cluster: TestCluster, manager: ChildProcess, gateway: ChildProcess?, kubeconfig: String, client: APIClient) {
        self.cluster = cluster
        self.manager = manager
        self.gateway = gateway
        self.kubeconfig = kubeconfig
        self.client = client
    }

    /// `controllers` and `extra` go to `skiff controller-manager` (`--controllers`, other flags).
    static func start(gateway withGateway: Bool = false, controllers: String = "*", extra: [String] = []) async throws
        -> ControllerCluster {
        let cluster = try await TestCluster.start()
        let env = ProcessInfo.processInfo.environment.merging(["SKIFF_HOME": cluster.home]) { $1 }
        let manager = try ChildProcess(skiff: ["controller-manager", "--api", cluster.apiRPC, "--api-events", cluster.apiEvents,
                                               "--controllers", controllers] + extra, environment: env)
        _ = try await manager.line(containing: "skiff controller-manager ready")
        var gateway: ChildProcess?
        var kubeconfig = ""
        if withGateway {
            let g = try ChildProcess(skiff: ["gateway", "--bind", "127.0.0.1:0", "--api", cluster.apiRPC, "--events", cluster.apiEvents],
                                     environment: env)
            kubeconfig = readyFields(try await g.line(containing: "skiff gateway ready"))["kubeconfig"] ?? ""
            gateway = g
        }
        let client = try await APIClient(endpoints: [cluster.apiRPC])
        return ControllerCluster(cluster: cluster, manager: manager, gateway: gateway, kubeconfig: kubeconfig, client: client)
    }

    func stop() async throws {
        await client.close()
        try await cluster.stop(also: [gateway, manager].compactMap { $0 })
    }

    @discardableResult
    func create(_ kind: ResourceKind, _ object: JSON, namespace: String? = "default") async throws -> JSON {
        try await client.call(APIRequest(.create, group: kind.group, version: kind.version, resource: kind.resource,
                                         namespace: kind.namespaced ? namespace : nil, body: object)).object()
    }

    func list(_ kind: ResourceKind, namespace: String? = "default") async -> [JSON] {
        let reply = try? await client.call(APIRequest(.list, group: kind.group, version: kind.version, resource: kind.resource,
                                                      namespace: kind.namespaced ? namespace : nil))
        return (try? reply?.object())?["items"]?.array ?? []
    }

    func get(_ kind: ResourceKind, _ name: String, namespace: String? = "default") async -> JSON? {
        let reply = try? await client.call(APIRequest(.get, group: kind.group, version: kind.version, resource: kind.resource,
                                                      namespace: kind.namespaced ? namespace : nil, name: name))
        return try? reply?.object()
    }

    func delete(_ kind: ResourceKind, _ name: String, namespace: String? = "default") async throws {
        _ = try await client.call(APIRequest(.delete, group: kind.group, version: kind.version, resource: kind.resource,
                                             namespace: kind.namespaced ? namespace : nil, name: name))
    }

    /// Plays the kubelet: every pod not yet ready becomes Running and Ready with an IP.
    /// Returns how many pods are ready afterwards.
    @discardableResult
    func markPodsReady(_ filter: (JSON) -> Bool = { _ in true }) async -> Int {
        var ready = 0
        for pod in await list(.pods) where filter(pod) && !pod.isBeingDeleted {
            if PodState.isReady(pod) { ready += 1; continue }
            var p = pod
            let now = JSON.string(MetaTime.current().rfc3339)
            let n = Int(pod.uid.utf8.reduce(UInt32(7)) { $0 &* 31 &+ UInt32($1) } % 250) + 1
            p["status"] = ["phase": "Running", "podIP": .string("10.244.\(n % 250).\(n)"), "startTime": now,
                           "conditions": [["type": "Ready", "status": "True", "lastTransitionTime": now]]]
            if (try? await client.call(APIRequest(.update, resource: "pods", subresource: "status", namespace: pod.namespace,
                                                  name: pod.name, body: p))) != nil { ready += 1 }
        }
        return ready
    }

    /// The real kubectl against the gateway.
    func kubectl(_ arguments: [String], stdin: String? = nil, timeout: Duration = .seconds(60)) async throws -> (status: Int32, stdout: String, stderr: String) {
        var args = ["--cache-dir", cluster.home + "/kube-cache"] + arguments
        if let stdin {
            let file = cluster.home + "/stdin-\(UInt32.random(in: 0...UInt32.max)).yaml"
            try stdin.write(toFile: file, atomically: true, encoding: .utf8)
            args = args.map { $0 == "-" ? file : $0 }
        }
        var env = ProcessInfo.processInfo.environment
        env["KUBECONFIG"] = kubeconfig
        env["HOME"] = cluster.home
        let path = ["/usr/bin/kubectl", "/usr/local/bin/kubectl"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "kubectl"
        let child = try ChildProcess(executable: URL(fileURLWithPath: path), arguments: args, environment: env, name: "kubectl")
        let status = try await child.exit(timeout: timeout)
        return (status, child.stdout, child.stderr)
    }
}
