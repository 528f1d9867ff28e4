/// Defaults of the workload kinds (apps/v1, batch/v1 and ReplicationController), each with the
/// pod-template defaults inside `spec.template`.
extension Defaulting {
    static func deployment(_ d: inout JSON) {
        d.update("spec", create: true) { spec in
            spec.setDefault("replicas", 1)
            spec.update("strategy", create: true) { strategy in
                strategy.setDefault("type", "RollingUpdate")
                if strategy["type"]?.string == "RollingUpdate" {
                    strategy.update("rollingUpdate", create: true) { r in
                        r.setDefault("maxUnavailable", "25%")
                        r.setDefault("maxSurge", "25%")
                    }
                }
            }
            spec.setDefault("revisionHistoryLimit", 10)
            spec.setDefault("progressDeadlineSeconds", 600)
            spec.update("template", create: true, podTemplate)
        }
    }

    static func replicaSet(_ rs: inout JSON) {
        rs.update("spec", create: true) { spec in
            spec.setDefault("replicas", 1)
            spec.update("template", create: true, podTemplate)
        }
    }

    /// The selector and the object's labels default to the template's labels.
    static func replicationController(_ rc: inout JSON) {
        let templateLabels = rc["spec"]["template"]["metadata"]["labels"]
        if let templateLabels, let labels = templateLabels.object, !labels.isEmpty {
            rc.update("spec", create: true) { spec in
                if spec["selector"]?.object?.isEmpty ?? true { spec["selector"] = templateLabels }
            }
            rc.update("metadata", create: true) { meta in
                if meta["labels"]?.object?.isEmpty ?? true { meta["labels"] = templateLabels }
            }
        }
        rc.update("spec", create: true) { spec in
            spec.setDefault("replicas", 1)
            spec.update("template", podTemplate)
        }
    }

    static func statefulSet(_ sts: inout JSON) {
        sts.update("spec", create: true) { spec in
            spec.setDefault("podManagementPolicy", "OrderedReady")
            spec.update("updateStrategy", create: true) { strategy in
                strategy.setDefault("type", "RollingUpdate")
                if strategy["type"]?.string == "RollingUpdate" {
                    strategy.update("rollingUpdate", create: true) { $0.setDefault("partition", 0) }
                }
            }
            spec.update("persistentVolumeClaimRetentionPolicy", create: true) { policy in
                policy.setDefault("whenDeleted", "Retain")
                policy.setDefault("whenScaled", "Retain")
            }
            spec.setDefault("replicas", 1)
            spec.setDefault("revisionHistoryLimit", 10)
            spec.update("template", create: true, podTemplate)
            spec.updateEach("volumeClaimTemplates", persistentVolumeClaim)
        }
    }

    static func daemonSet(_ ds: inout JSON) {
        ds.update("spec", create: true) { spec in
            spec.update("updateStrategy", create: true) { strategy in
                strategy.setDefault("type", "RollingUpdate")
                if strategy["type"]?.string == "RollingUpdate" {
                    strategy.update("rollingUpdate", create: true) { r in
                        r.setDefault("maxUnavailable", 1)
                        r.setDefault("maxSurge", 0)
                    }
                }
            }
            spec.setDefault("revisionHistoryLimit", 10)
            spec.update("template", create: true, podTemplate)
        }
    }

    /// `SetDefaults_Job`. The template's restartPolicy becomes `Always` like any pod template's,
    /// which validation then rejects: the user must choose `Never` or `OnFailure`.
    static func job(_ job: inout JSON) {
        let templateLabels = job["spec"]["template"]["metadata"]["labels"]
        if let templateLabels, templateLabels.object != nil {
            job.update("metadata", create: true) { meta in
                if meta["labels"]?.object?.isEmpty ?? true { meta["labels"] = templateLabels }
            }
        }
        job.update("spec", create: true) { spec in
            if spec.isUnset("completions") && spec.isUnset("parallelism") { spec["completions"] = 1 }
            spec.setDefault("parallelism", 1)
            spec.setDefault("backoffLimit", spec.isUnset("backoffLimitPerIndex") ? 6 : .int(Int64(Int32.max)))
            spec.setDefault("completionMode", "NonIndexed")
            spec.setDefault("suspend", false)
            spec.update("podFailurePolicy") { policy in
                policy.updateEach("rules") { rule in rule.updateEach("onPodConditions") { $0.setDefault("status", "True") } }
            }
            spec.setDefault("podReplacementPolicy", spec.isUnset("podFailurePolicy") ? "TerminatingOrFailed" : "Failed")
            spec.update("template", create: true, podTemplate)
        }
    }

    /// `SetDefaults_CronJob`; the job template gets pod-template defaults only (Job defaults
    /// apply when the controller creates the Job).
    static func cronJob(_ cj: inout JSON) {
        cj.update("spec", create: true) { spec in
            spec.setDefault("concurrencyPolicy", "Allow")
            spec.setDefault("suspend", false)
            spec.setDefault("successfulJobsHistoryLimit", 3)
            spec.setDefault("failedJobsHistoryLimit", 1)
            spec.update("jobTemplate", create: true) { jt in
                jt.update("spec", create: true) { js in js.update("template", create: true, podTemplate) }
            }
        }
    }
}
