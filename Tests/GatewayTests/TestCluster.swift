import Foundation
import SkiffTestSupport

/// A real `skiff store`, `skiff apiserver` and `skiff gateway` on spare ports, in a scratch
/// `SKIFF_HOME`; or only a gateway whose API server is not there.
final class TestCluster: Sendable {
    let home: String
    let processes: [ChildProcess]
    let gatewayURL: String
    let kubeconfig: String
    let apiRPC: String

    private init(home: String, processes: [ChildProcess], gatewayURL: String, kubeconfig: String, apiRPC: String) {
        self.home = home
        self.processes = processes
        self.gatewayURL = gatewayURL
        self.kubeconfig = kubeconfig
        self.apiRPC = apiRPC
    }

    /// Store, API server, gateway. `watchCacheSize` is the API server's. The store and API
    /// server are Tests/Support's cluster; this adds the gateway and kubectl.
    static func start(watchCacheSize: Int? = nil, gatewayArguments: [String] = []) async throws -> TestCluster {
        let base = try await SkiffTestSupport.TestCluster.start(
            apiserverArguments: watchCacheSize.map { ["--watch-cache-size", String($0)] } ?? [])
        let gateway = try ChildProcess(skiff: ["gateway", "--bind", "127.0.0.1:0", "--api", base.apiRPC,
                                               "--events", base.apiEvents] + gatewayArguments,
                                       environment: merged(["SKIFF_HOME": base.home]))
        let g = readyFields(try await gateway.line(containing: "skiff gateway ready"))
        return TestCluster(home: base.home, processes: [gateway, base.apiserver, base.store], gatewayURL: g["http"] ?? "",
                           kubeconfig: g["kubeconfig"] ?? "", apiRPC: base.apiRPC)
    }

    /// A gateway alone, pointed at an API server endpoint nobody serves.
    static func gatewayOnly() async throws -> TestCluster {
        let home = temporaryDirectory("gateway")
        // A port from the ephemeral range that nothing listens on: reserve none, just pick one unlikely to be used.
        let api = "tcp://127.0.0.1:\(Int.random(in: 20000...29999))"
        let gateway = try ChildProcess(skiff: ["gateway", "--bind", "127.0.0.1:0", "--api", api,
                                               "--events", "tcp://127.0.0.1:\(Int.random(in: 30000...32000))"],
                                       environment: merged(["SKIFF_HOME": home]))
        let g = readyFields(try await gateway.line(containing: "skiff gateway ready"))
        return TestCluster(home: home, processes: [gateway], gatewayURL: g["http"] ?? "", kubeconfig: g["kubeconfig"] ?? "",
                           apiRPC: api)
    }

    /// The real kubectl (the dispatcher on PATH) with this cluster's kubeconfig and a fresh cache.
    func kubectl(_ arguments: [String], stdin: String? = nil) async throws -> (status: Int32, stdout: String, stderr: String) {
        var args = ["--cache-dir", home + "/kube-cache"] + arguments
        if let stdin {
            let file = home + "/stdin-\(UInt32.random(in: 0...UInt32.max)).yaml"
            try stdin.write(toFile: file, atomically: true, encoding: .utf8)
            args = args.map { $0 == "-" ? file : $0 }
        }
        return try await run(Self.kubectlPath, args, environment: ["KUBECONFIG": kubeconfig, "HOME": home])
    }

    /// kubectl that must succeed: its standard output.
    @discardableResult
    func kubectlOK(_ arguments: [String], stdin: String? = nil) async throws -> String {
        let r = try await kubectl(arguments, stdin: stdin)
        guard r.status == 0 else {
            throw StepFailure(description: "kubectl \(arguments.joined(separator: " ")) failed (\(r.status)):\n\(r.stderr)\n\(r.stdout)")
        }
        return r.stdout
    }

    /// A long-running kubectl (`get -w`).
    func kubectlProcess(_ arguments: [String]) throws -> ChildProcess {
        var env = ProcessInfo.processInfo.environment
        env["KUBECONFIG"] = kubeconfig
        env["HOME"] = home
        return try ChildProcess(executable: URL(fileURLWithPath: Self.kubectlPath),
                                arguments: ["--cache-dir", home + "/kube-cache"] + arguments, environment: env, name: "kubectl")
    }

    static let kubectlPath = ["/usr/bin/kubectl", "/usr/local/bin/kubectl"].first { FileManager.default.isExecutableFile(atPath: $0) }
        ?? "kubectl"

    /// SIGTERM to every process, gateway first; their exit statuses.
    @discardableResult
    func stop() async throws -> [Int32] {
        var statuses: [Int32] = []
        for p in processes {
            p.send(SIGTERM)
            statuses.append(try await p.exit(timeout: .seconds(20)))
        }
        try? FileManager.default.removeItem(atPath: home)
        return statuses
    }

    private static func merged(_ extra: [String: String]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        for (k, v) in extra { env[k] = v }
        return env
    }
}
