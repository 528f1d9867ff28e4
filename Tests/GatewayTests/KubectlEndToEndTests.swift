import Foundation
import Resources
import SkiffTestSupport
import Testing

/// `skiff store` + `skiff apiserver` + `skiff gateway`, driven by the real kubectl (the
/// dispatcher on PATH, which picks kubectl 1.32 from `/version`).
@Suite(.serialized) struct KubectlEndToEndTests {
    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {app: web}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: nginx
                image: nginx:1.27
                ports:
                - containerPort: 80

        """

    @Test func createGetApplyPatchScaleDelete() async throws {
        let c = try await TestCluster.start()
        do {
            #expect(try await c.kubectlOK(["version"]).contains("Server Version: v1.32."))
            #expect(try await c.kubectlOK(["get", "pods"]).isEmpty)

            // Client-side apply: OpenAPI v3 says fieldValidation is supported, so strict validation passes.
            #expect(try await c.kubectlOK(["apply", "-f", "-"], stdin: Self.deployment) == "deployment.apps/web created")
            let table = try await c.kubectlOK(["get", "deployments"])
            #expect(table.hasPrefix("NAME   READY   UP-TO-DATE   AVAILABLE   AGE"))
            #expect(table.contains("web    0/2"))
            let wide = try await c.kubectlOK(["get", "deploy", "-o", "wide", "--show-labels"])
            #expect(wide.contains("nginx:1.27") && wide.contains("app=web"))
            #expect(try await c.kubectlOK(["get", "deploy", "-o", "name"]) == "deployment.apps/web")
            let json = try JSON.parse(try await c.kubectlOK(["get", "deploy", "web", "-o", "json"]))
            #expect(json["spec"]?["replicas"] == 2)
            #expect(json["metadata"]?["annotations"]?["kubectl.kubernetes.io/last-applied-configuration"] != nil)
            #expect(try await c.kubectlOK(["get", "deploy", "web", "-o", "yaml"]).contains("image: nginx:1.27"))
            #expect(try await c.kubectlOK(["get", "all", "-A"]).contains("deployment.apps/web"))

            // Apply again with a change: GET, then a strategic merge patch.
            let changed = Self.deployment.replacingOccurrences(of: "replicas: 2", with: "replicas: 4")
                .replacingOccurrences(of: "nginx:1.27", with: "nginx:1.28")
            #expect(try await c.kubectlOK(["apply", "-f", "-"], stdin: changed) == "deployment.apps/web configured")
            // Server-side apply: application/apply-patch+yaml.
            #expect(try await c.kubectlOK(["apply", "--server-side", "-f", "-"], stdin: changed) == "deployment.apps/web serverside-applied")
            #expect(try await c.kubectlOK(["scale", "deployment/web", "--replicas=3"]) == "deployment.apps/web scaled")
            #expect(try await c.kubectlOK(["label", "deploy", "web", "tier=front"]) == "deployment.apps/web labeled")
            #expect(try await c.kubectlOK(["annotate", "deploy", "web", "note=hi"]) == "deployment.apps/web annotated")
            #expect(try await c.kubectlOK(["patch", "deploy", "web", "--type=merge", "-p", #"{"spec":{"replicas":5}}"#]) == "deployment.apps/web patched")
            #expect(try await c.kubectlOK(["patch", "deploy", "web", "--type=json", "-p",
                                           #"[{"op":"replace","path":"/spec/replicas","value":6}]"#]) == "deployment.apps/web patched")
            #expect(try await c.kubectlOK(["patch", "deploy", "web", "-p",
                                           #"{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.29"}]}}}}"#]) == "deployment.apps/web patched")
            let after = try JSON.parse(try await c.kubectlOK(["get", "deploy", "web", "-o", "json"]))
            #expect(after["spec"]?["replicas"] == 6)
            #expect(after["metadata"]?["labels"]?["tier"] == "front")
            #expect(after["metadata"]?["annotations"]?["note"] == "hi")
            #expect(after["spec"]?["template"]?["spec"]?["containers"]?[0]?["image"] == "nginx:1.29")

            // Errors, as kubectl prints them against Kubernetes.
            let missing = try await c.kubectl(["get", "deploy", "nope"])
            #expect(missing.status == 1)
            #expect(missing.stderr.contains(#"Error from server (NotFound): deployments.apps "nope" not found"#))
            let exists = try await c.kubectl(["create", "-f", "-"], stdin: Self.deployment)
            #expect(exists.stderr.contains(#"Error from server (AlreadyExists): error when creating"#))
            #expect(exists.stderr.contains(#"deployments.apps "web" already exists"#))
            let invalid = try await c.kubectl(["apply", "-f", "-"], stdin: """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: Not_Valid}

                """)
            #expect(invalid.status != 0)
            #expect(invalid.stderr.contains("is invalid"), "\(invalid.stderr)")
            let unknownField = try await c.kubectl(["apply", "-f", "-"], stdin: """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: strict}
                bogus: 1

                """)
            // The gateway passes `fieldValidation=Strict` through; the API server rejects the field.
            #expect(unknownField.status != 0, "strict field validation should reject an unknown field")
            #expect(unknownField.stderr.contains("bogus"), "\(unknownField.stderr)")
            // Typed-client commands send protobuf bodies.
            #expect(try await c.kubectlOK(["create", "configmap", "cm1", "--from-literal=a=b"]) == "configmap/cm1 created")
            #expect(try await c.kubectlOK(["create", "deployment", "d1", "--image=nginx", "--replicas=2"]) == "deployment.apps/d1 created")
            #expect(try await c.kubectlOK(["create", "namespace", "team-a"]) == "namespace/team-a created")
            let cm = try JSON.parse(try await c.kubectlOK(["get", "cm", "cm1", "-o", "json"]))
            #expect(cm["data"] == ["a": "b"])
            try await c.kubectlOK(["apply", "-f", "-"], stdin: """
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: nightly}
                spec:
                  schedule: "0 3 * * *"
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          restartPolicy: OnFailure
                          containers: [{name: job, image: busybox, command: [date]}]

                """)
            #expect(try await c.kubectlOK(["create", "job", "manual-1", "--from=cronjob/nightly"]) == "job.batch/manual-1 created")

            // Replace (PUT) and delete (waits for the 404).
            #expect(try await c.kubectlOK(["replace", "-f", "-"], stdin: Self.deployment) == "deployment.apps/web replaced")
            #expect(try await c.kubectlOK(["delete", "deploy", "web"]) == #"deployment.apps "web" deleted"#)
            #expect(try await c.kubectl(["get", "deploy", "web"]).status == 1)
        } catch {
            _ = try? await c.stop()
            throw error
        }
        #expect(try await c.stop() == [0, 0, 0])
    }

    @Test func getWatchStreamsTableRows() async throws {
        let c = try await TestCluster.start()
        do {
            try await c.kubectlOK(["apply", "-f", "-"], stdin: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: first}\ndata: {a: b}\n")
            let watcher = try c.kubectlProcess(["get", "configmaps", "-w"])
            let header = try await watcher.line(containing: "NAME", timeout: .seconds(30))
            #expect(header.contains("DATA"))
            _ = try await watcher.line(containing: "first", timeout: .seconds(30))
            try await c.kubectlOK(["apply", "-f", "-"], stdin: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: second}\ndata: {a: b, c: d}\n")
            let row = try await watcher.line(containing: "second", timeout: .seconds(30))
            #expect(row.contains("2"))
            watcher.send(SIGTERM)
            _ = try await watcher.exit()
            // Exactly one header: events were Tables, column definitions only in the first.
            #expect(watcher.stdout.components(separatedBy: "NAME").count == 2, "\(watcher.stdout)")
            #expect(!watcher.stderr.contains("Unable to decode"))
        } catch {
            _ = try? await c.stop()
            throw error
        }
        try await c.stop()
    }
}
