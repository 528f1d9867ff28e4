import Foundation
import Kubelet
import Resources
import RuntimeAPI
import Testing

@Suite struct CRILogTests {
    static let file = """
    2024-01-02T03:04:05.100000000Z stdout F one
    2024-01-02T03:04:06.2Z stderr F two
    2024-01-02T03:04:07Z stdout P par
    2024-01-02T03:04:07.5Z stdout F tial
    2024-01-02T03:04:08Z stdout F four
    2024-01-02T03:04:09Z stdout F unfini
    """

    @Test func parsesCompleteLinesJoiningPartialsAndLeavesAnUnfinishedLine() {
        let bytes = Array(Self.file.utf8)
        let (entries, consumed) = CRILog.parse(bytes[...])
        #expect(entries.map(\.text) == ["one", "two", "partial", "four"])
        #expect(entries[1].stream == "stderr")
        #expect(String(decoding: bytes[consumed...], as: UTF8.self) == "2024-01-02T03:04:09Z stdout F unfini")
    }

    @Test func kubectlLogsOptions() {
        let (entries, _) = CRILog.parse(Array(Self.file.utf8)[...])
        let now = KubeletTime.parse("2024-01-02T03:04:10Z")!
        func render(_ q: KubeletMessages.LogsRequest) -> String { CRILog.render(entries, q, now: now) }
        let q = KubeletMessages.LogsRequest(namespace: "default", pod: "p")
        #expect(render(q) == "one\ntwo\npartial\nfour\n")
        var tail = q; tail.tailLines = 2
        #expect(render(tail) == "partial\nfour\n")
        var since = q; since.sinceSeconds = 3
        #expect(render(since) == "partial\nfour\n")
        var sinceTime = q; sinceTime.sinceTime = "2024-01-02T03:04:06Z"
        #expect(render(sinceTime) == "two\npartial\nfour\n")
        var ts = q; ts.timestamps = true; ts.tailLines = 1
        #expect(render(ts) == "2024-01-02T03:04:08Z four\n")
        var limit = q; limit.limitBytes = 6
        #expect(render(limit) == "one\ntw")
    }

    @Test func times() {
        let t: Int64 = 1_704_164_645 * KubeletTime.second + 100_000_000
        #expect(KubeletTime.rfc3339(t) == "2024-01-02T03:04:05Z")
        #expect(KubeletTime.rfc3339Nano(t) == "2024-01-02T03:04:05.1Z")
        #expect(KubeletTime.microTime(t) == "2024-01-02T03:04:05.100000Z")
        #expect(KubeletTime.parse("2024-01-02T03:04:05.1Z") == t)
        #expect([10, 20, 40, 80, 160, 300].map { KubeletTime.goDuration($0 * KubeletTime.second) }
            == ["10s", "20s", "40s", "1m20s", "2m40s", "5m0s"])
    }
}

@Suite struct EnvResolverTests {
    static let pod: JSON = ["metadata": ["name": "web", "namespace": "prod", "uid": "u1", "labels": ["app": "web"]],
                            "spec": ["nodeName": "node-1", "containers": [["name": "c", "resources": ["limits": ["memory": "64Mi"]]]]]]
    static let cm: JSON = ["data": ["mode": "fast", "level": "3"]]
    static let secret: JSON = ["data": ["password": .string(Data("s3cret".utf8).base64EncodedString())]]

    func resolve(_ container: JSON) throws -> [String: String] {
        let r = EnvResolver(pod: Self.pod, podIP: "10.1.1.1", hostIP: "127.0.0.1", configMaps: ["cfg": Self.cm],
                            secrets: ["db": Self.secret], nodeCPUMillis: 2000)
        var out: [String: String] = [:]
        for kv in try r.resolve(container) { out[kv.name] = kv.value }
        return out
    }

    @Test func valuesConfigMapsSecretsDownwardAPIAndExpansion() throws {
        let c: JSON = ["envFrom": [["configMapRef": ["name": "cfg"], "prefix": "CFG_"]],
                       "env": [["name": "A", "value": "x"],
                               ["name": "B", "value": "$(A)-$(NOPE)-$$(A)"],
                               ["name": "MODE", "valueFrom": ["configMapKeyRef": ["name": "cfg", "key": "mode"]]],
                               ["name": "PW", "valueFrom": ["secretKeyRef": ["name": "db", "key": "password"]]],
                               ["name": "NAME", "valueFrom": ["fieldRef": ["fieldPath": "metadata.name"]]],
                               ["name": "NS", "valueFrom": ["fieldRef": ["fieldPath": "metadata.namespace"]]],
                               ["name": "APP", "valueFrom": ["fieldRef": ["fieldPath": "metadata.labels['app']"]]],
                               ["name": "IP", "valueFrom": ["fieldRef": ["fieldPath": "status.podIP"]]],
                               ["name": "NODE", "valueFrom": ["fieldRef": ["fieldPath": "spec.nodeName"]]],
                               ["name": "MEM", "valueFrom": ["resourceFieldRef": ["resource": "limits.memory", "divisor": "1Mi"]]],
                               ["name": "CPU", "valueFrom": ["resourceFieldRef": ["resource": "limits.cpu"]]],
                               ["name": "OPT", "valueFrom": ["configMapKeyRef": ["name": "gone", "key": "k", "optional": true]]]]]
        let env = try resolve(c)
        #expect(env == ["CFG_mode": "fast", "CFG_level": "3", "A": "x", "B": "x-$(NOPE)-$(A)", "MODE": "fast", "PW": "s3cret",
                        "NAME": "web", "NS": "prod", "APP": "web", "IP": "10.1.1.1", "NODE": "node-1", "MEM": "64", "CPU": "2"])
    }

    @Test func missingReferencesSayWhat() {
        func message(_ c: JSON) -> String? {
            do { _ = try resolve(c); return nil } catch { return (error as? ConfigurationError)?.message }
        }
        #expect(message(["env": [["name": "X", "valueFrom": ["configMapKeyRef": ["name": "gone", "key": "k"]]]]]) == "configmap \"gone\" not found")
        #expect(message(["env": [["name": "X", "valueFrom": ["configMapKeyRef": ["name": "cfg", "key": "k"]]]]]) == "couldn't find key k in ConfigMap prod/cfg")
        #expect(message(["env": [["name": "X", "valueFrom": ["secretKeyRef": ["name": "nope", "key": "k"]]]]]) == "secret \"nope\" not found")
        #expect(message(["envFrom": [["secretRef": ["name": "nope"]]]]) == "secret \"nope\" not found")
        #expect(message(["envFrom": [["secretRef": ["name": "nope", "optional": true]]]]) == nil)
    }
}

@Suite struct NodeObjectTests {
    static let machine = MachineInfo(cpuMillis: 2000, memoryBytes: 4 << 30, maxPods: 110, kernelVersion: "6.1.0", osImage: "Debian GNU/Linux 12 (bookworm)")

    @Test func theNodeAsRegistered() throws {
        let taints = try NodeObject.taints("dedicated=gpu:NoSchedule,spot:NoExecute")
        let n = NodeObject(name: "node-1", machine: Self.machine, labels: ["zone": "a"], taints: taints,
                           rpcEndpoint: "tcp://127.0.0.1:7311", runtimeVersion: "skiff-runtime://0.1.0")
        let node = n.node(notReady: nil, now: 1_700_000_000 * KubeletTime.second)
        #expect(node["metadata"]?["labels"]?["kubernetes.io/hostname"] == "node-1")
        #expect(node["metadata"]?["labels"]?["kubernetes.io/os"] == "linux")
        #expect(node["metadata"]?["labels"]?["zone"] == "a")
        #expect(node["metadata"]?["annotations"]?["skiff.io/kubelet-rpc"] == "tcp://127.0.0.1:7311")
        #expect(node["spec"]?["taints"] == [["key": "dedicated", "value": "gpu", "effect": "NoSchedule"], ["key": "spot", "effect": "NoExecute"]])
        let status = node["status"]
        #expect(status?["capacity"]?["cpu"] == "2" && status?["capacity"]?["memory"] == "4194304Ki" && status?["capacity"]?["pods"] == "110")
        #expect(status?["nodeInfo"]?["kubeletVersion"] == "v1.32.5-skiff")
        #expect(status?["nodeInfo"]?["containerRuntimeVersion"] == "skiff-runtime://0.1.0")
        #expect(status?["addresses"] == [["type": "InternalIP", "address": "127.0.0.1"], ["type": "Hostname", "address": "node-1"]])
        #expect(status?["conditions"]?.array?.map { $0["type"]?.string ?? "" } == ["MemoryPressure", "DiskPressure", "PIDPressure", "Ready"])
        #expect(throws: ConfigurationError.self) { try NodeObject.taints("x=y:Sometimes") }
        let lease = n.lease(nodeUID: "u", now: 1_700_000_000 * KubeletTime.second)
        #expect(lease["spec"]?["renewTime"] == "2023-11-14T22:13:20.000000Z" && lease["spec"]?["leaseDurationSeconds"] == 40)
    }

    @Test func heartbeatsMoveButTransitionsStay() {
        let n = NodeObject(name: "n", machine: Self.machine, rpcEndpoint: "e", runtimeVersion: "v")
        let t0: Int64 = 1_700_000_000 * KubeletTime.second
        let first = n.conditions(old: [], notReady: nil, now: t0)
        let second = n.conditions(old: first, notReady: nil, now: t0 + 10 * KubeletTime.second)
        #expect(second[3]["lastTransitionTime"] == first[3]["lastTransitionTime"])
        #expect(second[3]["lastHeartbeatTime"] != first[3]["lastHeartbeatTime"])
        let down = n.conditions(old: second, notReady: NodeObject.runtimeDown, now: t0 + 20 * KubeletTime.second)
        #expect(down[3]["status"] == "False" && down[3]["lastTransitionTime"]?.string == KubeletTime.rfc3339(t0 + 20 * KubeletTime.second))
    }
}

@Suite struct PodPhaseTests {
    @Test func qosClasses() {
        func qos(_ resources: JSON?) -> String {
            var c: JSONObject = ["name": "c"]
            if let resources { c["resources"] = resources }
            return PodStatusBuilder.qosClass(PodModel(["metadata": ["uid": "u"], "spec": ["containers": [.object(c)]]]))
        }
        #expect(qos(nil) == "BestEffort")
        #expect(qos(["requests": ["cpu": "100m"]]) == "Burstable")
        #expect(qos(["limits": ["cpu": "1", "memory": "1Gi"], "requests": ["cpu": "1", "memory": "1Gi"]]) == "Guaranteed")
        #expect(qos(["limits": ["cpu": "1", "memory": "1Gi"]]) == "Guaranteed")
    }
}
