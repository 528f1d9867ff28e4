import Foundation
import SkiffTestSupport
import Testing

/// The official Python `kubernetes` client (pip), unchanged, against store + apiserver + gateway:
/// `python/kubernetes_client_check.py` does CRUD, patch, scale, replace, a watch, paging and the
/// error cases, and prints one JSON line per check.
@Suite(.serialized) struct PythonKubernetesClientTests {
    static let script = ChildProcess.packageRoot.appendingPathComponent("Tests/GatewayTests/python/kubernetes_client_check.py").path

    @Test func theOfficialPythonClientWorksUnchanged() async throws {
        let cluster = try await TestCluster.start()
        let (status, stdout, stderr) = try await run("/usr/bin/env", ["python3", Self.script, cluster.kubeconfig], timeout: .seconds(180))
        let checks = stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        for check in checks where (check["ok"] as? Bool) != true {
            Issue.record("\(check["check"] ?? "?") failed: \(check["detail"] ?? "")")
        }
        #expect(checks.count == 17, "the script stopped early:\n\(stderr)")
        #expect(status == 0, "\(stderr)")
        _ = try await cluster.stop()
    }
}
