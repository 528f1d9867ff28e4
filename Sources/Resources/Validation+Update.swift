/// What an update may not change (`Validate*Update`): metadata identity, workload selectors,
/// most of a Pod's spec, a StatefulSet's spec outside its mutable fields, a Job's selector,
/// template and counts, a Service's cluster IP, a claim's spec, and immutable ConfigMaps and
/// Secrets.
extension Validation {
    static let immutable = "field is immutable"

    static func update(_ new: JSON, old: JSON, type: ResourceType) -> [FieldError] {
        var errors: [FieldError] = []
        for field in ["name", "namespace", "uid"] {
            let a = new["metadata"][field] ?? "", b = old["metadata"][field] ?? ""
            if a != b && !(b == "" || b == .null) { errors.append(.invalid("metadata.\(field)", a, immutable)) }
        }
        switch (type.group, type.kind) {
        case ("", "Pod"): errors += podUpdate(new, old: old)
        case ("apps", "Deployment"), ("apps", "ReplicaSet"), ("apps", "DaemonSet"):
            errors += immutableSelector(new, old)
        case ("apps", "StatefulSet"):
            errors += immutableSelector(new, old)
            var a = new["spec"] ?? .emptyObject, b = old["spec"] ?? .emptyObject
            for mutable in ["replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds"] {
                a[mutable] = nil
                b[mutable] = nil
            }
            if a != b {
                errors.append(.forbidden("spec", "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"))
            }
        case ("batch", "Job"):
            errors += immutableSelector(new, old)
            if new["spec"]["template"] != old["spec"]["template"] {
                errors.append(invalid("spec.template", rendered: "core.PodTemplateSpec{…}", immutable))
            }
            for field in ["completionMode", "completions"] where new["spec"][field] != old["spec"][field] {
                errors.append(.invalid("spec.\(field)", new["spec"][field] ?? .null, immutable))
            }
        case ("", "Service"):
            let ip = new["spec"]["clusterIP"]?.string ?? "", oldIP = old["spec"]["clusterIP"]?.string ?? ""
            if !oldIP.isEmpty && ip != oldIP && new["spec"]["type"]?.string != "ExternalName" {
                errors.append(.invalid("spec.clusterIP", .string(ip), immutable))
            }
        case ("", "PersistentVolumeClaim"):
            var a = new["spec"] ?? .emptyObject, b = old["spec"] ?? .emptyObject
            a["resources"]["requests"] = nil; b["resources"]["requests"] = nil
            a["volumeAttributesClassName"] = nil; b["volumeAttributesClassName"] = nil
            if (b["volumeName"]?.string ?? "").isEmpty { a["volumeName"] = nil; b["volumeName"] = nil }
            if a != b {
                errors.append(.forbidden("spec", "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims"))
            }
        case ("", "ConfigMap"), ("", "Secret"):
            errors += immutableData(new, old)
            if type.kind == "Secret", new["type"] != old["type"] {
                errors.append(.invalid("type", new["type"] ?? "", immutable))
            }
        default: break
        }
        return errors
    }

    static func immutableSelector(_ new: JSON, _ old: JSON) -> [FieldError] {
        let a = new["spec"]["selector"], b = old["spec"]["selector"]
        guard a != b, !(b == nil || b!.isNull) else { return [] }
        return [invalid("spec.selector", rendered: GoValueRendering.labelSelector(a), immutable)]
    }

    /// `ValidatePodUpdate`: only images, `activeDeadlineSeconds`, added tolerations,
    /// `terminationGracePeriodSeconds` and removed scheduling gates may change.
    static func podUpdate(_ new: JSON, old: JSON) -> [FieldError] {
        var a = new["spec"] ?? .emptyObject, b = old["spec"] ?? .emptyObject
        for list in ["containers", "initContainers"] {
            a.updateEach(list) { $0["image"] = nil }
            b.updateEach(list) { $0["image"] = nil }
        }
        for field in ["activeDeadlineSeconds", "terminationGracePeriodSeconds", "schedulingGates"] {
            a[field] = nil
            b[field] = nil
        }
        // Tolerations may only be added to.
        let oldTolerations = b["tolerations"]?.array ?? []
        let newTolerations = a["tolerations"]?.array ?? []
        if oldTolerations.allSatisfy(newTolerations.contains) {
            a["tolerations"] = nil
            b["tolerations"] = nil
        }
        guard a != b else { return [] }
        return [.forbidden("spec", "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)")]
    }

    static func immutableData(_ new: JSON, _ old: JSON) -> [FieldError] {
        guard old["immutable"]?.bool == true else { return [] }
        var errors: [FieldError] = []
        if new["immutable"]?.bool != true {
            errors.append(.forbidden("immutable", "field is immutable when `immutable` is set"))
        }
        for field in ["data", "binaryData"] where (new[field] ?? .null) != (old[field] ?? .null) {
            errors.append(.forbidden(field, "field is immutable when `immutable` is set"))
        }
        return errors
    }
}
