import Foundation
import Resources
import SkiffTestSupport
import Testing

/// The gateway started first: it answers at once (503 for API calls), and serves kubectl and
/// watches as soon as the store and API server come up behind it.
@Suite(.serialized) struct StartOrderTests {
    @Test func gatewayFirstThenStoreAndAPIServer() async throws {
        let home = temporaryDirectory("gateway")
        var env = ProcessInfo.processInfo.environment
        env["SKIFF_HOME"] = home
        let base = Int.random(in: 33000...38000)
        let api = "tcp://127.0.0.1:\(base)", events = "tcp://127.0.0.1:\(base + 1)"
        let gateway = try ChildProcess(skiff: ["gateway", "--bind", "127.0.0.1:0", "--api", api, "--events", events], environment: env)
        let url = readyFields(try await gateway.line(containing: "skiff gateway ready"))["http"] ?? ""
        #expect(try await curl(url + "/api/v1/namespaces").status == 503)
        // A watch opened now fails with 503 too; one opened later must see events.
        let store = try ChildProcess(skiff: ["store", "--data-dir", home + "/store", "--rpc", "tcp://127.0.0.1:*",
                                             "--events", "tcp://127.0.0.1:*"], environment: env)
        let s = readyFields(try await store.line(containing: "skiff store ready"))
        let apiserver = try ChildProcess(skiff: ["apiserver", "--rpc", api, "--events", events,
                                                 "--store", s["rpc"] ?? "", "--store-events", s["events"] ?? ""], environment: env)
        _ = try await apiserver.line(containing: "skiff apiserver ready")
        try await eventually(.seconds(90), "the gateway reaches the API server") {
            (try? await curl(url + "/api/v1/namespaces"))?.status == 200
        }
        #expect(try await curl(url + "/readyz").status == 200)
        let watch = try ChildProcess(executable: URL(fileURLWithPath: "/usr/bin/curl"),
                                     arguments: ["-s", "-N", "--max-time", "60", url + "/api/v1/namespaces/default/configmaps?watch=1"],
                                     name: "curl watch")
        let created = try await curl(url + "/api/v1/namespaces/default/configmaps", method: "POST",
                                     headers: ["Content-Type: application/yaml"],
                                     data: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: late\n")
        #expect(created.status == 201)
        let line = try await watch.line(containing: "\"late\"", timeout: .seconds(20))
        #expect(line.hasPrefix(#"{"type":"ADDED""#))
        watch.send(SIGKILL)
        _ = try await watch.exit()
        for p in [gateway, apiserver, store] {
            p.send(SIGTERM)
            #expect(try await p.exit(timeout: .seconds(20)) == 0)
        }
        try? FileManager.default.removeItem(atPath: home)
    }
}
