import Client
import Foundation
import Resources
import RuntimeAPI
import SkiffTestSupport
import Testing

/// A pod's network, DNS, Service variables and volumes through a real kubelet and runtime as
/// root: its own address from the node's range (reached by the kubelet's HTTP probe and by
/// curl), /etc/resolv.conf of the cluster, the Service variables, an emptyDir shared by two
/// containers (one read-only). The range is 10.251.20.0/24, used by nothing else here.
@Suite(.serialized) struct KubeletNetworkTests {
    static let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static var enabled: Bool { geteuid() == 0 && python != nil && FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") }
    static let bridge = "skiff" + String(format: "%08x", (10 << 24) | (251 << 16) | (20 << 8))

    static func host(_ arguments: [String]) async throws -> (status: Int32, stdout: String) {
        let child = try ChildProcess(executable: URL(fileURLWithPath: arguments[0]), arguments: Array(arguments.dropFirst()), name: arguments[0])
        let status = try await child.exit(timeout: .seconds(60))
        return (status, child.stdout)
    }

    /// With `--wait-for-pod-cidr` (the compose cluster's kubelets), a node whose runtime gives
    /// pods networks of their own is NotReady, with Kubernetes' network-not-ready message, until
    /// the controller manager (here: the test) sets its `spec.podCIDR`; then Ready.
    @Test(.enabled(if: geteuid() == 0, "needs root (pod networks)"))
    func aNodeWaitsForItsPodRangeBeforeItIsReady() async throws {
        let h = try await NodeHarness.start(kubeletArguments: ["--wait-for-pod-cidr", "--cluster-cidr", "10.251.0.0/16",
                                                               "--node-status-update-frequency", "0.3"])
        do {
            @Sendable func ready() async -> (status: String?, message: String?) {
                let node = try? await h.api.call(APIRequest(.get, resource: "nodes", name: h.node)).object()
                let c = node?["status"]?["conditions"]?.array?.first { $0["type"] == "Ready" }
                return (c?["status"]?.string, c?["message"]?.string)
            }
            try await eventually(.seconds(90), "NotReady for want of a pod range") {
                let r = await ready()
                return r.status == "False" && r.message?.contains("NetworkReady=false") == true
            }
            _ = try await h.api.call(APIRequest(.patch, resource: "nodes", name: h.node, patchType: "application/merge-patch+json",
                                                body: ["spec": ["podCIDR": "10.251.21.0/24", "podCIDRs": ["10.251.21.0/24"]]]))
            try await eventually(.seconds(90), "Ready once the range is set") { await ready().status == "True" }
        } catch {
            try await h.stop()
            throw error
        }
        try await h.stop()
    }

    @Test(.enabled(if: enabled, "needs root, python3 and curl"))
    func aPodHasItsOwnAddressClusterDNSServiceVariablesAndSharedVolumes() async throws {
        let h = try await NodeHarness.start(kubeletArguments: ["--pod-cidr", "10.251.20.0/24", "--cluster-cidr", "10.251.0.0/16"])
        let hostResolv = try Data(contentsOf: URL(fileURLWithPath: "/etc/resolv.conf"))
        do {
            let service = try await h.api.call(APIRequest(.create, resource: "services", namespace: "default", body: [
                "apiVersion": "v1", "kind": "Service", "metadata": ["name": "web-svc", "namespace": "default"],
                "spec": ["clusterIP": "10.96.7.7", "selector": ["app": "web"],
                         "ports": [["name": "http", "port": 80, "protocol": "TCP"], ["name": "metrics-port", "port": 9090, "protocol": "TCP"]]]])).object()
            let clusterIP = try #require(service["spec"]?["clusterIP"]?.string)
            let tag = String(UInt32.random(in: 0...UInt32.max), radix: 16)
            let cache = "/skiff-cache-\(tag)"
            let web: JSON = ["name": "web", "image": "python", "command": [.string(Self.python!), "-m", "http.server", "8080"],
                             "readinessProbe": ["httpGet": ["path": "/", "port": 8080], "periodSeconds": 1]]
            let writer: JSON = ["name": "writer", "image": "busybox", "command": ["sh", "-c", .string(
                "cat /etc/resolv.conf; env | grep '^WEB_SVC_' | sort; echo shared-data > \(cache)/x; exec sleep 300")],
                "volumeMounts": [["name": "cache", "mountPath": .string(cache)]]]
            let reader: JSON = ["name": "reader", "image": "busybox", "command": ["sh", "-c", .string(
                "while [ ! -s \(cache)/x ]; do sleep 0.1; done; cat \(cache)/x; " +
                "if echo no > \(cache)/y; then echo WRITABLE; else echo REFUSED; fi; exec sleep 300")],
                "volumeMounts": [["name": "cache", "mountPath": .string(cache), "readOnly": true]]]
            let pod: JSON = ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "netpod", "namespace": "default"],
                             "spec": ["terminationGracePeriodSeconds": 1, "containers": [web, writer, reader],
                                      "volumes": [["name": "cache", "emptyDir": [:]]]]]
            _ = try await h.create(pod)
            // Ready: the kubelet's HTTP probe reached the server at the pod's own address.
            let running = try await h.waitForPod("netpod", "Ready", timeout: .seconds(90)) {
                $0["status"]?["conditions"]?.array?.first { $0["type"] == "Ready" }?["status"] == "True"
            }
            let podIP = try #require(running["status"]?["podIP"]?.string)
            #expect(podIP.hasPrefix("10.251.20.") && podIP != "10.251.20.1", "podIP \(podIP)")
            let got = try await Self.host(["/usr/bin/curl", "-s", "--max-time", "10", "-o", "/dev/null", "-w", "%{http_code}", "http://\(podIP):8080/"])
            #expect(got.status == 0 && got.stdout == "200")

            let writerLog = LockedBox("")
            try await eventually(.seconds(90), "the writer's output") {
                writerLog.value = (try? await h.logs(.init(namespace: "default", pod: "netpod", container: "writer")).text) ?? ""
                return writerLog.value.contains("WEB_SVC_SERVICE_HOST")
            }
            let expectedResolv = "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n"
            #expect(writerLog.value.hasPrefix(expectedResolv), "\(writerLog.value)")
            for line in ["WEB_SVC_SERVICE_HOST=\(clusterIP)", "WEB_SVC_SERVICE_PORT=80", "WEB_SVC_SERVICE_PORT_HTTP=80",
                         "WEB_SVC_SERVICE_PORT_METRICS_PORT=9090", "WEB_SVC_PORT=tcp://\(clusterIP):80",
                         "WEB_SVC_PORT_9090_TCP=tcp://\(clusterIP):9090", "WEB_SVC_PORT_80_TCP_ADDR=\(clusterIP)",
                         "WEB_SVC_PORT_80_TCP_PROTO=tcp", "WEB_SVC_PORT_80_TCP_PORT=80"] {
                #expect(writerLog.value.contains(line + "\n"), "\(line) in:\n\(writerLog.value)")
            }
            try await eventually(.seconds(90), "the reader's output") {
                let text = (try? await h.logs(.init(namespace: "default", pod: "netpod", container: "reader")).text) ?? ""
                return text.contains("shared-data\n") && text.contains("REFUSED\n")
            }
            #expect(!FileManager.default.fileExists(atPath: cache), "the mount point is not made on the host")
            #expect(try Data(contentsOf: URL(fileURLWithPath: "/etc/resolv.conf")) == hostResolv)
        } catch {
            _ = try? await h.stop()
            _ = try? await Self.host(["/usr/sbin/ip", "link", "del", Self.bridge])
            throw error
        }
        #expect(try await h.stop() == 0)
        _ = try? await Self.host(["/usr/sbin/ip", "link", "del", Self.bridge])
    }

    @Test(.enabled(if: geteuid() == 0, "needs root"))
    func aClaimIsMountedFromItsVolumesDirectory() async throws {
        let h = try await NodeHarness.start()
        do {
            let dir = temporaryDirectory("claim")
            let tag = String(UInt32.random(in: 0...UInt32.max), radix: 16)
            _ = try await h.api.call(APIRequest(.create, resource: "persistentvolumes", body: [
                "apiVersion": "v1", "kind": "PersistentVolume", "metadata": ["name": .string("pv-\(tag)")],
                "spec": ["capacity": ["storage": "1Gi"], "accessModes": ["ReadWriteOnce"], "hostPath": ["path": .string(dir)]]]))
            _ = try await h.api.call(APIRequest(.create, resource: "persistentvolumeclaims", namespace: "default", body: [
                "apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": ["name": "data", "namespace": "default"],
                "spec": ["accessModes": ["ReadWriteOnce"], "resources": ["requests": ["storage": "1Gi"]],
                         "volumeName": .string("pv-\(tag)"), "storageClassName": ""]]))
            let mount = "/skiff-claim-\(tag)"
            var pod = simplePod("claimed", restartPolicy: "Never", script: "echo kept > \(mount)/file",
                                extra: ["volumeMounts": [["name": "data", "mountPath": .string(mount)]]], grace: 1)
            pod["spec"]["volumes"] = [["name": "data", "persistentVolumeClaim": ["claimName": "data"]]]
            _ = try await h.create(pod)
            _ = try await h.waitForPod("claimed", "Succeeded", timeout: .seconds(90)) { $0["status"]?["phase"] == "Succeeded" }
            #expect(try String(contentsOfFile: dir + "/file", encoding: .utf8) == "kept\n")
            #expect(!FileManager.default.fileExists(atPath: mount))
        } catch {
            _ = try? await h.stop()
            throw error
        }
        #expect(try await h.stop() == 0)
    }

    @Test(.enabled(if: geteuid() == 0, "needs root"))
    func withoutAPodRangeThePodUsesTheNodesNetworkAndSaysSo() async throws {
        let h = try await NodeHarness.start()
        do {
            _ = try await h.create(simplePod("hostnet", script: "exec sleep 300", grace: 1))
            _ = try await h.waitForPod("hostnet", "Running") { $0["status"]?["phase"] == "Running" }
            try await h.waitForEvents(about: "hostnet", "a HostNetwork warning") { events in
                events.contains { $0["reason"] == "HostNetwork" && $0["type"] == "Warning" &&
                    ($0["message"]?.string ?? "").contains("uses the node's network") && ($0["message"]?.string ?? "").contains("podCIDR") }
            }
        } catch {
            _ = try? await h.stop()
            throw error
        }
        #expect(try await h.stop() == 0)
    }
}
