import Compose
import Foundation
import SkiffTestSupport
import Testing

/// The real masters of the default file — store, API server, gateway with the default file's
/// commands and health checks, on ports of their own — brought up with `up -d --wait`, then the
/// real kubectl through the kubeconfig the gateway wrote into the scratch SKIFF_HOME.
@Suite struct DefaultMastersTests {
    static let kubectl = ["/usr/bin/kubectl", "/usr/local/bin/kubectl"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The default file's master services, moved to other ports (so that a `make up` cluster
    /// on this machine does not get in the way), with no nodes.
    static func mastersFile(base: Int) throws -> String {
        var text = ComposeDefaults.yaml
        for (from, to) in [("7001", base), ("7002", base + 1), ("7003", base + 2), ("7004", base + 3)] {
            text = text.replacingOccurrences(of: "127.0.0.1:\(from)", with: "127.0.0.1:\(to)")
        }
        text = text.replacingOccurrences(of: "127.0.0.1:8001", with: "127.0.0.1:0")
        let file = try ComposeFile.parse(Array(text.utf8))
        let masters = file.services.filter { ["store", "apiserver", "gateway"].contains($0.name) }
        #expect(masters.count == 3)
        // Back to YAML: only the fields the masters use.
        var yaml = "services:\n"
        for service in masters {
            yaml += "  \(service.name):\n"
            yaml += "    command: [\(service.command.map { "\"\($0)\"" }.joined(separator: ", "))]\n"
            if case .readyLine(let line)? = service.healthcheck?.test { yaml += "    healthcheck: {ready: \"\(line)\"}\n" }
            yaml += "    restart: \(service.restart.rawValue)\n"
            if !service.dependsOn.isEmpty {
                yaml += "    depends_on: {\(service.dependsOn.map { "\($0.service): {condition: \($0.condition.rawValue)}" }.joined(separator: ", "))}\n"
            }
        }
        return yaml
    }

    @Test(.enabled(if: kubectl != nil)) func upWaitKubectlDown() async throws {
        let base = Int.random(in: 20_000..<45_000)
        let project = try ComposeProcessTests.Project(try Self.mastersFile(base: base))
        let up = try await project.run(["up", "-d", "--wait"])
        #expect(up.status == 0, "\(up.stderr)\n\(project.log("store"))\n\(project.log("apiserver"))\n\(project.log("gateway"))")
        let pids = ["store", "apiserver", "gateway"].compactMap { project.status($0)?.pid }
        #expect(pids.count == 3)
        let kubectl = try ChildProcess(executable: URL(fileURLWithPath: Self.kubectl!), arguments: ["get", "ns"],
                                       environment: ProcessInfo.processInfo.environment.merging(["KUBECONFIG": project.home + "/kubeconfig"]) { $1 },
                                       name: "kubectl")
        let status = try await kubectl.exit()
        #expect(status == 0, "\(kubectl.stderr)")
        #expect(kubectl.stdout.contains("default"), "\(kubectl.stdout)")
        #expect(kubectl.stdout.contains("kube-system"), "\(kubectl.stdout)")
        try await project.down(pids)
    }
}
