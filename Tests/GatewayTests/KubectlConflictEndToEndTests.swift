import Foundation
import Resources
import SkiffTestSupport
import Testing

/// Optimistic concurrency as kubectl shows it: a write that names a stale
/// `metadata.resourceVersion` gets a 409 Conflict, printed by kubectl's `StandardErrorMessage`
/// as `Error from server (Conflict): <message>`, where the message is apimachinery's
/// `NewConflict`: `Operation cannot be fulfilled on <resource>.<group> "<name>": the object has
/// been modified; please apply your changes to the latest version and try again`, prefixed by
/// `cmdutil.AddSourceToErr` with `error when <verb> "<source>": ` for file-based commands
/// (the source of `-f -` is `STDIN`).
@Suite(.serialized) struct KubectlConflictEndToEndTests {
    static let modified = #"Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again"#

    @Test func staleResourceVersionIsAConflict() async throws {
        let c = try await TestCluster.start()
        do {
            try await c.kubectlOK(["apply", "-f", "-"], stdin: KindFixture.all.first { $0.kind == "Deployment" }!.yaml)
            let stale = try await c.kubectlOK(["get", "deploy", "web", "-o", "yaml"])
            let staleRV = try await c.kubectlOK(["get", "deploy", "web", "-o", "jsonpath={.metadata.resourceVersion}"])
            #expect(try await c.kubectlOK(["scale", "deploy", "web", "--replicas=1"]) == "deployment.apps/web scaled")

            // replace (PUT) from standard input with the stale resourceVersion.
            let replace = try await c.kubectlPiped(["replace", "-f", "-"], stdin: stale)
            #expect(replace.status == 1)
            #expect(replace.stderr == "Error from server (Conflict): error when replacing \"STDIN\": \(Self.modified)\n")
            #expect(replace.stdout.isEmpty)
            // Nothing was written.
            #expect(try await c.kubectlOK(["get", "deploy", "web", "-o", "jsonpath={.spec.replicas}"]) == "1")

            // apply of a file that pins the stale resourceVersion: the patch carries it
            // (apply.go: `error when applying patch:\n<patch>\nto:\n<info>\nfor: "<file>": ` and
            // patcher.go: `error when patching "<file>": `).
            let file = c.home + "/stale.yaml"
            try stale.replacingOccurrences(of: "replicas: 3", with: "replicas: 4").write(toFile: file, atomically: true, encoding: .utf8)
            let apply = try await c.kubectl(["apply", "-f", file])
            #expect(apply.status == 1)
            #expect(apply.stderr.hasPrefix("Error from server (Conflict): error when applying patch:\n"))
            #expect(apply.stderr.hasSuffix("for: \"\(file)\": error when patching \"\(file)\": \(Self.modified)\n"), "\(apply.stderr)")
            #expect(try await c.kubectlOK(["get", "deploy", "web", "-o", "jsonpath={.spec.replicas}"]) == "1")

            // patch and label with a resourceVersion precondition: no source, the bare message.
            let patch = try await c.kubectl(["patch", "deploy", "web", "--type=merge", "-p",
                                             #"{"metadata":{"resourceVersion":"\#(staleRV)"},"spec":{"replicas":5}}"#])
            #expect(patch.status == 1)
            #expect(patch.stderr == "Error from server (Conflict): \(Self.modified)\n")
            let label = try await c.kubectl(["label", "deploy", "web", "tier=front", "--resource-version=\(staleRV)"])
            #expect(label.status == 1)
            #expect(label.stderr == "Error from server (Conflict): \(Self.modified)\n")
            let json = try JSON.parse(try await c.kubectlOK(["get", "deploy", "web", "-o", "json"]))
            #expect(json["spec"]?["replicas"] == 1)
            #expect(json["metadata"]?["labels"]?["tier"] == nil)

            // With the current resourceVersion the same replace goes through.
            let currentRV = try await c.kubectlOK(["get", "deploy", "web", "-o", "jsonpath={.metadata.resourceVersion}"])
            let fresh = stale.replacingOccurrences(of: "resourceVersion: \"\(staleRV)\"", with: "resourceVersion: \"\(currentRV)\"")
            let replaced = try await c.kubectlPiped(["replace", "-f", "-"], stdin: fresh)
            #expect(replaced.status == 0 && replaced.stdout == "deployment.apps/web replaced", "\(replaced.stderr)")
            #expect(try await c.kubectlOK(["get", "deploy", "web", "-o", "jsonpath={.spec.replicas}"]) == "3")
        } catch {
            _ = try? await c.stop()
            throw error
        }
        #expect(try await c.stop() == [0, 0, 0])
    }
}

extension TestCluster {
    /// kubectl reading `stdin` from its real standard input (so `-f -` is named `STDIN` in
    /// messages), through `sh -c '… < file'`.
    func kubectlPiped(_ arguments: [String], stdin: String) async throws -> (status: Int32, stdout: String, stderr: String) {
        let file = home + "/piped-\(UInt32.random(in: 0...UInt32.max)).yaml"
        try stdin.write(toFile: file, atomically: true, encoding: .utf8)
        let quoted = ([Self.kubectlPath, "--cache-dir", home + "/kube-cache"] + arguments + ["<", file])
            .map { $0 == "<" ? $0 : "'" + $0.replacingOccurrences(of: "'", with: #"'\''"#) + "'" }
        return try await run("/bin/sh", ["-c", "exec " + quoted.joined(separator: " ")],
                             environment: ["KUBECONFIG": kubeconfig, "HOME": home])
    }
}
