/// The workload kinds (`pkg/apis/apps/validation`, `pkg/apis/batch/validation`, and
/// ReplicationController in core): replicas, selectors against template labels, restart
/// policies, update strategies, Job counts and CronJob schedules.
extension Validation {
    static func deployment(_ d: JSON) -> [FieldError] {
        let spec = d["spec"]
        var errors = nonNegative(spec["replicas"], "spec.replicas")
        errors += workloadSelector(spec, kindWord: "deployment")
        errors += replicatedTemplate(spec["template"], "spec.template")
        let strategy = spec["strategy"]
        switch strategy["type"]?.string ?? "" {
        case "Recreate":
            if let r = strategy["rollingUpdate"], !r.isNull {
                errors.append(.forbidden("spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'"))
            }
        case "RollingUpdate":
            if let r = strategy["rollingUpdate"], r.object != nil {
                errors += rollingUpdate(r, "spec.strategy.rollingUpdate", bothZero: "may not be 0 when `maxSurge` is 0")
            }
        case let other:
            errors.append(.notSupported("spec.strategy.type", .string(other), supported: ["Recreate", "RollingUpdate"]))
        }
        errors += nonNegative(spec["minReadySeconds"], "spec.minReadySeconds")
        errors += nonNegative(spec["revisionHistoryLimit"], "spec.revisionHistoryLimit")
        if let deadline = spec["progressDeadlineSeconds"]?.int {
            errors += nonNegative(.int(deadline), "spec.progressDeadlineSeconds")
            if deadline <= spec["minReadySeconds"]?.int ?? 0 {
                errors.append(.invalid("spec.progressDeadlineSeconds", .int(deadline), "must be greater than minReadySeconds"))
            }
        }
        return errors
    }

    static func replicaSet(_ rs: JSON) -> [FieldError] {
        let spec = rs["spec"]
        return nonNegative(spec["replicas"], "spec.replicas")
            + nonNegative(spec["minReadySeconds"], "spec.minReadySeconds")
            + workloadSelector(spec, kindWord: "deployment")
            + replicatedTemplate(spec["template"], "spec.template")
    }

    /// A ReplicationController's selector is a plain label map.
    static func replicationController(_ rc: JSON) -> [FieldError] {
        let spec = rc["spec"]
        var errors = nonNegative(spec["replicas"], "spec.replicas")
        errors += nonNegative(spec["minReadySeconds"], "spec.minReadySeconds")
        let selector = spec["selector"]?.object ?? JSONObject()
        if selector.isEmpty { errors.append(.required("spec.selector")) }
        errors += labels(spec["selector"], "spec.selector")
        if !selector.isEmpty {
            errors += templateMatches(["matchLabels": .object(selector)], spec["template"], "spec.template")
        }
        errors += replicatedTemplate(spec["template"], "spec.template")
        return errors
    }

    static func statefulSet(_ sts: JSON) -> [FieldError] {
        let spec = sts["spec"]
        var errors: [FieldError] = []
        switch spec["podManagementPolicy"]?.string ?? "" {
        case "": errors.append(.required("spec.podManagementPolicy"))
        case "OrderedReady", "Parallel": break
        case let other: errors.append(.invalid("spec.podManagementPolicy", .string(other), "must be 'OrderedReady' or 'Parallel'"))
        }
        let strategy = spec["updateStrategy"]
        switch strategy["type"]?.string ?? "" {
        case "": errors.append(.required("spec.updateStrategy"))
        case "OnDelete":
            if let r = strategy["rollingUpdate"], !r.isNull {
                errors.append(.invalid("spec.updateStrategy.rollingUpdate", r, "only allowed for updateStrategy 'RollingUpdate'"))
            }
        case "RollingUpdate":
            errors += nonNegative(strategy["rollingUpdate"]["partition"], "spec.updateStrategy.rollingUpdate.partition")
        case let other:
            errors.append(.invalid("spec.updateStrategy", .string(other), "must be 'RollingUpdate' or 'OnDelete'"))
        }
        errors += nonNegative(spec["replicas"], "spec.replicas")
        if let service = spec["serviceName"]?.string, !service.isEmpty {
            for msg in NameValidation.dns1035Label(service) { errors.append(.invalid("spec.serviceName", .string(service), msg)) }
        }
        errors += workloadSelector(spec, kindWord: "statefulset", emptyDetail: "empty selector is not valid for statefulset.")
        let claims = (spec["volumeClaimTemplates"]?.array ?? []).compactMap { $0["metadata"]["name"]?.string }
        errors += replicatedTemplate(spec["template"], "spec.template", extraVolumes: Set(claims))
        return errors
    }

    static func daemonSet(_ ds: JSON) -> [FieldError] {
        let spec = ds["spec"]
        var errors = workloadSelector(spec, kindWord: "daemonset")
        errors += replicatedTemplate(spec["template"], "spec.template")
        let strategy = spec["updateStrategy"]
        switch strategy["type"]?.string ?? "" {
        case "OnDelete": break
        case "RollingUpdate":
            if let r = strategy["rollingUpdate"], r.object != nil {
                errors += rollingUpdate(r, "spec.updateStrategy.rollingUpdate", bothZero: "cannot be 0 when maxSurge is 0")
            } else {
                errors.append(.required("spec.updateStrategy.rollingUpdate"))
            }
        case let other:
            errors.append(.notSupported("spec.updateStrategy", .string(other), supported: ["RollingUpdate", "OnDelete"]))
        }
        errors += nonNegative(spec["minReadySeconds"], "spec.minReadySeconds")
        errors += nonNegative(spec["revisionHistoryLimit"], "spec.revisionHistoryLimit")
        return errors
    }

    static func controllerRevision(_ cr: JSON) -> [FieldError] {
        var errors: [FieldError] = []
        if cr["data"] == nil || cr["data"]!.isNull { errors.append(.required("data", "data is mandatory")) }
        return errors + nonNegative(cr["revision"], "revision")
    }

    /// `ValidatePodTemplateSpecForReplicaSet` and friends: a template whose pods always restart.
    static func replicatedTemplate(_ template: JSON?, _ path: String, extraVolumes: Set<String> = []) -> [FieldError] {
        var errors = podTemplate(template, path, extraVolumes: extraVolumes)
        guard template?.object != nil else { return errors }
        let policy = template?["spec"]["restartPolicy"]?.string ?? ""
        if policy != "Always" {
            errors.append(.notSupported(path + ".spec.restartPolicy", .string(policy), supported: ["Always"]))
        }
        if let d = template?["spec"]["activeDeadlineSeconds"], !d.isNull {
            errors.append(.invalid(path + ".spec.activeDeadlineSeconds", d, "activeDeadlineSeconds in ReplicaSet is not Supported"))
        }
        return errors
    }

    /// `maxUnavailable` and `maxSurge`: non-negative ints or percents, not both zero,
    /// `maxUnavailable` at most 100%.
    static func rollingUpdate(_ r: JSON, _ path: String, bothZero: String) -> [FieldError] {
        var errors: [FieldError] = []
        for field in ["maxUnavailable", "maxSurge"] {
            guard let v = r[field], !v.isNull else { continue }
            if let s = v.string {
                if percent(s) == nil {
                    errors.append(invalid("\(path).\(field)", rendered: intOrString(v),
                                          NameValidation.regexError("a valid percent string must be a numeric string followed by an ending '%'", "[0-9]+%", "1%", "93%")))
                }
            } else if let n = v.int, n < 0 {
                errors.append(invalid("\(path).\(field)", rendered: intOrString(v), nonNegativeMessage))
            }
        }
        let unavailable = r["maxUnavailable"]
        if intOrPercentValue(unavailable) == 0 && intOrPercentValue(r["maxSurge"]) == 0 {
            errors.append(invalid(path + ".maxUnavailable", rendered: intOrString(unavailable ?? 0), bothZero))
        }
        if let s = unavailable?.string, let p = percent(s), p > 100 {
            errors.append(invalid(path + ".maxUnavailable", rendered: intOrString(.string(s)), "must not be greater than 100%"))
        }
        return errors
    }

    static func percent(_ s: String) -> Int? {
        guard s.hasSuffix("%"), s.count > 1, s.dropLast().allSatisfy(\.isNumber) else { return nil }
        return Int(s.dropLast())
    }

    static func intOrPercentValue(_ v: JSON?) -> Int64 {
        if let s = v?.string { return percent(s).map(Int64.init) ?? -1 }
        return v?.int ?? 0
    }

    /// Go's `%#v` of an `intstr.IntOrString`, which field errors print.
    static func intOrString(_ v: JSON) -> String {
        if let s = v.string { return "intstr.IntOrString{Type:1, IntVal:0, StrVal:\(GoValueRendering.quote(s))}" }
        return "intstr.IntOrString{Type:0, IntVal:\(v.int ?? 0), StrVal:\"\"}"
    }
}
