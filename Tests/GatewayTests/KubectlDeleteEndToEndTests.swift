import Foundation
import Resources
import SkiffTestSupport
import Testing

/// `kubectl delete --cascade=background|foreground|orphan` of an owner with dependents (objects
/// whose ownerReferences name its uid), and kubectl's `--wait`, through the real kubectl.
///
/// What Kubernetes does (garbage collector, `DeleteOptions.propagationPolicy`): background
/// removes the owner at once and its dependents after; foreground marks the owner terminating
/// (`foregroundDeletion` finalizer) and removes it only after the dependents that block it;
/// orphan strips the dependents' ownerReferences, then removes the owner. kubectl sends the
/// DELETE, prints `<resource>[.<group>] "<name>" deleted` as soon as it is accepted
/// (delete.go `PrintObj` after each DELETE), then, with `--wait` (the default), watches until
/// the object is gone.
@Suite(.serialized) struct KubectlDeleteEndToEndTests {
    /// The owner (the Deployment fixture) and two dependents: a ReplicaSet and a ConfigMap,
    /// both blocking its deletion. `finalizers` go on the ConfigMap.
    func makeOwner(_ c: TestCluster, configMapFinalizers: [String] = []) async throws {
        try await c.kubectlOK(["apply", "-f", "-"], stdin: KindFixture.all.first { $0.kind == "Deployment" }!.yaml)
        let uid = try await c.kubectlOK(["get", "deploy", "web", "-o", "jsonpath={.metadata.uid}"])
        let owner = "{apiVersion: apps/v1, kind: Deployment, name: web, uid: \(uid), controller: true, blockOwnerDeletion: true}"
        try await c.kubectlOK(["apply", "-f", "-"], stdin: """
            apiVersion: apps/v1
            kind: ReplicaSet
            metadata:
              name: web-rs
              labels: {app: web, pod-template-hash: abc}
              ownerReferences: [\(owner)]
            spec:
              replicas: 3
              selector: {matchLabels: {app: web, pod-template-hash: abc}}
              template:
                metadata: {labels: {app: web, pod-template-hash: abc}}
                spec: {containers: [{name: nginx, image: "nginx:1.27"}]}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: web-config
              labels: {app: web}
              ownerReferences: [\(owner)]
              finalizers: [\(configMapFinalizers.joined(separator: ", "))]
            data: {k: v}

            """)
    }

    /// The dependents that still exist, as `-o name` lists them.
    func dependents(_ c: TestCluster) async throws -> [String] {
        KubectlOutput.lines(try await c.kubectlOK(["get", "replicasets,configmaps", "-l", "app=web", "-o", "name"]))
    }

    func isGone(_ c: TestCluster, _ what: [String]) async throws -> Bool {
        let r = try await c.kubectl(["get"] + what)
        return r.status == 1 && r.stderr.contains("(NotFound)")
    }

    @Test func backgroundForegroundOrphan() async throws {
        let c = try await TestCluster.start()
        do {
            // Background: the owner is gone when kubectl returns; the dependents follow.
            try await makeOwner(c)
            #expect(try await c.kubectlOK(["delete", "deploy", "web", "--cascade=background"]) == #"deployment.apps "web" deleted"#)
            #expect(try await isGone(c, ["deploy", "web"]))
            try await eventually(.seconds(90), "the background deletion of the dependents") {
                (try? await dependents(c).isEmpty) ?? false
            }

            // Foreground: kubectl waited until the owner was gone, which happens only after the
            // dependents blocking it are gone, so none is left when it returns.
            try await makeOwner(c)
            #expect(try await dependents(c) == ["replicaset.apps/web-rs", "configmap/web-config"])
            #expect(try await c.kubectlOK(["delete", "deploy", "web", "--cascade=foreground"]) == #"deployment.apps "web" deleted"#)
            #expect(try await isGone(c, ["deploy", "web"]))
            #expect(try await dependents(c) == [])

            // Orphan: the dependents stay, without the ownerReference (removed before the owner goes).
            try await makeOwner(c)
            #expect(try await c.kubectlOK(["delete", "deploy", "web", "--cascade=orphan"]) == #"deployment.apps "web" deleted"#)
            #expect(try await isGone(c, ["deploy", "web"]))
            #expect(try await dependents(c) == ["replicaset.apps/web-rs", "configmap/web-config"])
            for d in ["replicaset/web-rs", "configmap/web-config"] {
                let json = try JSON.parse(try await c.kubectlOK(["get", d, "-o", "json"]))
                #expect(json["metadata"]?["ownerReferences"] == nil, "\(d)")
                #expect(json["metadata"]?["deletionTimestamp"] == nil, "\(d)")
            }
            // Deleting several objects prints one line each.
            #expect(KubectlOutput.lines(try await c.kubectlOK(["delete", "replicaset/web-rs", "configmap/web-config"]))
                    == [#"replicaset.apps "web-rs" deleted"#, #"configmap "web-config" deleted"#])

            // Errors: a missing object is NotFound (exit 1); --ignore-not-found prints nothing.
            let missing = try await c.kubectl(["delete", "deploy", "web"])
            #expect(missing.status == 1)
            #expect(missing.stderr == "Error from server (NotFound): deployments.apps \"web\" not found\n")
            let ignored = try await c.kubectl(["delete", "deploy", "web", "--ignore-not-found"])
            #expect(ignored.status == 0 && ignored.stdout.isEmpty && ignored.stderr.isEmpty)
        } catch {
            _ = try? await c.stop()
            throw error
        }
        #expect(try await c.stop() == [0, 0, 0])
    }

    @Test func waitLastsUntilTheObjectIsGone() async throws {
        let c = try await TestCluster.start()
        do {
            // A dependent held by a finalizer of its own keeps a foreground-deleted owner
            // terminating: kubectl has printed "deleted" but still waits.
            try await makeOwner(c, configMapFinalizers: ["example.com/hold"])
            let delete = try c.kubectlProcess(["delete", "deploy", "web", "--cascade=foreground"])
            #expect(try await delete.line(containing: "deleted") == #"deployment.apps "web" deleted"#)
            let owner = try JSON.parse(try await c.kubectlOK(["get", "deploy", "web", "-o", "json"]))
            #expect(owner["metadata"]?["deletionTimestamp"]?.string != nil)
            #expect(owner["metadata"]?["finalizers"] == ["foregroundDeletion"])
            try await eventually(.seconds(90), "the held dependent to be terminating") {
                let cm = try? JSON.parse(try await c.kubectlOK(["get", "cm", "web-config", "-o", "json"]))
                return cm?["metadata"]?["deletionTimestamp"]?.string != nil
            }
            // The other dependent is gone; the owner cannot be, so kubectl is still waiting.
            #expect(try await isGone(c, ["replicaset", "web-rs"]))
            #expect(try await !isGone(c, ["deploy", "web"]))
            #expect(delete.isRunning, "kubectl delete returned while the owner still existed")

            // Releasing the dependent lets the owner go, and kubectl returns 0.
            #expect(try await c.kubectlOK(["patch", "cm", "web-config", "--type=merge", "-p", #"{"metadata":{"finalizers":null}}"#])
                    == "configmap/web-config patched")
            #expect(try await delete.exit(timeout: .seconds(60)) == 0)
            #expect(try await isGone(c, ["deploy", "web"]))
            #expect(try await isGone(c, ["cm", "web-config"]))

            // --wait=false returns after the DELETE: the owner may still be terminating.
            try await makeOwner(c, configMapFinalizers: ["example.com/hold"])
            #expect(try await c.kubectlOK(["delete", "deploy", "web", "--cascade=foreground", "--wait=false"])
                    == #"deployment.apps "web" deleted"#)
            #expect(try await !isGone(c, ["deploy", "web"]))
            try await c.kubectlOK(["patch", "cm", "web-config", "--type=merge", "-p", #"{"metadata":{"finalizers":null}}"#])
            try await eventually(.seconds(90), "the owner to go once its dependent is released") {
                (try? await isGone(c, ["deploy", "web"])) ?? false
            }
        } catch {
            _ = try? await c.stop()
            throw error
        }
        #expect(try await c.stop() == [0, 0, 0])
    }
}
