import Addresses
import Resources

/// The node lifecycle controller's pure core (`pkg/controller/nodelifecycle` and its taint
/// manager, plus the range CIDR allocator): a Node, its Lease, the pods bound to it, the time
/// and the settings in; a ``Plan`` out.
///
/// A node is stale when neither its Lease's `renewTime` nor its Ready condition's
/// `lastHeartbeatTime` is within the grace period. A stale node's conditions become Unknown
/// (`NodeStatusUnknown`, "Kubelet stopped posting node status.") and it gets the
/// `node.kubernetes.io/unreachable` NoSchedule and NoExecute taints; a node whose kubelet says
/// Ready=False gets `node.kubernetes.io/not-ready`; a Ready node gets neither. A pod on a node
/// with a NoExecute taint is deleted once its tolerations for it run out (the API server gives
/// every pod a 300 s toleration; a pod with its own shorter one goes sooner; no toleration: at
/// once).
public enum NodeLifecycleReconciler {
    public static let unreachable = "node.kubernetes.io/unreachable"
    public static let notReady = "node.kubernetes.io/not-ready"

    public struct Settings: Sendable, Hashable {
        public var gracePeriod: Double = 40
        /// IPv4 cluster CIDR and the per-node mask: 10.244.0.0/16, /24.
        public var clusterCIDR: String = "10.244.0.0/16"
        public var nodeMaskSize: Int = 24
        public init() {}

        /// A Go duration (`40s`, `1m30s`, `500ms`) or plain seconds, in seconds; nil if malformed.
        public static func seconds(_ text: String) -> Double? {
            if let plain = Double(text) { return plain }
            var total = 0.0, number = "", rest = Substring(text)
            guard !rest.isEmpty else { return nil }
            while !rest.isEmpty {
                number = String(rest.prefix { $0.isNumber || $0 == "." })
                rest = rest.dropFirst(number.count)
                let unit = rest.prefix { !($0.isNumber || $0 == ".") }
                rest = rest.dropFirst(unit.count)
                let scale: Double
                switch unit {
                case "h": scale = 3600
                case "m": scale = 60
                case "s": scale = 1
                case "ms": scale = 0.001
                default: return nil
                }
                guard let n = Double(number) else { return nil }
                total += n * scale
            }
            return total
        }
    }

    public struct Plan: Sendable, Hashable {
        /// The node's new status (conditions), if it changes.
        public var status: JSON?
        /// A merge patch for the node's spec (taints, podCIDR), if it changes.
        public var specPatch: JSON?
        public var evictPods: [PodRef] = []
        public var nodeEvents: [PlannedEvent] = []
        public var requeueAfter: Double?
        public init() {}
    }

    /// A pod's identity (namespace, name, uid) for an eviction.
    public struct PodRef: Sendable, Hashable {
        public var namespace: String
        public var name: String
        public var uid: String
    }

    /// The plan with the pod CIDR the first block of the cluster CIDR not in `otherCIDRs`.
    public static func reconcile(node: JSON, lease: JSON?, pods: [JSON], otherCIDRs: Set<String>, now: MetaTime,
                                 settings: Settings) -> Plan {
        let cidr = NodeCIDRs.allocate(cluster: settings.clusterCIDR, maskSize: settings.nodeMaskSize, taken: otherCIDRs)
        return reconcile(node: node, lease: lease, pods: pods, podCIDR: cidr, now: now, settings: settings)
    }

    /// The plan; `podCIDR` is the block ``PodCIDRAllocator`` holds for this node (nil: the range
    /// is full), given to a node without one.
    public static func reconcile(node: JSON, lease: JSON?, pods: [JSON], podCIDR: String?, now: MetaTime,
                                 settings: Settings) -> Plan {
        var plan = Plan()
        let name = JobPodFacts.name(node)
        var conditions = node["status"]["conditions"]?.array ?? []
        let readyIndex = conditions.firstIndex { $0["type"]?.string == "Ready" }
        let heartbeat = [MetaTime(json: lease?["spec"]["renewTime"]),
                         readyIndex.map { MetaTime(json: conditions[$0]["lastHeartbeatTime"]) } ?? .zero,
                         JobPodFacts.creation(node)].max()!
        let due = JobPodFacts.adding(settings.gracePeriod, to: heartbeat)
        let stale = now > due
        var patch: JSON = .emptyObject

        if stale {
            var changed = false
            if readyIndex == nil {
                conditions.append(JobPodFacts.conditionJSON("Ready", "Unknown", reason: "NodeStatusNeverUpdated",
                                                            message: "Kubelet never posted node status.", now: now))
                changed = true
            }
            for i in conditions.indices where conditions[i]["status"]?.string != "Unknown" {
                conditions[i]["status"] = "Unknown"
                conditions[i]["reason"] = "NodeStatusUnknown"
                conditions[i]["message"] = "Kubelet stopped posting node status."
                conditions[i]["lastTransitionTime"] = JobPodFacts.stamp(now)
                changed = true
            }
            if changed {
                var status = node["status"] ?? .emptyObject
                status["conditions"] = .array(conditions)
                plan.status = status
                plan.nodeEvents.append(.normal("NodeNotReady", "Node \(name) status is now: NodeNotReady"))
            }
        } else {
            plan.requeueAfter = JobPodFacts.seconds(from: now, to: due) + 0.1
        }

        // Taints.
        let readyStatus = stale ? "Unknown" : (readyIndex.flatMap { conditions[$0]["status"]?.string } ?? "Unknown")
        let wanted: String? = switch readyStatus {
        case "True": nil
        case "False": notReady
        default: stale ? unreachable : nil
        }
        var taints = node["spec"]["taints"]?.array ?? []
        let before = taints
        taints.removeAll { t in
            let key = t["key"]?.string ?? ""
            return (key == unreachable || key == notReady) && key != wanted
        }
        if let wanted {
            for effect in ["NoSchedule", "NoExecute"] where !taints.contains(where: { $0["key"]?.string == wanted && $0["effect"]?.string == effect }) {
                var taint: JSON = ["key": .string(wanted), "effect": .string(effect)]
                if effect == "NoExecute" { taint["timeAdded"] = JobPodFacts.stamp(now) }
                taints.append(taint)
            }
        }
        if taints != before { patch["spec"]["taints"] = taints.isEmpty ? .null : .array(taints) }

        // Evictions for NoExecute taints.
        let noExecute = taints.filter { $0["effect"]?.string == "NoExecute" }
        if !noExecute.isEmpty {
            for pod in pods where !JobPodFacts.isTerminating(pod) {
                guard let evictAt = evictionTime(pod: pod, taints: noExecute, now: now) else { continue }
                if now >= evictAt {
                    plan.evictPods.append(PodRef(namespace: pod["metadata"]["namespace"]?.string ?? "", name: JobPodFacts.name(pod),
                                                       uid: JobPodFacts.uid(pod)))
                } else {
                    plan.requeueAfter = min(plan.requeueAfter ?? .infinity, JobPodFacts.seconds(from: now, to: evictAt) + 0.05)
                }
            }
        }

        // Pod CIDR.
        if (node["spec"]["podCIDR"]?.string ?? "").isEmpty {
            if let cidr = podCIDR {
                patch["spec"]["podCIDR"] = .string(cidr)
                patch["spec"]["podCIDRs"] = [.string(cidr)]
            } else {
                plan.nodeEvents.append(.warning("CIDRNotAvailable", "Node \(name) status is now: CIDRNotAvailable"))
                plan.requeueAfter = min(plan.requeueAfter ?? .infinity, 5)  // a deleted node may free one
            }
        }
        if patch != .emptyObject { plan.specPatch = patch }
        return plan
    }

    /// When a pod must go: the earliest of (taint added + the shortest matching toleration) over
    /// the taints; now for a taint it does not tolerate; nil if it tolerates all forever.
    static func evictionTime(pod: JSON, taints: [JSON], now: MetaTime) -> MetaTime? {
        let tolerations = pod["spec"]["tolerations"]?.array ?? []
        var earliest: MetaTime?
        for taint in taints {
            let matching = tolerations.filter { tolerates($0, taint) }
            if matching.isEmpty { return now }
            let seconds = matching.compactMap { $0["tolerationSeconds"]?.int }
            guard matching.allSatisfy({ $0["tolerationSeconds"]?.int != nil }), let shortest = seconds.min() else { continue }
            var added = MetaTime(json: taint["timeAdded"])
            if added.isZero { added = now }
            let t = JobPodFacts.adding(Double(max(0, shortest)), to: added)
            earliest = min(earliest ?? t, t)
        }
        return earliest
    }

    /// `v1.Toleration.ToleratesTaint`.
    static func tolerates(_ toleration: JSON, _ taint: JSON) -> Bool {
        let effect = toleration["effect"]?.string ?? ""
        if !effect.isEmpty && effect != taint["effect"]?.string { return false }
        let key = toleration["key"]?.string ?? ""
        if !key.isEmpty && key != taint["key"]?.string { return false }
        switch toleration["operator"]?.string ?? "Equal" {
        case "Exists": return true
        case "Equal": return (toleration["value"]?.string ?? "") == (taint["value"]?.string ?? "")
        default: return false
        }
    }
}

/// Per-node pod CIDRs carved from the cluster CIDR (the range allocator), IPv4.
public enum NodeCIDRs {
    /// The first `/maskSize` block of `cluster` that is not in `taken`.
    public static func allocate(cluster: String, maskSize: Int, taken: Set<String>) -> String? {
        let parts = cluster.split(separator: "/")
        guard parts.count == 2, let prefix = Int(parts[1]), prefix <= maskSize, maskSize <= 32,
              let base = IPv4.parse(String(parts[0])) else { return nil }
        let count = 1 << (maskSize - prefix)
        let step = UInt32(1) << UInt32(32 - maskSize)
        let start = base & (prefix == 0 ? 0 : ~UInt32(0) << UInt32(32 - prefix))
        for i in 0..<count {
            let cidr = "\(IPv4.format(start &+ UInt32(i) &* step))/\(maskSize)"
            if !taken.contains(cidr) { return cidr }
        }
        return nil
    }

}
