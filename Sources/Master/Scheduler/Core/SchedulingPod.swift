import Resources

/// What the scheduler needs of a pod, read once from its JSON.
public struct SchedulingPod: Sendable, Hashable {
    public struct Key: Hashable, Sendable, Comparable, CustomStringConvertible {
        public var namespace: String
        public var name: String
        public init(namespace: String, name: String) {
            self.namespace = namespace
            self.name = name
        }
        public static func < (a: Key, b: Key) -> Bool { (a.namespace, a.name) < (b.namespace, b.name) }
        public var description: String { "\(namespace)/\(name)" }
    }

    /// A host port a container asks for: `hostIP` empty means every address (0.0.0.0).
    public struct HostPort: Sendable, Hashable {
        public var hostIP: String
        public var proto: String
        public var port: Int64
        public init(hostIP: String = "0.0.0.0", proto: String = "TCP", port: Int64) {
            self.hostIP = hostIP.isEmpty ? "0.0.0.0" : hostIP
            self.proto = proto.isEmpty ? "TCP" : proto
            self.port = port
        }
        /// Kubernetes' `HostPortInfo.CheckConflict`: same protocol and port, and the same
        /// address or either on every address.
        public func conflicts(with other: HostPort) -> Bool {
            port == other.port && proto == other.proto
                && (hostIP == other.hostIP || hostIP == "0.0.0.0" || other.hostIP == "0.0.0.0")
        }
    }

    public var key: Key
    public var uid: String
    public var resourceVersion: String
    /// `spec.nodeName`: empty while unscheduled.
    public var nodeName: String
    public var schedulerName: String
    public var terminating: Bool
    /// `Succeeded` or `Failed`: holds no resources on its node.
    public var terminal: Bool
    /// `spec.schedulingGates` not empty: not to be scheduled yet.
    public var gated: Bool
    /// Requests as the fit filter counts them.
    public var requests: ResourceAmounts
    /// Requests with the scoring defaults for missing cpu/memory.
    public var nonZeroRequests: ResourceAmounts
    public var nodeSelector: [String: String]
    public var requiredAffinity: NodeSelector?
    public var preferredAffinity: [PreferredTerm]
    public var tolerations: [Toleration]
    public var hostPorts: [HostPort]
    /// The uid of the controlling owner (ReplicaSet, StatefulSet, Job, DaemonSet…), for spreading.
    public var ownerUID: String?
    /// The PodScheduled condition as the pod has it: (status, reason, message).
    public var scheduledCondition: (status: String, reason: String, message: String)?

    public static func == (a: SchedulingPod, b: SchedulingPod) -> Bool {
        a.key == b.key && a.uid == b.uid && a.resourceVersion == b.resourceVersion
    }
    public func hash(into h: inout Hasher) {
        h.combine(key)
        h.combine(uid)
        h.combine(resourceVersion)
    }

    public init(key: Key, uid: String = "", resourceVersion: String = "", nodeName: String = "", schedulerName: String = "default-scheduler",
                terminating: Bool = false, terminal: Bool = false, gated: Bool = false,
                requests: ResourceAmounts = .zero, nonZeroRequests: ResourceAmounts? = nil, nodeSelector: [String: String] = [:],
                requiredAffinity: NodeSelector? = nil, preferredAffinity: [PreferredTerm] = [], tolerations: [Toleration] = [],
                hostPorts: [HostPort] = [], ownerUID: String? = nil) {
        self.key = key
        self.uid = uid
        self.resourceVersion = resourceVersion
        self.nodeName = nodeName
        self.schedulerName = schedulerName
        self.terminating = terminating
        self.terminal = terminal
        self.gated = gated
        self.requests = requests
        self.nonZeroRequests = nonZeroRequests ?? ResourceAmounts(
            milliCPU: requests.milliCPU == 0 ? NonZeroDefaults.milliCPU : requests.milliCPU,
            memory: requests.memory == 0 ? NonZeroDefaults.memory : requests.memory,
            ephemeralStorage: requests.ephemeralStorage, scalar: requests.scalar)
        self.nodeSelector = nodeSelector
        self.requiredAffinity = requiredAffinity
        self.preferredAffinity = preferredAffinity
        self.tolerations = tolerations
        self.hostPorts = hostPorts
        self.ownerUID = ownerUID
    }

    public init(json pod: JSON) {
        let meta = pod["metadata"]
        let spec = pod["spec"]
        self.init(key: Key(namespace: meta?["namespace"]?.string ?? "", name: meta?["name"]?.string ?? ""),
                  uid: meta?["uid"]?.string ?? "", resourceVersion: meta?["resourceVersion"]?.string ?? "",
                  nodeName: spec?["nodeName"]?.string ?? "",
                  schedulerName: spec?["schedulerName"]?.string ?? "default-scheduler",
                  terminating: meta?["deletionTimestamp"].map { !$0.isNull } ?? false,
                  terminal: ["Succeeded", "Failed"].contains(pod["status"]?["phase"]?.string ?? ""),
                  gated: !(spec?["schedulingGates"]?.array ?? []).isEmpty,
                  requests: PodRequests.compute(spec: spec, nonMissing: false),
                  nonZeroRequests: PodRequests.compute(spec: spec, nonMissing: true))
        if let selector = spec?["nodeSelector"]?.object {
            for (k, v) in selector { if let s = v.string { nodeSelector[k] = s } }
        }
        let nodeAffinity = spec?["affinity"]?["nodeAffinity"]
        if let required = nodeAffinity?["requiredDuringSchedulingIgnoredDuringExecution"], !required.isNull {
            requiredAffinity = NodeSelector(json: required)
        }
        preferredAffinity = (nodeAffinity?["preferredDuringSchedulingIgnoredDuringExecution"]?.array ?? []).map {
            PreferredTerm(weight: $0["weight"]?.int ?? 0, term: NodeSelectorTerm(json: $0["preference"] ?? .null))
        }
        tolerations = (spec?["tolerations"]?.array ?? []).map(Toleration.init(json:))
        var ports: [HostPort] = []
        let sidecars = (spec?["initContainers"]?.array ?? []).filter { $0["restartPolicy"]?.string == "Always" }
        for c in (spec?["containers"]?.array ?? []) + sidecars {
            for p in c["ports"]?.array ?? [] {
                guard let hp = p["hostPort"]?.int, hp > 0 else { continue }
                ports.append(HostPort(hostIP: p["hostIP"]?.string ?? "", proto: p["protocol"]?.string ?? "TCP", port: hp))
            }
        }
        hostPorts = ports
        ownerUID = (meta?["ownerReferences"]?.array ?? []).first { $0["controller"]?.bool == true }?["uid"]?.string
        if let c = (pod["status"]?["conditions"]?.array ?? []).first(where: { $0["type"]?.string == "PodScheduled" }) {
            scheduledCondition = (c["status"]?.string ?? "", c["reason"]?.string ?? "", c["message"]?.string ?? "")
        }
    }

    /// Whether what the filters and scores look at is the same (a status write to a pending pod
    /// is no reason to try it again).
    public func sameScheduling(as other: SchedulingPod) -> Bool {
        uid == other.uid && nodeName == other.nodeName && schedulerName == other.schedulerName && terminating == other.terminating
            && terminal == other.terminal && gated == other.gated && requests == other.requests && nodeSelector == other.nodeSelector
            && requiredAffinity == other.requiredAffinity && preferredAffinity == other.preferredAffinity
            && tolerations == other.tolerations && hostPorts == other.hostPorts && ownerUID == other.ownerUID
    }

    /// Whether this scheduler should place the pod now: unbound, ours, alive, not gated.
    public func needsScheduling(by scheduler: String = "default-scheduler") -> Bool {
        nodeName.isEmpty && schedulerName == scheduler && !terminating && !terminal && !gated
    }
}
