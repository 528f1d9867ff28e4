import Foundation
import Resources
import SkiffTestSupport
import Testing

/// `kubectl describe` through the real kubectl: the describers of kubectl 1.32
/// (`k8s.io/kubectl/pkg/describe/describe.go`) build their text on the client from GETs, label-
/// and field-selected lists (events by involvedObject, pods by spec.nodeName, replica sets by
/// the deployment's selector) and a lease lookup, so this checks that the server answers each
/// as Kubernetes does. Lines are compared with runs of spaces collapsed (tabwriter padding
/// depends on the longest label).
@Suite(.serialized) struct KubectlDescribeEndToEndTests {
    static func fixture(_ kind: String) -> String { KindFixture.all.first { $0.kind == kind }!.yaml }

    /// A node as a kubelet registers it: capacity, addresses, node info and a Ready condition.
    static let node = """
        apiVersion: v1
        kind: Node
        metadata:
          name: node-1
          labels: {kubernetes.io/hostname: node-1, node-role.kubernetes.io/worker: ""}
        spec:
          podCIDR: 10.244.1.0/24
          taints:
          - {key: dedicated, value: gpu, effect: NoSchedule}
        status:
          capacity: {cpu: "4", memory: 8Gi, pods: "110"}
          allocatable: {cpu: "4", memory: 8Gi, pods: "110"}
          addresses:
          - {type: InternalIP, address: 192.168.1.10}
          - {type: Hostname, address: node-1}
          nodeInfo:
            machineID: m1
            systemUUID: u1
            bootID: b1
            kernelVersion: 6.1.0
            osImage: Debian GNU/Linux 12 (bookworm)
            containerRuntimeVersion: containerd://1.7.0
            kubeletVersion: v1.32.0
            kubeProxyVersion: v1.32.0
            operatingSystem: linux
            architecture: amd64
          conditions:
          - {type: Ready, status: "True", reason: KubeletReady, message: kubelet is posting ready status,
             lastHeartbeatTime: "2025-01-01T00:00:00Z", lastTransitionTime: "2025-01-01T00:00:00Z"}

        """

    static func normalized(_ output: String) -> [String] {
        output.split(separator: "\n").map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ") }
    }

    /// Expects each of `lines` (normalized) among the output's lines, in this order.
    static func expectLines(_ output: String, _ lines: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        var rest = normalized(output)[...]
        for line in lines {
            guard let i = rest.firstIndex(of: line) else {
                Issue.record("missing line \"\(line)\" (in order) in:\n\(output)", sourceLocation: sourceLocation)
                return
            }
            rest = rest[(i + 1)...]
        }
    }

    @Test func describeDeploymentPodConfigMapNode() async throws {
        let c = try await TestCluster.start()
        do {
            try await c.kubectlOK(["apply", "-f", "-"], stdin: Self.fixture("Deployment"))
            try await c.kubectlOK(["apply", "-f", "-"], stdin: Self.fixture("ConfigMap"))
            try await c.kubectlOK(["apply", "-f", "-"], stdin: Self.node)
            // The pod, bound to node-1, so that `describe node` lists it.
            try await c.kubectlOK(["apply", "-f", "-"], stdin: Self.fixture("Pod").replacingOccurrences(
                of: "spec:\n", with: "spec:\n  nodeName: node-1\n"))
            let podUID = try await c.kubectlOK(["get", "pod", "web-0", "-o", "jsonpath={.metadata.uid}"])
            // An event about the pod: describe finds it by involvedObject name, namespace and uid.
            try await c.kubectlOK(["apply", "-f", "-"], stdin: Self.fixture("Event").replacingOccurrences(
                of: "namespace: default}", with: "namespace: default, uid: \(podUID)}"))
            // The deployment's current ReplicaSet, as its controller would make it: controlled by
            // the deployment, the same template plus pod-template-hash.
            let deployUID = try await c.kubectlOK(["get", "deploy", "web", "-o", "jsonpath={.metadata.uid}"])
            try await c.kubectlOK(["apply", "-f", "-"], stdin: """
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata:
                  name: web-6d4cf56db6
                  labels: {app: web, pod-template-hash: 6d4cf56db6}
                  ownerReferences:
                  - {apiVersion: apps/v1, kind: Deployment, name: web, uid: \(deployUID), controller: true, blockOwnerDeletion: true}
                spec:
                  replicas: 3
                  selector:
                    matchLabels: {app: web, pod-template-hash: 6d4cf56db6}
                  template:
                    metadata:
                      labels: {app: web, pod-template-hash: 6d4cf56db6}
                    spec:
                      containers:
                      - name: nginx
                        image: nginx:1.27
                        ports: [{containerPort: 80}]
                        readinessProbe:
                          httpGet: {path: /healthz, port: 80}
                          periodSeconds: 5

                """)

            // describeDeployment: status counts come from the controller, so only "3 desired" is
            // fixed; the last-applied annotation is never printed (skipAnnotations); the new
            // replica set is the controlled one whose template equals the deployment's.
            let deployment = try await c.kubectlOK(["describe", "deployment", "web"])
            Self.expectLines(deployment, [
                "Name: web", "Namespace: default", "Labels: app=web", "Annotations: <none>", "Selector: app=web",
            ])
            #expect(Self.normalized(deployment).contains { $0.hasPrefix("Replicas: 3 desired | ") && $0.hasSuffix(" unavailable") })
            Self.expectLines(deployment, [
                "StrategyType: RollingUpdate", "MinReadySeconds: 0", "RollingUpdateStrategy: 0 max unavailable, 1 max surge",
                "Pod Template:", "Labels: app=web", "Containers:", "nginx:", "Image: nginx:1.27", "Port: 80/TCP", "Host Port: 0/TCP",
                "Readiness: http-get http://:80/healthz delay=0s timeout=1s period=5s #success=1 #failure=3",
                "Environment: <none>", "Mounts: <none>", "Volumes: <none>", "Node-Selectors: <none>", "Tolerations: <none>",
                "OldReplicaSets: <none>", "NewReplicaSet: web-6d4cf56db6 (0/3 replicas created)", "Events: <none>",
            ])

            // describePod: labels one per line, annotations as `key: value`, resources by
            // container, QoS from requests < limits, and the pod's events as a table.
            let pod = try await c.kubectlOK(["describe", "pod", "web-0"])
            Self.expectLines(pod, [
                "Name: web-0", "Namespace: default", "Priority: 0", "Node: node-1/", "Labels: app=web", "tier=front",
                "Annotations: team: platform", "Status: Pending", "Containers:", "nginx:", "Image: nginx:1.27",
                "Port: 80/TCP", "Host Port: 0/TCP", "Limits:", "memory: 128Mi", "Requests:", "cpu: 100m", "memory: 64Mi",
                "Environment:", "MODE: prod", "QoS Class: Burstable", "Node-Selectors: disktype=ssd", "Events:",
                "Type Reason Age From Message", "---- ------ ---- ---- -------",
            ])
            let eventLine = try #require(Self.normalized(pod).first { $0.hasPrefix("Normal Scheduled ") })
            #expect(eventLine.hasSuffix(" default-scheduler Successfully assigned default/web-0 to node-1"))

            // describeConfigMap: fully determined by the object, except that kubectl ranges over
            // the `data` map, so Go prints the keys in either order.
            let configMap = try await c.kubectlOK(["describe", "configmap", "settings"])
            let properties = "app.properties:\n----\ngreeting=hello\ncolor=blue\n\n\n"
            let mode = "mode:\n----\nprod\n\n"
            let head = """
                Name:         settings
                Namespace:    default
                Labels:       app=web
                Annotations:  <none>

                Data
                ====

                """
            let tail = "\nBinaryData\n====\n\nEvents:  <none>"
            #expect([head + properties + mode + tail, head + mode + properties + tail].contains(configMap), "\(configMap)")

            // describeNode: the node's status, its lease (none: no kubelet renews one, so kubectl
            // prints the NotFound), and the non-terminated pods on it (listed by
            // spec.nodeName and status.phase field selectors) with their share of allocatable:
            // 100m of 4 CPUs is 2%, 64Mi and 128Mi of 8Gi are 0% and 1% (integer percentages).
            let node = try await c.kubectlOK(["describe", "node", "node-1"])
            Self.expectLines(node, [
                "Name: node-1", "Roles: worker", "Labels: kubernetes.io/hostname=node-1", "node-role.kubernetes.io/worker=",
                "Annotations: <none>", "Taints: dedicated=gpu:NoSchedule", "Unschedulable: false",
                #"Lease: Failed to get lease: leases.coordination.k8s.io "node-1" not found"#,
                "Conditions:", "Type Status LastHeartbeatTime LastTransitionTime Reason Message",
                "Addresses:", "InternalIP: 192.168.1.10", "Hostname: node-1",
                "Capacity:", "cpu: 4", "memory: 8Gi", "pods: 110", "Allocatable:", "cpu: 4", "memory: 8Gi", "pods: 110",
                "System Info:", "Machine ID: m1", "System UUID: u1", "Boot ID: b1", "Kernel Version: 6.1.0",
                "OS Image: Debian GNU/Linux 12 (bookworm)", "Operating System: linux", "Architecture: amd64",
                "Container Runtime Version: containerd://1.7.0", "Kubelet Version: v1.32.0", "Kube-Proxy Version: v1.32.0",
                "PodCIDR: 10.244.1.0/24", "PodCIDRs: 10.244.1.0/24", "Non-terminated Pods: (1 in total)",
                "Namespace Name CPU Requests CPU Limits Memory Requests Memory Limits Age",
            ])
            #expect(Self.normalized(node).contains { $0.hasPrefix("default web-0 100m (2%) 0 (0%) 64Mi (0%) 128Mi (1%) ") })
            Self.expectLines(node, [
                "Allocated resources:", "Resource Requests Limits", "-------- -------- ------",
                "cpu 100m (2%) 0 (0%)", "memory 64Mi (0%) 128Mi (1%)", "Events: <none>",
            ])
            #expect(Self.normalized(node).contains { $0.hasPrefix("Ready True ") && $0.hasSuffix(" KubeletReady kubelet is posting ready status") })

            // A missing object: the same NotFound as get.
            let missing = try await c.kubectl(["describe", "deployment", "nope"])
            #expect(missing.status == 1)
            #expect(missing.stderr.contains(#"Error from server (NotFound): deployments.apps "nope" not found"#))
        } catch {
            _ = try? await c.stop()
            throw error
        }
        #expect(try await c.stop() == [0, 0, 0])
    }
}
