import Resources

/// The pure core of the ReplicaSet and ReplicationController controllers
/// (`pkg/controller/replicaset`): from the owner, the pods of its namespace and the time, the
/// plan. `expectationsSatisfied` false means writes of an earlier sync are still in flight: no
/// pods are created or deleted (status is still computed).
public enum ReplicaSetReconciler {
    /// Most pods created or deleted in one sync (Kubernetes' burstReplicas).
    public static let burstReplicas = 500

    public static func plan(owner: JSON, kind: ResourceKind, pods: [JSON], now: MetaTime,
                            expectationsSatisfied: Bool = true) -> ReplicaSetPlan {
        var plan = ReplicaSetPlan()
        let selector = Self.selector(of: owner, kind: kind)
        let uid = owner.uid
        let deleting = owner.isBeingDeleted

        // Claim: adopt matching orphans, release owned pods that stopped matching.
        var owned: [JSON] = []
        for pod in pods where pod.namespace == owner.namespace {
            let ref = OwnerReference.controller(of: pod)
            let matches = selector.matches(object: pod)
            if let ref {
                guard ref.uid == uid else { continue }
                if matches || deleting { owned.append(pod) } else if !pod.isBeingDeleted { plan.release.append(pod) }
            } else if matches && !deleting && !pod.isBeingDeleted && !selector.isEverything {
                plan.adopt.append(pod)
                owned.append(pod)
            }
        }
        let active = owned.filter(PodState.isActive)
        let replicas = owner.int("spec", "replicas", default: 1)

        if expectationsSatisfied && !deleting {
            let diff = active.count - replicas
            if diff < 0 {
                plan.create = min(-diff, burstReplicas)
                plan.podTemplate = podToCreate(owner: owner, kind: kind)
            } else if diff > 0 {
                plan.delete = Array(PodDeletionOrder.sorted(active).prefix(min(diff, burstReplicas)))
            }
        }

        let (status, requeue) = status(owner: owner, active: active, now: now)
        if owner["status"] != status { plan.status = status }
        plan.requeueAfterSeconds = requeue
        return plan
    }

    /// The owner's selector: `spec.selector` (structured for ReplicaSets, a label map for
    /// ReplicationControllers, defaulting to the template's labels).
    public static func selector(of owner: JSON, kind: ResourceKind) -> LabelSelector {
        let spec = owner["spec"]
        if kind == .replicationControllers {
            let map = spec?["selector"] ?? spec?["template"]?["metadata"]?["labels"]
            guard let map, map.object.map({ !$0.isEmpty }) == true else { return .nothing }
            return (try? LabelSelector(structured: ["matchLabels": map])) ?? .nothing
        }
        return (try? LabelSelector(structured: spec?["selector"])) ?? .nothing
    }

    /// The pod the owner's template describes (`controller.GetPodFromTemplate`).
    public static func podToCreate(owner: JSON, kind: ResourceKind) -> JSON {
        let template = owner["spec"]?["template"]
        var metadata: JSON = ["generateName": .string(owner.name + "-"), "namespace": .string(owner.namespace)]
        if let labels = template?["metadata"]?["labels"] { metadata["labels"] = labels }
        if let annotations = template?["metadata"]?["annotations"] { metadata["annotations"] = annotations }
        if let finalizers = template?["metadata"]?["finalizers"] { metadata["finalizers"] = finalizers }
        metadata["ownerReferences"] = [OwnerReference(to: owner, kind: kind).json]
        return ["apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": template?["spec"] ?? .emptyObject]
    }

    /// `calculateStatus`: counts over the active owned pods, observedGeneration; the seconds
    /// until a ready pod becomes available, if one is waiting on minReadySeconds.
    static func status(owner: JSON, active: [JSON], now: MetaTime) -> (JSON, Int?) {
        let minReady = owner.int("spec", "minReadySeconds", default: 0)
        let templateLabels = owner["spec"]?["template"]?.labels ?? [:]
        var fully = 0, ready = 0, available = 0
        for pod in active {
            let labels = pod.labels
            if templateLabels.allSatisfy({ labels[$0.key] == $0.value }) { fully += 1 }
            if PodState.isReady(pod) {
                ready += 1
                if PodState.isAvailable(pod, minReadySeconds: minReady, now: now) { available += 1 }
            }
        }
        var status = owner["status"] ?? .emptyObject
        status["replicas"] = .int(Int64(active.count))
        status["fullyLabeledReplicas"] = .int(Int64(fully))
        status["readyReplicas"] = .int(Int64(ready))
        status["availableReplicas"] = .int(Int64(available))
        status["observedGeneration"] = .int(Int64(owner.int("metadata", "generation", default: 1)))
        let waiting = minReady > 0 && ready > available
        return (status, waiting ? minReady : nil)
    }
}
