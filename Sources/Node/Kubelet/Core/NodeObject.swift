import Resources
import RuntimeAPI

/// What the machine is, for the Node's capacity and nodeInfo.
public struct MachineInfo: Sendable, Equatable {
    public var cpuMillis: Int64
    public var memoryBytes: Int64
    public var maxPods: Int64
    public var ephemeralStorageBytes: Int64
    public var kernelVersion: String
    public var osImage: String
    public var architecture: String
    public var machineID: String
    public var bootID: String

    public init(cpuMillis: Int64, memoryBytes: Int64, maxPods: Int64 = 110, ephemeralStorageBytes: Int64 = 0,
                kernelVersion: String = "", osImage: String = "", architecture: String = "amd64",
                machineID: String = "", bootID: String = "") {
        self.cpuMillis = cpuMillis
        self.memoryBytes = memoryBytes
        self.maxPods = maxPods
        self.ephemeralStorageBytes = ephemeralStorageBytes
        self.kernelVersion = kernelVersion
        self.osImage = osImage
        self.architecture = architecture
        self.machineID = machineID
        self.bootID = bootID
    }
}

/// The Node and Lease a kubelet registers and renews (`kubelet_node_status.go`,
/// `nodelease`). Pure.
public struct NodeObject: Sendable {
    public static let kubeletVersion = "v1.32.5-skiff"
    public static let leaseNamespace = "kube-node-lease"
    public static let leaseDurationSeconds: Int64 = 40

    public var name: String
    public var machine: MachineInfo
    public var labels: [String: String]
    /// `key=value:Effect` or `key:Effect`.
    public var taints: [JSON]
    public var rpcEndpoint: String
    /// `skiff-runtime://<version>`.
    public var runtimeVersion: String
    public var address = "127.0.0.1"

    public init(name: String, machine: MachineInfo, labels: [String: String] = [:], taints: [JSON] = [],
                rpcEndpoint: String, runtimeVersion: String) {
        self.name = name
        self.machine = machine
        self.labels = labels
        self.taints = taints
        self.rpcEndpoint = rpcEndpoint
        self.runtimeVersion = runtimeVersion
    }

    /// Parses `--register-with-taints` (`k=v:NoSchedule,k2:NoExecute`).
    public static func taints(_ text: String) throws(ConfigurationError) -> [JSON] {
        try text.split(separator: ",").map { (item: Substring) throws(ConfigurationError) -> JSON in
            let parts = item.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, ["NoSchedule", "PreferNoSchedule", "NoExecute"].contains(String(parts[1])) else {
                throw ConfigurationError(message: "invalid taint \"\(item)\": want key[=value]:NoSchedule|PreferNoSchedule|NoExecute")
            }
            let kv = parts[0].split(separator: "=", maxSplits: 1)
            var t: JSONObject = ["key": .string(String(kv[0]))]
            if kv.count == 2 { t["value"] = .string(String(kv[1])) }
            t["effect"] = .string(String(parts[1]))
            return .object(t)
        }
    }

    public var allLabels: JSONObject {
        var l: JSONObject = ["beta.kubernetes.io/arch": .string(machine.architecture), "beta.kubernetes.io/os": "linux",
                             "kubernetes.io/arch": .string(machine.architecture), "kubernetes.io/hostname": .string(name),
                             "kubernetes.io/os": "linux"]
        for (k, v) in labels.sorted(by: { $0.key < $1.key }) { l[k] = .string(v) }
        return l
    }

    public var annotations: JSONObject {
        [KubeletMessages.rpcAnnotation: .string(rpcEndpoint), "node.alpha.kubernetes.io/ttl": "0",
         "volumes.kubernetes.io/controller-managed-attach-detach": "true"]
    }

    var resources: JSON {
        var r: JSONObject = ["cpu": Quantity(milli: machine.cpuMillis).json,
                             "memory": .string("\(machine.memoryBytes / 1024)Ki"),
                             "pods": .string(String(machine.maxPods))]
        if machine.ephemeralStorageBytes > 0 { r["ephemeral-storage"] = .string("\(machine.ephemeralStorageBytes / 1024)Ki") }
        r["hugepages-1Gi"] = "0"
        r["hugepages-2Mi"] = "0"
        return .object(r)
    }

    /// The four conditions, keeping the transition times of `old` where the status is unchanged;
    /// `notReady` says why the node is not ready; nil: it is.
    public func conditions(old: [JSON], notReady: String?, now: Int64) -> [JSON] {
        let t = JSON.string(KubeletTime.rfc3339(now))
        func c(_ type: String, _ status: Bool, _ reason: String, _ message: String) -> JSON {
            let s = status ? "True" : "False"
            let previous = old.first { $0["type"]?.string == type }
            let since = previous?["status"]?.string == s ? previous?["lastTransitionTime"] ?? t : t
            return ["type": .string(type), "status": .string(s), "lastHeartbeatTime": t, "lastTransitionTime": since,
                    "reason": .string(reason), "message": .string(message)]
        }
        return [c("MemoryPressure", false, "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                c("DiskPressure", false, "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                c("PIDPressure", false, "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                notReady.map { c("Ready", false, "KubeletNotReady", $0) }
                    ?? c("Ready", true, "KubeletReady", "kubelet is posting ready status")]
    }

    public static let runtimeDown = "container runtime is down"
    /// Kubernetes' wording when the pod network is not set up yet (here: no pod range yet).
    public static let networkNotReady = "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:no pod CIDR assigned to this node yet"

    public func status(oldConditions: [JSON], notReady: String?, now: Int64) -> JSON {
        ["capacity": resources, "allocatable": resources,
         "conditions": .array(conditions(old: oldConditions, notReady: notReady, now: now)),
         "addresses": [["type": "InternalIP", "address": .string(address)], ["type": "Hostname", "address": .string(name)]],
         "daemonEndpoints": ["kubeletEndpoint": ["Port": 0]],
         "nodeInfo": ["machineID": .string(machine.machineID), "systemUUID": .string(machine.machineID),
                      "bootID": .string(machine.bootID), "kernelVersion": .string(machine.kernelVersion),
                      "osImage": .string(machine.osImage), "containerRuntimeVersion": .string(runtimeVersion),
                      "kubeletVersion": .string(Self.kubeletVersion), "kubeProxyVersion": .string(Self.kubeletVersion),
                      "operatingSystem": "linux", "architecture": .string(machine.architecture)]]
    }

    /// The Node to create.
    public func node(notReady: String?, now: Int64) -> JSON {
        var spec: JSONObject = [:]
        if !taints.isEmpty { spec["taints"] = .array(taints) }
        return ["apiVersion": "v1", "kind": "Node",
                "metadata": ["name": .string(name), "labels": .object(allLabels), "annotations": .object(annotations)],
                "spec": .object(spec), "status": status(oldConditions: [], notReady: notReady, now: now)]
    }

    /// The Lease `kube-node-lease/<node>`, renewed at `now`.
    public func lease(nodeUID: String?, now: Int64) -> JSON {
        var metadata: JSONObject = ["name": .string(name), "namespace": .string(Self.leaseNamespace)]
        if let nodeUID {
            metadata["ownerReferences"] = [["apiVersion": "v1", "kind": "Node", "name": .string(name), "uid": .string(nodeUID)]]
        }
        return ["apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": .object(metadata),
                "spec": ["holderIdentity": .string(name), "leaseDurationSeconds": .int(Self.leaseDurationSeconds),
                         "renewTime": .string(KubeletTime.microTime(now))]]
    }
}
