import Resources

/// The pure core of the DaemonSet controller (`pkg/controller/daemon`): one pod per eligible
/// node, placed by node affinity on `metadata.name` (the scheduler binds it), RollingUpdate
/// with maxUnavailable or OnDelete, and the status counts.
public enum DaemonSetReconciler {
    public static let hashLabel = "controller-revision-hash"

    public struct Plan: Sendable, Equatable {
        /// Pods to create, one per node name.
        public var create: [(node: String, pod: JSON)] = []
        public var delete: [JSON] = []
        public var status: JSON?
        public var requeueAfterSeconds: Int?
        public static func == (a: Plan, b: Plan) -> Bool {
            a.create.map(\.node) == b.create.map(\.node) && a.create.map(\.pod) == b.create.map(\.pod) && a.delete == b.delete
                && a.status == b.status && a.requeueAfterSeconds == b.requeueAfterSeconds
        }
        public init() {}
    }

    /// The tolerations every daemon pod gets (`util.AddOrUpdateDaemonPodTolerations`).
    public static let daemonTolerations: [JSON] = [
        ["key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute"],
        ["key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute"],
        ["key": "node.kubernetes.io/disk-pressure", "operator": "Exists", "effect": "NoSchedule"],
        ["key": "node.kubernetes.io/memory-pressure", "operator": "Exists", "effect": "NoSchedule"],
        ["key": "node.kubernetes.io/pid-pressure", "operator": "Exists", "effect": "NoSchedule"],
        ["key": "node.kubernetes.io/unschedulable", "operator": "Exists", "effect": "NoSchedule"],
    ]

    /// The hash of the DaemonSet's current template (the `controller-revision-hash` label).
    public static func templateHash(_ ds: JSON) -> String {
        PodTemplateHash.compute(ds["spec"]?["template"] ?? .emptyObject, collisionCount: ds["status"]?["collisionCount"]?.int.map(Int.init))
    }

    /// The node a daemon pod is for: its nodeName, else its `metadata.name` node affinity.
    public static func node(of pod: JSON) -> String? {
        let n = PodState.nodeName(pod)
        if !n.isEmpty { return n }
        for term in pod["spec"]?["affinity"]?["nodeAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"]?["nodeSelectorTerms"]?.array ?? [] {
            for f in term["matchFields"]?.array ?? [] where f["key"]?.string == "metadata.name" {
                if let v = f["values"]?[0]?.string { return v }
            }
        }
        return nil
    }

    public static func plan(daemonSet ds: JSON, nodes: [JSON], pods: [JSON], now: MetaTime, expectationsSatisfied: Bool = true) -> Plan {
        var plan = Plan()
        let hash = templateHash(ds)
        let minReady = ds.int("spec", "minReadySeconds", default: 0)
        let owned = pods.filter { OwnerReference.controller(of: $0)?.uid == ds.uid && !$0.isBeingDeleted }
        var byNode: [String: [JSON]] = [:]
        for p in owned { byNode[node(of: p) ?? "", default: []].append(p) }
        let specWithTolerations = podSpec(ds, node: nil)
        let eligible = nodes.filter { NodeEligibility.fits(podSpec: specWithTolerations, node: $0) }.map(\.name)
        let eligibleSet = Set(eligible)

        var desired = 0, current = 0, misscheduled = 0, ready = 0, updated = 0, available = 0
        var unavailableNodes: [String] = []
        var oldAvailable: [JSON] = []
        for name in eligible {
            desired += 1
            let mine = (byNode[name] ?? []).sorted { PodState.created($0) < PodState.created($1) }
            let failed = mine.filter { PodState.phase($0) == "Failed" }
            let live = mine.filter { PodState.phase($0) != "Failed" && PodState.phase($0) != "Succeeded" }
            plan.delete += failed
            if live.isEmpty {
                plan.create.append((name, pod(ds, node: name, hash: hash)))
                unavailableNodes.append(name)
                continue
            }
            current += 1
            plan.delete += live.dropFirst()  // one per node: the oldest stays
            let p = live[0]
            let isUpdated = p.labels[hashLabel] == hash
            if isUpdated { updated += 1 }
            if PodState.isReady(p) { ready += 1 }
            if PodState.isAvailable(p, minReadySeconds: minReady, now: now) {
                available += 1
                if !isUpdated { oldAvailable.append(p) }
            } else {
                unavailableNodes.append(name)
                if !isUpdated { plan.delete.append(p) }  // an old pod that is not available anyway
            }
            if minReady > 0 && PodState.isReady(p) && !PodState.isAvailable(p, minReadySeconds: minReady, now: now) {
                plan.requeueAfterSeconds = minReady
            }
        }
        for (name, list) in byNode where !eligibleSet.contains(name) {
            misscheduled += list.isEmpty ? 0 : 1
            plan.delete += list
        }

        if ds["spec"]?["updateStrategy"]?["type"]?.string != "OnDelete" {
            let maxUnavailable = max(1, RollingParameters.scaled(ds["spec"]?["updateStrategy"]?["rollingUpdate"]?["maxUnavailable"],
                                                                 of: desired, roundUp: true, default: "1"))
            var budget = maxUnavailable - unavailableNodes.count
            for p in oldAvailable.sorted(by: { $0.name < $1.name }) where budget > 0 {
                plan.delete.append(p)
                budget -= 1
            }
        }
        if !expectationsSatisfied {
            plan.create = []
            plan.delete = []
        }

        var status = ds["status"] ?? .emptyObject
        status["desiredNumberScheduled"] = .int(Int64(desired))
        status["currentNumberScheduled"] = .int(Int64(current))
        status["numberMisscheduled"] = .int(Int64(misscheduled))
        status["numberReady"] = .int(Int64(ready))
        status["updatedNumberScheduled"] = .int(Int64(updated))
        status["numberAvailable"] = .int(Int64(available))
        status["numberUnavailable"] = .int(Int64(desired - available))
        status["observedGeneration"] = .int(Int64(ds.int("metadata", "generation", default: 1)))
        if ds["status"] != status { plan.status = status }
        return plan
    }

    /// The template's pod spec with the daemon tolerations added and, for a node, the node
    /// affinity that pins it there (`util.ReplaceDaemonSetPodNodeNameNodeAffinity`).
    static func podSpec(_ ds: JSON, node: String?) -> JSON {
        var spec = ds["spec"]?["template"]?["spec"] ?? .emptyObject
        var tolerations = spec["tolerations"]?.array ?? []
        for t in daemonTolerations where !tolerations.contains(where: { $0["key"] == t["key"] && $0["effect"] == t["effect"] }) {
            tolerations.append(t)
        }
        spec["tolerations"] = .array(tolerations)
        if let node {
            spec["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"] = [
                "nodeSelectorTerms": [["matchFields": [["key": "metadata.name", "operator": "In", "values": [.string(node)]]]]],
            ]
        }
        return spec
    }

    static func pod(_ ds: JSON, node: String, hash: String) -> JSON {
        let template = ds["spec"]?["template"]
        var labels = template?["metadata"]?["labels"] ?? .emptyObject
        labels[hashLabel] = .string(hash)
        labels["pod-template-generation"] = .string(String(ds.int("metadata", "generation", default: 1)))
        var metadata: JSON = ["generateName": .string(ds.name + "-"), "namespace": .string(ds.namespace), "labels": labels,
                              "ownerReferences": [OwnerReference(to: ds, kind: .daemonSets).json]]
        if let a = template?["metadata"]?["annotations"] { metadata["annotations"] = a }
        return ["apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": podSpec(ds, node: node)]
    }
}
