import Resources

extension DeploymentReconciler {
    /// Kubernetes' proportional scaling (`pkg/controller/deployment/sync.go`, `scale`): a
    /// Deployment scaled while several ReplicaSets are active (mid-rollout) spreads the change
    /// over them in proportion to their sizes, so the rollout's balance stays the same.
    ///
    /// The room to fill is `replicas + maxSurge − Σ spec.replicas`. Each set gets
    /// `round(size × (replicas + maxSurge) / its max-replicas annotation) − size` (the
    /// annotation is the size the Deployment allowed when the set was last scaled; without it,
    /// `statusReplicas`), capped by what is left to hand out; sets are visited largest first —
    /// newer first when growing, older first when shrinking — and the leftover of the rounding
    /// goes to (or comes from) the first, never below 0. `replicas` 0 empties every set.
    ///
    /// - Returns: the new `spec.replicas` of every set in `active`, by name.
    public static func proportionalSizes(replicas: Int, maxSurge: Int, active: [JSON], statusReplicas: Int) -> [String: Int] {
        let total = active.reduce(0) { $0 + $1.int("spec", "replicas", default: 0) }
        let toAdd = replicas + maxSurge - total
        var sizes: [String: Int] = [:]
        for rs in active { sizes[rs.name] = rs.int("spec", "replicas", default: 0) }
        guard toAdd != 0 else { return sizes }
        func olderFirst(_ a: JSON, _ b: JSON) -> Bool {
            let ta = JobPodFacts.creation(a), tb = JobPodFacts.creation(b)
            return ta == tb ? a.name < b.name : ta < tb
        }
        let ordered = active.sorted { a, b in
            let sa = a.int("spec", "replicas", default: 0), sb = b.int("spec", "replicas", default: 0)
            if sa != sb { return sa > sb }
            return toAdd > 0 ? olderFirst(b, a) : olderFirst(a, b)
        }
        var added = 0
        for rs in ordered {
            let size = rs.int("spec", "replicas", default: 0)
            let proportion = proportion(size: size, maxReplicas: Int(rs["metadata"]?["annotations"]?[maxReplicasAnnotation]?.string ?? ""),
                                        replicas: replicas, maxSurge: maxSurge, statusReplicas: statusReplicas, toAdd: toAdd, added: added)
            sizes[rs.name] = size + proportion
            added += proportion
        }
        if let first = ordered.first {
            sizes[first.name] = max(0, sizes[first.name]! + toAdd - added)
        }
        return sizes
    }

    /// `GetProportion`: one set's share of `toAdd`, given `added` handed out already.
    static func proportion(size: Int, maxReplicas: Int?, replicas: Int, maxSurge: Int, statusReplicas: Int, toAdd: Int, added: Int) -> Int {
        guard size != 0, toAdd != 0, toAdd != added else { return 0 }
        let fraction: Int
        if replicas == 0 {
            fraction = -size
        } else {
            let annotated = maxReplicas ?? statusReplicas
            guard annotated > 0 else { return 0 }
            // math.Round: halves away from zero.
            fraction = Int((Double(size * (replicas + maxSurge)) / Double(annotated)).rounded(.toNearestOrAwayFromZero)) - size
        }
        let allowed = toAdd - added
        return toAdd > 0 ? min(fraction, allowed) : max(fraction, allowed)
    }
}
