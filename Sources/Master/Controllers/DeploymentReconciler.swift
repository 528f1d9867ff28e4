import Resources

/// The pure core of the Deployment controller (`pkg/controller/deployment`): from the
/// Deployment, the ReplicaSets of its namespace and the time, one step of the rollout. Each
/// sync makes one kind of change (create the new ReplicaSet, scale it up, scale old ones down,
/// clean up); the resulting ReplicaSet events bring the next sync.
public enum DeploymentReconciler {
    public static let revisionAnnotation = "deployment.kubernetes.io/revision"
    public static let desiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas"
    public static let maxReplicasAnnotation = "deployment.kubernetes.io/max-replicas"
    public static let hashLabel = "pod-template-hash"
    /// Deployment annotations never copied onto its ReplicaSets.
    static let skippedAnnotations: Set<String> = [
        "kubectl.kubernetes.io/last-applied-configuration", revisionAnnotation, "deployment.kubernetes.io/revision-history",
        desiredReplicasAnnotation, maxReplicasAnnotation, "deprecated.deployment.rollback.to",
    ]

    public static func plan(deployment d: JSON, replicaSets: [JSON], now: MetaTime) -> DeploymentPlan {
        var plan = DeploymentPlan()
        let replicas = d.int("spec", "replicas", default: 1)
        let recreate = d["spec"]?["strategy"]?["type"]?.string == "Recreate"
        let params = recreate ? RollingParameters(maxSurge: 0, maxUnavailable: 0)
            : RollingParameters(d["spec"]?["strategy"]?["rollingUpdate"], replicas: replicas)
        let paused = d["spec"]?["paused"]?.bool == true
        let owned = replicaSets.filter { OwnerReference.controller(of: $0)?.uid == d.uid && $0.namespace == d.namespace }
            .sorted { (PodState.created($0), $0.name) < (PodState.created($1), $1.name) }
        let template = d["spec"]?["template"] ?? .emptyObject
        var newRS = owned.first { templateWithoutHash($0["spec"]?["template"]) == template }
        var olds = owned.filter { $0.uid != newRS?.uid }
        let maxOldRevision = olds.map(revision).max() ?? 0
        var madeProgress = false
        var createdName: String?

        if d.isBeingDeleted {
            plan.status = status(d, owned: owned, newRS: newRS, params: params, now: now, progress: .none).changed(from: d)
            return plan
        }

        // The new ReplicaSet, and its annotations.
        if newRS == nil && !paused {
            let collisions = d.int("status", "collisionCount", default: -1)
            let size: Int
            if recreate {
                size = olds.contains { $0.int("spec", "replicas", default: 0) > 0 || $0.int("status", "replicas", default: 0) > 0 } ? 0 : replicas
            } else {
                size = newReplicas(replicas: replicas, params: params, all: olds, newRS: nil)
            }
            let rs = newReplicaSet(d, template: template, replicas: size, params: params, revision: maxOldRevision + 1,
                                   collisionCount: collisions < 0 ? nil : collisions)
            plan.create = rs
            createdName = rs.name
            if size > 0 { plan.events.append(scaled(rs.name, from: 0, to: size)) }
            plan.status = status(d, owned: owned, newRS: nil, params: params, now: now, progress: .created(rs.name)).changed(from: d)
            plan.annotations = revisionPatch(d, revision: maxOldRevision + 1)
            return plan
        }
        if var rs = newRS, !paused {
            let annotated = annotate(rs, deployment: d, replicas: replicas, params: params, revision: maxOldRevision + 1)
            if annotated != rs {
                rs = annotated
                newRS = rs
                plan.update.append(rs)
            }
            plan.annotations = revisionPatch(d, revision: revision(rs))
        }

        var updates: [String: JSON] = [:]  // by name: a ReplicaSet with new spec.replicas
        /// `annotate`: also a set whose size stays, when its annotations are out of date
        /// (Kubernetes' `scaleReplicaSet`, so that the scaling event ends).
        func setReplicas(_ rs: JSON, _ n: Int, annotate: Bool = false) {
            let old = rs.int("spec", "replicas", default: 0)
            let annotations = rs["metadata"]?["annotations"]
            let stale = annotations?[desiredReplicasAnnotation]?.string != String(replicas)
                || annotations?[maxReplicasAnnotation]?.string != String(replicas + params.maxSurge)
            guard old != n || (annotate && stale) else { return }
            var next = rs
            next["spec"]["replicas"] = .int(Int64(n))
            next["metadata"]["annotations"][desiredReplicasAnnotation] = .string(String(replicas))
            next["metadata"]["annotations"][maxReplicasAnnotation] = .string(String(replicas + params.maxSurge))
            updates[rs.name] = next
            if old != n { plan.events.append(scaled(rs.name, from: old, to: n)) }
            madeProgress = true
        }
        let active = owned.filter { $0.int("spec", "replicas", default: 0) > 0 }

        if isScalingEvent(d, replicas: replicas, active: active) || (paused && !active.isEmpty) {
            // Scale without rolling: the only active set gets all; else proportionally to size.
            let target = newRS ?? active.last
            if active.count <= 1, let target {
                setReplicas(target, replicas)
            } else if !recreate, let rs = newRS, rs.int("spec", "replicas", default: 0) == replicas,
                      rs["metadata"]?["annotations"]?[desiredReplicasAnnotation]?.string == String(replicas),
                      rs.int("status", "availableReplicas", default: 0) >= replicas {
                // Saturated: the new set has it all; the old ones go.
                for o in olds where o.int("spec", "replicas", default: 0) > 0 { setReplicas(o, 0) }
            } else if !recreate {
                let sizes = proportionalSizes(replicas: replicas, maxSurge: params.maxSurge, active: active,
                                              statusReplicas: d.int("status", "replicas", default: 0))
                for rs in active { setReplicas(rs, sizes[rs.name] ?? rs.int("spec", "replicas", default: 0), annotate: true) }
            } else {
                let allowed = replicas + (recreate ? 0 : params.maxSurge)
                var toAdd = allowed - active.reduce(0) { $0 + $1.int("spec", "replicas", default: 0) }
                if toAdd > 0, let target {
                    setReplicas(target, target.int("spec", "replicas", default: 0) + toAdd)
                } else if toAdd < 0 {
                    for rs in active.reversed().sorted(by: { $0.uid == newRS?.uid ? false : $1.uid == newRS?.uid }) where toAdd < 0 {
                        let have = rs.int("spec", "replicas", default: 0)
                        let take = min(have, -toAdd)
                        setReplicas(rs, have - take)
                        toAdd += take
                    }
                }
            }
        } else if !paused, let rs = newRS {
            if recreate {
                let oldActive = olds.filter { $0.int("spec", "replicas", default: 0) > 0 }
                if !oldActive.isEmpty {
                    for o in oldActive { setReplicas(o, 0) }
                } else if !olds.contains(where: { $0.int("status", "replicas", default: 0) > 0 }) {
                    setReplicas(rs, replicas)
                }
            } else {
                let want = newReplicas(replicas: replicas, params: params, all: olds, newRS: rs)
                if want != rs.int("spec", "replicas", default: 0) {
                    setReplicas(rs, want)
                } else {
                    for (o, n) in scaleDownOld(replicas: replicas, params: params, olds: olds, newRS: rs) { setReplicas(o, n) }
                }
            }
        }
        // Keep annotation updates of the new set made above, with replica changes on top.
        for (i, u) in plan.update.enumerated() { if let scaledRS = updates.removeValue(forKey: u.name) {
            var merged = u
            merged["spec"]["replicas"] = scaledRS["spec"]?["replicas"]
            merged["metadata"]["annotations"] = scaledRS["metadata"]?["annotations"]
            plan.update[i] = merged
        } }
        plan.update += updates.values.sorted { $0.name < $1.name }
        let after = owned.map { rs in plan.update.first { $0.uid == rs.uid } ?? rs }
        newRS = after.first { $0.uid == newRS?.uid }
        olds = after.filter { $0.uid != newRS?.uid }

        // Clean up old sets beyond the history limit once nothing moves.
        if plan.update.isEmpty, let limit = d["spec"]?["revisionHistoryLimit"]?.int ?? 10 as Int64? {
            let idle = olds.filter {
                $0.int("spec", "replicas", default: 0) == 0 && $0.int("status", "replicas", default: 0) == 0 && !$0.isBeingDeleted
            }.sorted { revision($0) < revision($1) }
            let excess = idle.count - Int(limit)
            if excess > 0 { plan.delete = Array(idle.prefix(excess)) }
        }

        let progress: Progress = paused ? .paused : (madeProgress ? .updated(newRS?.name ?? createdName ?? "") : .none)
        let st = status(d, owned: after, newRS: newRS, params: params, now: now, progress: progress)
        plan.status = st.changed(from: d)
        plan.requeueAfterSeconds = st.requeueAfter
        return plan
    }

    // MARK: rolling update arithmetic

    /// `NewRSNewReplicas`: how big the new set may be now (never above replicas + maxSurge in total).
    public static func newReplicas(replicas: Int, params: RollingParameters, all olds: [JSON], newRS: JSON?) -> Int {
        let current = newRS?.int("spec", "replicas", default: 0) ?? 0
        let total = olds.reduce(current) { $0 + $1.int("spec", "replicas", default: 0) }
        let maxTotal = replicas + params.maxSurge
        if total >= maxTotal { return current }
        let up = min(maxTotal - total, max(0, replicas - current))
        return current + up
    }

    /// `reconcileOldReplicaSets`: old sets to shrink so that available pods never drop below
    /// replicas − maxUnavailable (unhealthy old pods go first).
    public static func scaleDownOld(replicas: Int, params: RollingParameters, olds: [JSON], newRS: JSON) -> [(JSON, Int)] {
        let oldCount = olds.reduce(0) { $0 + $1.int("spec", "replicas", default: 0) }
        if oldCount == 0 { return [] }
        let all = olds + [newRS]
        let allCount = all.reduce(0) { $0 + $1.int("spec", "replicas", default: 0) }
        let minAvailable = replicas - params.maxUnavailable
        let newUnavailable = newRS.int("spec", "replicas", default: 0) - newRS.int("status", "availableReplicas", default: 0)
        let maxScaledDown = allCount - minAvailable - newUnavailable
        if maxScaledDown <= 0 { return [] }
        var result: [String: Int] = [:]
        var sizes = Dictionary(uniqueKeysWithValues: olds.map { ($0.name, $0.int("spec", "replicas", default: 0)) })
        // Unhealthy first, oldest set first.
        var cleaned = 0
        for rs in olds where cleaned < maxScaledDown {
            let size = sizes[rs.name] ?? 0
            let unhealthy = size - rs.int("status", "availableReplicas", default: 0)
            guard size > 0, unhealthy > 0 else { continue }
            let down = min(unhealthy, maxScaledDown - cleaned)
            sizes[rs.name] = size - down
            result[rs.name] = size - down
            cleaned += down
        }
        // Then healthy ones, keeping minAvailable.
        let available = all.reduce(0) { $0 + $1.int("status", "availableReplicas", default: 0) }
        var total = available - minAvailable - cleaned
        if total > 0 {
            for rs in olds where total > 0 {
                let size = sizes[rs.name] ?? 0
                guard size > 0 else { continue }
                let down = min(size, total)
                sizes[rs.name] = size - down
                result[rs.name] = size - down
                total -= down
            }
        }
        return olds.compactMap { rs in result[rs.name].map { (rs, $0) } }
    }

    // MARK: ReplicaSets

    static func revision(_ rs: JSON) -> Int { Int(rs["metadata"]?["annotations"]?[revisionAnnotation]?.string ?? "") ?? 0 }

    /// The template a ReplicaSet was made from: its own minus the `pod-template-hash` label.
    static func templateWithoutHash(_ t: JSON?) -> JSON? {
        guard var t else { return nil }
        t["metadata"]["labels"][hashLabel] = nil
        if t["metadata"]?["labels"]?.object?.isEmpty == true { t["metadata"]?["labels"] = nil }
        return t
    }

    static func newReplicaSet(_ d: JSON, template: JSON, replicas: Int, params: RollingParameters, revision: Int,
                              collisionCount: Int?) -> JSON {
        let hash = PodTemplateHash.compute(template, collisionCount: collisionCount)
        var t = template
        t["metadata"]["labels"][hashLabel] = .string(hash)
        var selector = d["spec"]?["selector"] ?? .emptyObject
        selector["matchLabels"][hashLabel] = .string(hash)
        var labels = t["metadata"]?["labels"] ?? .emptyObject
        labels[hashLabel] = .string(hash)
        var rs: JSON = [
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": ["name": .string("\(d.name)-\(hash)"), "namespace": .string(d.namespace), "labels": labels,
                         "ownerReferences": [OwnerReference(to: d, kind: .deployments).json]],
            "spec": ["replicas": .int(Int64(replicas)), "minReadySeconds": .int(Int64(d.int("spec", "minReadySeconds", default: 0))),
                     "selector": selector, "template": t],
        ]
        rs = annotate(rs, deployment: d, replicas: d.int("spec", "replicas", default: 1), params: params, revision: revision)
        return rs
    }

    /// `SetNewReplicaSetAnnotations`: the Deployment's annotations, the revision (raised to
    /// `revision` if lower: a rollback makes an old set new again), desired and max replicas.
    static func annotate(_ rs: JSON, deployment d: JSON, replicas: Int, params: RollingParameters, revision newRevision: Int) -> JSON {
        var rs = rs
        var annotations = rs["metadata"]?["annotations"] ?? .emptyObject
        for (k, v) in d["metadata"]?["annotations"]?.object ?? JSONObject() where !skippedAnnotations.contains(k) {
            annotations[k] = v
        }
        if revision(rs) < newRevision { annotations[revisionAnnotation] = .string(String(newRevision)) }
        annotations[desiredReplicasAnnotation] = .string(String(replicas))
        annotations[maxReplicasAnnotation] = .string(String(replicas + params.maxSurge))
        rs["metadata"]["annotations"] = annotations
        if rs.int("spec", "minReadySeconds", default: 0) != d.int("spec", "minReadySeconds", default: 0) {
            rs["spec"]["minReadySeconds"] = .int(Int64(d.int("spec", "minReadySeconds", default: 0)))
        }
        return rs
    }

    static func isScalingEvent(_ d: JSON, replicas: Int, active: [JSON]) -> Bool {
        active.contains { rs in
            guard let s = rs["metadata"]?["annotations"]?[desiredReplicasAnnotation]?.string, let n = Int(s) else { return false }
            return n != replicas
        }
    }

    static func revisionPatch(_ d: JSON, revision: Int) -> JSON? {
        guard revision > 0, d["metadata"]?["annotations"]?[revisionAnnotation]?.string != String(revision) else { return nil }
        return ["metadata": ["annotations": JSON.object(JSONObject([(revisionAnnotation, JSON.string(String(revision)))]))]]
    }

    static func scaled(_ name: String, from: Int, to: Int) -> EventRecorder.Event {
        .init(reason: "ScalingReplicaSet", message: "Scaled \(to > from ? "up" : "down") replica set \(name) from \(from) to \(to)")
    }
}
