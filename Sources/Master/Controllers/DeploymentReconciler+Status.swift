import Resources

extension DeploymentReconciler {
    /// What this sync did for the Progressing condition.
    enum Progress: Equatable {
        case none
        case created(String)
        case updated(String)
        case paused
    }

    struct ComputedStatus {
        var status: JSON
        var requeueAfter: Int?
        /// The status if it differs from the Deployment's.
        func changed(from d: JSON) -> JSON? { d["status"] == status ? JSON?.none : status }
    }

    /// `calculateStatus` and the condition bookkeeping of `syncRolloutStatus`.
    static func status(_ d: JSON, owned: [JSON], newRS: JSON?, params: RollingParameters, now: MetaTime,
                       progress: Progress) -> ComputedStatus {
        let replicas = d.int("spec", "replicas", default: 1)
        func sum(_ field: String, spec: Bool = false) -> Int {
            owned.reduce(0) { $0 + $1.int(spec ? "spec" : "status", .key(field), default: 0) }
        }
        let available = sum("availableReplicas")
        let total = sum("replicas", spec: true)
        var status = d["status"] ?? .emptyObject
        status["observedGeneration"] = .int(Int64(d.int("metadata", "generation", default: 1)))
        status["replicas"] = .int(Int64(sum("replicas")))
        status["updatedReplicas"] = .int(Int64(newRS?.int("status", "replicas", default: 0) ?? 0))
        status["readyReplicas"] = .int(Int64(sum("readyReplicas")))
        status["availableReplicas"] = .int(Int64(available))
        status["unavailableReplicas"] = .int(Int64(max(0, total - available)))

        var conditions = status["conditions"]?.array ?? []
        func set(_ type: String, _ value: String, _ reason: String, _ message: String) {
            let ts = JSON.string(MetaTime(seconds: now.seconds).rfc3339)
            if let i = conditions.firstIndex(where: { $0["type"]?.string == type }) {
                var c = conditions[i]
                if c["status"]?.string != value { c["lastTransitionTime"] = ts }
                if c["reason"]?.string == reason && c["status"]?.string == value && c["message"]?.string == message
                    && reason == "NewReplicaSetAvailable" { return }
                c["status"] = .string(value)
                c["reason"] = .string(reason)
                c["message"] = .string(message)
                c["lastUpdateTime"] = ts
                conditions[i] = c
            } else {
                conditions.append(["type": .string(type), "status": .string(value), "lastUpdateTime": ts, "lastTransitionTime": ts,
                                   "reason": .string(reason), "message": .string(message)])
            }
        }
        if available >= replicas - params.maxUnavailable {
            if condition(conditions, "Available")?["status"]?.string != "True" {
                set("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.")
            }
        } else if condition(conditions, "Available")?["status"]?.string != "False" {
            set("Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.")
        }

        var requeue: Int?
        let deadline = d["spec"]?["progressDeadlineSeconds"]?.int.map(Int.init)
        let newName = newRS?.name ?? ""
        let updated = newRS?.int("status", "replicas", default: 0) ?? 0
        let complete = newRS != nil && updated == replicas && sum("replicas") == replicas
            && (newRS?.int("status", "availableReplicas", default: 0) ?? 0) == replicas
            && newRS?.int("spec", "replicas", default: 0) == replicas
        let current = condition(conditions, "Progressing")
        switch progress {
        case .paused:
            if current?["reason"]?.string != "DeploymentPaused" { set("Progressing", "Unknown", "DeploymentPaused", "Deployment is paused") }
        case .created(let name):
            set("Progressing", "True", "NewReplicaSetCreated", "Created new replica set \"\(name)\"")
        case .updated, .none:
            if current?["reason"]?.string == "DeploymentPaused" {
                set("Progressing", "Unknown", "DeploymentResumed", "Deployment is resumed")
            } else if complete {
                if current?["reason"]?.string != "NewReplicaSetAvailable" {
                    set("Progressing", "True", "NewReplicaSetAvailable", "ReplicaSet \"\(newName)\" has successfully progressed.")
                }
            } else if progress != .none || madeStatusProgress(old: d["status"], new: status) {
                set("Progressing", "True", "ReplicaSetUpdated", "ReplicaSet \"\(newName)\" is progressing.")
            } else if let deadline, let c = current, c["status"]?.string == "True", c["reason"]?.string != "NewReplicaSetAvailable" {
                let since = MetaTime(json: c["lastUpdateTime"])
                let due = since.adding(seconds: Int64(deadline))
                if due <= now {
                    set("Progressing", "False", "ProgressDeadlineExceeded", "ReplicaSet \"\(newName)\" has timed out progressing.")
                } else {
                    requeue = max(1, Int(now.seconds(until: due).rounded(.up)))
                }
            }
        }
        if !complete, requeue == nil, let deadline, condition(conditions, "Progressing")?["status"]?.string == "True" {
            requeue = deadline
        }
        status["conditions"] = .array(conditions)
        return ComputedStatus(status: status, requeueAfter: requeue)
    }

    static func condition(_ conditions: [JSON], _ type: String) -> JSON? { conditions.first { $0["type"]?.string == type } }

    /// `util.DeploymentProgressing`: more updated, fewer old, more ready or more available pods.
    static func madeStatusProgress(old: JSON?, new: JSON) -> Bool {
        guard let old else { return true }
        func v(_ s: JSON?, _ k: String) -> Int { Int(s?[k]?.int ?? 0) }
        let oldOld = v(old, "replicas") - v(old, "updatedReplicas"), newOld = v(new, "replicas") - v(new, "updatedReplicas")
        return v(new, "updatedReplicas") > v(old, "updatedReplicas") || newOld < oldOld
            || v(new, "readyReplicas") > v(old, "readyReplicas") || v(new, "availableReplicas") > v(old, "availableReplicas")
    }
}
