import Resources

/// The StatefulSet controller's pure core (`pkg/controller/statefulset`): the set, its pods,
/// the namespace's claims, its ControllerRevisions and the time in; a ``StatefulSetPlan`` out.
///
/// Pods are `<set>-<ordinal>`. Under `OrderedReady` a sync creates the lowest missing ordinal
/// only once every lower one is Running and Ready, and deletes the highest condemned ordinal
/// only once every other pod is; under `Parallel` it creates and deletes all at once. Rolling
/// updates replace one pod at a time from the highest ordinal down to the partition, each only
/// once all pods are Running and Ready. Claims (`<template>-<set>-<ordinal>`) are created
/// before their pod and survive it; `persistentVolumeClaimRetentionPolicy.whenScaled: Delete`
/// deletes a condemned pod's claims with it, `whenDeleted: Delete` makes the set own them.
public enum StatefulSetReconciler {
    public static let podNameLabel = "statefulset.kubernetes.io/pod-name"
    public static let podIndexLabel = "apps.kubernetes.io/pod-index"

    public static func ordinal(of pod: JSON, set: String) -> Int? {
        let name = JobPodFacts.name(pod)
        guard name.hasPrefix(set + "-") else { return nil }
        let digits = name.dropFirst(set.count + 1)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.first != "0" || digits.count == 1 else { return nil }
        return Int(digits)
    }

    public static func reconcile(set: JSON, pods allPods: [JSON], claims: [JSON], revisions: [JSON], now: MetaTime) -> StatefulSetPlan {
        var plan = StatefulSetPlan()
        let spec = set["spec"]
        let name = JobPodFacts.name(set)
        let uid = JobPodFacts.uid(set)
        let replicas = Int(spec["replicas"]?.int ?? 1)
        let parallel = spec["podManagementPolicy"]?.string == "Parallel"
        let rolling = (spec["updateStrategy"]["type"]?.string ?? "RollingUpdate") == "RollingUpdate"
        let partition = Int(spec["updateStrategy"]["rollingUpdate"]["partition"]?.int ?? 0)
        let minReady = Double(spec["minReadySeconds"]?.int ?? 0)

        // Revisions.
        let template = spec["template"] ?? .emptyObject
        let updateRevision = StatefulSetRevision.name(set: set, template: template)
        let owned = revisions.filter { JobPodFacts.isControlled($0, byUID: uid) }
        if !owned.contains(where: { JobPodFacts.name($0) == updateRevision }) {
            let next = (owned.compactMap { $0["revision"]?.int }.max() ?? 0) + 1
            plan.createRevision = StatefulSetRevision.object(set: set, revision: next)
        }
        let currentRevision = set["status"]["currentRevision"]?.string ?? updateRevision
        func templateFor(_ revision: String) -> JSON {
            if revision == updateRevision { return template }
            return owned.first { JobPodFacts.name($0) == revision }.flatMap(StatefulSetRevision.template) ?? template
        }
        func revision(of pod: JSON) -> String { pod["metadata"]["labels"][StatefulSetRevision.hashLabel]?.string ?? "" }

        var byOrdinal: [Int: JSON] = [:]
        for p in allPods where JobPodFacts.isControlled(p, byUID: uid) {
            if let o = ordinal(of: p, set: name) { byOrdinal[o] = p }
        }
        let claimNames = Set(claims.map(JobPodFacts.name))
        let healthy = { (p: JSON) in JobPodFacts.isRunningAndReady(p) && !JobPodFacts.isTerminating(p) }

        // Ordinals 0..<replicas, lowest first.
        var blocked = false
        for ord in 0..<replicas where !blocked {
            let podName = "\(name)-\(ord)"
            for claim in claimsFor(set: set, ordinal: ord) where !claimNames.contains(JobPodFacts.name(claim)) {
                plan.createClaims.append(claim)
                plan.events.append(.normal("SuccessfulCreate", "create Claim \(JobPodFacts.name(claim)) Pod \(podName) in StatefulSet \(name) success"))
            }
            guard let pod = byOrdinal[ord] else {
                let rev = rolling && ord < partition ? currentRevision : updateRevision
                plan.createPods.append(makePod(set: set, ordinal: ord, template: templateFor(rev), revision: rev))
                plan.events.append(.normal("SuccessfulCreate", "create Pod \(podName) in StatefulSet \(name) successful"))
                if !parallel { blocked = true }
                continue
            }
            if JobPodFacts.isTerminal(pod) && !JobPodFacts.isTerminating(pod) {
                plan.deletePods.append(podName)
                plan.events.append(.normal("SuccessfulDelete", "delete Pod \(podName) in StatefulSet \(name) successful"))
                if !parallel { blocked = true }
                continue
            }
            if !parallel && !healthy(pod) { blocked = true }
        }

        // Condemned ordinals, highest first.
        let condemned = byOrdinal.keys.filter { $0 >= replicas }.sorted(by: >)
        let allHealthy = (0..<replicas).allSatisfy { byOrdinal[$0].map(healthy) ?? false }
        for ord in condemned {
            guard let pod = byOrdinal[ord] else { continue }
            if JobPodFacts.isTerminating(pod) {
                if !parallel { blocked = true; break }
                continue
            }
            if !parallel && (blocked || !allHealthy) { break }
            plan.deletePods.append(JobPodFacts.name(pod))
            plan.events.append(.normal("SuccessfulDelete", "delete Pod \(JobPodFacts.name(pod)) in StatefulSet \(name) successful"))
            if spec["persistentVolumeClaimRetentionPolicy"]["whenScaled"]?.string == "Delete" {
                plan.deleteClaims += claimsFor(set: set, ordinal: ord).map(JobPodFacts.name).filter(claimNames.contains)
            }
            if !parallel { blocked = true; break }
        }

        // Rolling update: one pod at a time, highest ordinal first, down to the partition.
        if rolling, !blocked, condemned.isEmpty, allHealthy, plan.createPods.isEmpty, plan.deletePods.isEmpty {
            for ord in stride(from: replicas - 1, through: max(0, partition), by: -1) {
                guard let pod = byOrdinal[ord] else { continue }
                if revision(of: pod) != updateRevision {
                    plan.deletePods.append(JobPodFacts.name(pod))
                    plan.events.append(.normal("SuccessfulDelete", "delete Pod \(JobPodFacts.name(pod)) in StatefulSet \(name) successful"))
                    break
                }
            }
        }

        // Old revisions beyond the history limit (never the current or update one, nor one a pod uses).
        let inUse = Set(byOrdinal.values.map(revision)).union([currentRevision, updateRevision])
        let limit = Int(spec["revisionHistoryLimit"]?.int ?? 10)
        let old = owned.filter { !inUse.contains(JobPodFacts.name($0)) }.sorted { ($0["revision"]?.int ?? 0) < ($1["revision"]?.int ?? 0) }
        if old.count > limit { plan.deleteRevisions = old.prefix(old.count - limit).map(JobPodFacts.name) }

        // Status.
        let deleted = Set(plan.deletePods)
        let live = byOrdinal.values.filter { !JobPodFacts.isTerminating($0) && !deleted.contains(JobPodFacts.name($0)) }
        let ready = live.filter(healthy)
        var available = 0
        for p in ready {
            let since = (p["status"]["conditions"]?.array ?? []).first { $0["type"]?.string == "Ready" }
            let readyFor = JobPodFacts.seconds(from: MetaTime(json: since?["lastTransitionTime"]), to: now)
            if minReady <= 0 || readyFor >= minReady {
                available += 1
            } else {
                plan.requeueAfter = min(plan.requeueAfter ?? .infinity, minReady - readyFor)
            }
        }
        var status = set["status"] ?? .emptyObject
        let oldStatus = status
        let updated = live.filter { revision(of: $0) == updateRevision }.count
        var current = live.filter { revision(of: $0) == currentRevision }.count
        var newCurrent = currentRevision
        if rolling && updated == replicas && ready.count == replicas && live.count == replicas {
            newCurrent = updateRevision
            current = updated
        }
        status["observedGeneration"] = set["metadata"]["generation"] ?? 1
        status["replicas"] = .int(Int64(live.count))
        status["readyReplicas"] = .int(Int64(ready.count))
        status["availableReplicas"] = .int(Int64(available))
        status["currentReplicas"] = .int(Int64(current))
        status["updatedReplicas"] = .int(Int64(updated))
        status["currentRevision"] = .string(newCurrent)
        status["updateRevision"] = .string(updateRevision)
        status["collisionCount"] = .int(0)
        if status != oldStatus { plan.status = status }
        return plan
    }

    /// The claims one ordinal needs: `<template>-<set>-<ordinal>`.
    public static func claimsFor(set: JSON, ordinal: Int) -> [JSON] {
        let name = JobPodFacts.name(set)
        let ownedBySet = set["spec"]["persistentVolumeClaimRetentionPolicy"]["whenDeleted"]?.string == "Delete"
        return (set["spec"]["volumeClaimTemplates"]?.array ?? []).map { t in
            let templateName = t["metadata"]["name"]?.string ?? ""
            var meta: JSON = ["name": .string("\(templateName)-\(name)-\(ordinal)"), "namespace": set["metadata"]["namespace"] ?? "default"]
            var labels = t["metadata"]["labels"] ?? .emptyObject
            for (k, v) in set["spec"]["selector"]["matchLabels"]?.object ?? [:] { labels[k] = v }
            meta["labels"] = labels
            if ownedBySet { meta["ownerReferences"] = [JobPodFacts.controllerRef(of: set, apiVersion: "apps/v1", kind: "StatefulSet")] }
            return ["apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": meta, "spec": t["spec"] ?? .emptyObject]
        }
    }

    /// The pod of one ordinal: stable name, hostname and subdomain, identity labels, claims mounted.
    public static func makePod(set: JSON, ordinal: Int, template: JSON, revision: String) -> JSON {
        let setName = JobPodFacts.name(set)
        let podName = "\(setName)-\(ordinal)"
        var meta = template["metadata"] ?? .emptyObject
        meta["generateName"] = nil
        meta["name"] = .string(podName)
        meta["namespace"] = set["metadata"]["namespace"] ?? "default"
        meta["labels"][podNameLabel] = .string(podName)
        meta["labels"][podIndexLabel] = .string(String(ordinal))
        meta["labels"][StatefulSetRevision.hashLabel] = .string(revision)
        meta["ownerReferences"] = [JobPodFacts.controllerRef(of: set, apiVersion: "apps/v1", kind: "StatefulSet")]
        var spec = template["spec"] ?? .emptyObject
        spec["hostname"] = .string(podName)
        if let service = set["spec"]["serviceName"]?.string, !service.isEmpty { spec["subdomain"] = .string(service) }
        var volumes = spec["volumes"]?.array ?? []
        for claim in set["spec"]["volumeClaimTemplates"]?.array ?? [] {
            let volume = claim["metadata"]["name"]?.string ?? ""
            volumes.removeAll { $0["name"]?.string == volume }
            volumes.append(["name": .string(volume), "persistentVolumeClaim": ["claimName": .string("\(volume)-\(setName)-\(ordinal)")]])
        }
        if !volumes.isEmpty { spec["volumes"] = .array(volumes) }
        return ["apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec]
    }
}
