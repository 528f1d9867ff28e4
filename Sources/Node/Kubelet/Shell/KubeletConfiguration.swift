import Resources

/// How a kubelet is set up (`skiff kubelet`'s flags).
public struct KubeletConfiguration: Sendable {
    public var nodeName: String
    public var apiEndpoints: [String]
    public var apiEventEndpoints: [String]
    public var runtimeEndpoints: [String]
    public var runtimeEventEndpoints: [String]
    /// Where to serve SKIFF-KUBELET/1 (`kubelet.logs`).
    public var rpcEndpoints: [String]
    /// Pod directories (volumes, logs): `<root>/pods/<namespace>_<name>_<uid>/`.
    public var root: String
    public var cpuMillis: Int64?
    public var memoryBytes: Int64?
    public var maxPods: Int64 = 110
    public var labels: [String: String] = [:]
    public var taints: [JSON] = []
    /// Lease renewal and node status period (`--node-status-update-frequency`).
    public var heartbeatInterval: Duration = .seconds(10)
    /// How often every pod is synced even when nothing says it changed.
    public var resyncInterval: Duration = .seconds(30)
    /// This node's pod range when the Node has no `spec.podCIDR` (yet): `--pod-cidr`.
    public var podCIDR: String?
    /// Report the node NotReady, when the runtime gives pods networks of their own, until it
    /// has a pod range (`--wait-for-pod-cidr`): what a node without its CNI network is in
    /// Kubernetes, so nothing is scheduled here that would have to fall back to the node's network.
    public var waitForPodCIDR = false
    /// Routes a pod's network gets via its node's bridge: the cluster's pod range
    /// (`--cluster-cidr`) and service range (`--service-cidr`). No default route.
    public var clusterCIDR = "10.244.0.0/16"
    public var serviceCIDR = "10.96.0.0/12"
    /// `--cluster-dns`, `--cluster-domain`: the nameservers and domain of ClusterFirst pods.
    public var clusterDNS: [String] = ["10.96.0.10"]
    public var clusterDomain = "cluster.local"

    public init(nodeName: String, apiEndpoints: [String], apiEventEndpoints: [String], runtimeEndpoints: [String],
                runtimeEventEndpoints: [String], rpcEndpoints: [String], root: String) {
        self.nodeName = nodeName
        self.apiEndpoints = apiEndpoints
        self.apiEventEndpoints = apiEventEndpoints
        self.runtimeEndpoints = runtimeEndpoints
        self.runtimeEventEndpoints = runtimeEventEndpoints
        self.rpcEndpoints = rpcEndpoints
        self.root = root
    }
}
