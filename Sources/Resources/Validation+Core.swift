/// Services, ConfigMaps, Secrets, Nodes, Events, PersistentVolumes and claims (core
/// validation), Leases (coordination) and EndpointSlices (discovery).
extension Validation {
    static func service(_ svc: JSON) -> [FieldError] {
        let spec = svc["spec"]
        var errors: [FieldError] = []
        let type = spec["type"]?.string ?? ""
        let headless = spec["clusterIP"]?.string == "None"
        let ports = spec["ports"]?.array ?? []
        if ports.isEmpty && !headless && type != "ExternalName" { errors.append(.required("spec.ports")) }
        var names = Set<String>()
        for (i, p) in ports.enumerated() {
            let path = "spec.ports[\(i)]"
            let name = p["name"]?.string ?? ""
            if ports.count > 1 && name.isEmpty {
                errors.append(.required(path + ".name"))
            } else if !name.isEmpty {
                for msg in NameValidation.dns1123Label(name) { errors.append(.invalid(path + ".name", .string(name), msg)) }
                if names.contains(name) { errors.append(.duplicate(path + ".name", .string(name))) }
                names.insert(name)
            }
            errors += port(p["port"] ?? 0, path + ".port")
            errors += oneOf(p["protocol"], path + ".protocol", ["SCTP", "TCP", "UDP"])
            errors += numberOrNamedPort(p["targetPort"], path + ".targetPort")
            if let nodePort = p["nodePort"]?.int, nodePort != 0 {
                if type == "ClusterIP" || type == "ExternalName" {
                    errors.append(.forbidden(path + ".nodePort", "may not be used when `type` is '\(type)'"))
                } else {
                    errors += port(.int(nodePort), path + ".nodePort")
                }
            }
        }
        switch type {
        case "ClusterIP", "NodePort", "LoadBalancer": break
        case "ExternalName":
            if (spec["externalName"]?.string ?? "").isEmpty { errors.append(.required("spec.externalName")) }
        case "": errors.append(.required("spec.type"))
        default:
            errors.append(.notSupported("spec.type", .string(type), supported: ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]))
        }
        errors += oneOf(spec["sessionAffinity"], "spec.sessionAffinity", ["ClientIP", "None"])
        errors += labels(spec["selector"], "spec.selector")
        return errors
    }

    static func configMap(_ cm: JSON) -> [FieldError] {
        configKeys(cm["data"], "data", other: cm["binaryData"], otherName: "binaryData")
            + configKeys(cm["binaryData"], "binaryData", other: nil, otherName: "")
    }

    static func secret(_ secret: JSON) -> [FieldError] {
        var errors = configKeys(secret["data"], "data", other: nil, otherName: "")
        let data = secret["data"]?.object ?? JSONObject()
        switch secret["type"]?.string ?? "" {
        case "kubernetes.io/tls":
            for key in ["tls.crt", "tls.key"] where data[key] == nil { errors.append(.required("data[\(key)]")) }
        case "kubernetes.io/dockerconfigjson":
            if data[".dockerconfigjson"] == nil { errors.append(.required("data[.dockerconfigjson]")) }
        case "kubernetes.io/dockercfg":
            if data[".dockercfg"] == nil { errors.append(.required("data[.dockercfg]")) }
        case "kubernetes.io/basic-auth":
            if data["username"] == nil && data["password"] == nil {
                errors.append(.required("data[username]"))
                errors.append(.required("data[password]"))
            }
        case "kubernetes.io/ssh-auth":
            if data["ssh-privatekey"] == nil { errors.append(.required("data[ssh-privatekey]")) }
        case "kubernetes.io/service-account-token":
            if (secret["metadata"]["annotations"]["kubernetes.io/service-account.name"]?.string ?? "").isEmpty {
                errors.append(.required("metadata.annotations[kubernetes.io/service-account.name]"))
            }
        default: break
        }
        return errors
    }

    /// `IsConfigMapKey` for each key, and keys in both `data` and `binaryData`.
    static func configKeys(_ map: JSON?, _ path: String, other: JSON?, otherName: String) -> [FieldError] {
        var errors: [FieldError] = []
        for (key, _) in map?.object ?? JSONObject() {
            let p = "\(path)[\(key)]"
            for msg in configMapKey(key) { errors.append(.invalid(p, .string(key), msg)) }
            if other?[key] != nil { errors.append(.invalid(p, .string(key), "duplicate of key present in \(otherName)")) }
        }
        return errors
    }

    /// `validation.IsConfigMapKey`.
    static func configMapKey(_ key: String) -> [String] {
        var errs: [String] = []
        if key.utf8.count > NameValidation.dns1123SubdomainMaxLength {
            errs.append(NameValidation.maxLenError(NameValidation.dns1123SubdomainMaxLength))
        }
        let ok = !key.isEmpty && key.utf8.allSatisfy { NameValidation.isAlnum($0) || $0 == 45 || $0 == 95 || $0 == 46 }
        if !ok {
            errs.append(NameValidation.regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
                                                  "[-._a-zA-Z0-9]+", "key.name", "KEY_NAME", "key-name"))
        }
        if key == "." { errs.append("must not be '.'") }
        else if key == ".." { errs.append("must not be '..'") }
        else if key.hasPrefix("..") { errs.append("must not start with '..'") }
        return errs
    }

    static func node(_ node: JSON) -> [FieldError] {
        var errors: [FieldError] = []
        for (i, taint) in (node["spec"]["taints"]?.array ?? []).enumerated() {
            let path = "spec.taints[\(i)]"
            let key = taint["key"]?.string ?? ""
            for msg in NameValidation.qualifiedName(key) { errors.append(.invalid(path + ".key", .string(key), msg)) }
            if let value = taint["value"]?.string, !value.isEmpty {
                for msg in NameValidation.labelValue(value) { errors.append(.invalid(path + ".value", .string(value), msg)) }
            }
            errors += oneOf(taint["effect"], path + ".effect", ["NoSchedule", "PreferNoSchedule", "NoExecute"])
        }
        for list in ["capacity", "allocatable"] {
            for (name, value) in node["status"][list]?.object ?? JSONObject() {
                if let q = try? Quantity(json: value), q < .zero {
                    errors.append(.invalid("status.\(list)[\(name)]", .string(q.description), nonNegativeMessage))
                }
            }
        }
        return errors
    }

    /// `legacyValidateEvent` (core/v1 Events), where the namespaces of the event and its
    /// object must agree and new-style events (with `eventTime`) need their reporter.
    static func event(_ event: JSON) -> [FieldError] {
        var errors: [FieldError] = []
        let namespace = event["metadata"]["namespace"]?.string ?? ""
        let objectNamespace = event["involvedObject"]["namespace"]?.string ?? ""
        let mismatch = FieldError.invalid("involvedObject.namespace", .string(objectNamespace), "does not match event.namespace")
        if event["eventTime"] == nil || event["eventTime"]!.isNull {
            if objectNamespace.isEmpty {
                if !namespace.isEmpty && namespace != "default" { errors.append(mismatch) }
            } else if namespace != objectNamespace {
                errors.append(mismatch)
            }
        } else {
            if objectNamespace.isEmpty && namespace != "default" && namespace != "kube-system" { errors.append(mismatch) }
            let controller = event["reportingComponent"]?.string ?? ""
            if controller.isEmpty { errors.append(.required("reportingController")) }
            for msg in NameValidation.qualifiedName(controller) where !controller.isEmpty {
                errors.append(.invalid("reportingController", .string(controller), msg))
            }
            if (event["reportingInstance"]?.string ?? "").isEmpty { errors.append(.required("reportingInstance")) }
            if (event["action"]?.string ?? "").isEmpty { errors.append(.required("action")) }
            if (event["reason"]?.string ?? "").isEmpty { errors.append(.required("reason")) }
        }
        return errors
    }

    static let accessModes = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"]

    static func persistentVolume(_ pv: JSON) -> [FieldError] {
        let spec = pv["spec"]
        var errors: [FieldError] = []
        let modes = spec["accessModes"]?.array ?? []
        if modes.isEmpty { errors.append(.required("spec.accessModes")) }
        for mode in modes where !accessModes.contains(mode.string ?? "") {
            errors.append(.notSupported("spec.accessModes", mode, supported: accessModes))
        }
        let capacity = spec["capacity"]?.object ?? JSONObject()
        if capacity.isEmpty {
            errors.append(.required("spec.capacity"))
        } else if capacity["storage"] == nil || capacity.count > 1 {
            errors.append(.notSupported("spec.capacity", spec["capacity"]!, supported: ["storage"]))
        }
        for (name, value) in capacity {
            if let q = try? Quantity(json: value), q <= .zero {
                errors.append(.invalid("spec.capacity[\(name)]", .string(q.description), "must be greater than zero"))
            }
        }
        errors += oneOf(spec["persistentVolumeReclaimPolicy"], "spec.persistentVolumeReclaimPolicy",
                        ["Delete", "Recycle", "Retain"], required: false)
        errors += oneOf(spec["volumeMode"], "spec.volumeMode", ["Block", "Filesystem"], required: false)
        let notSources: Set<String> = ["accessModes", "capacity", "claimRef", "persistentVolumeReclaimPolicy", "storageClassName",
                                       "mountOptions", "volumeMode", "nodeAffinity", "volumeAttributesClassName"]
        let sources = (spec?.object?.keys ?? []).filter { !notSources.contains($0) && !(spec[$0]?.isNull ?? true) }
        if sources.isEmpty { errors.append(.required("spec", "must specify a volume type")) }
        for extra in sources.dropFirst() {
            errors.append(.forbidden("spec.\(extra)", "may not specify more than 1 volume type"))
        }
        return errors
    }

    static func persistentVolumeClaimSpec(_ spec: JSON?, path: String) -> [FieldError] {
        var errors: [FieldError] = []
        let modes = spec?["accessModes"]?.array ?? []
        if modes.isEmpty { errors.append(.required(path + ".accessModes", "at least 1 access mode is required")) }
        for mode in modes where !accessModes.contains(mode.string ?? "") {
            errors.append(.notSupported(path + ".accessModes", mode, supported: accessModes))
        }
        if let storage = spec?["resources"]["requests"]["storage"] {
            if let q = try? Quantity(json: storage), q <= .zero {
                errors.append(.invalid(path + ".resources[storage]", .string(q.description), "must be greater than zero"))
            }
        } else {
            errors.append(.required(path + ".resources[storage]"))
        }
        errors += oneOf(spec?["volumeMode"], path + ".volumeMode", ["Block", "Filesystem"], required: false)
        return errors
    }

    static func lease(_ lease: JSON) -> [FieldError] {
        let spec = lease["spec"]
        var errors: [FieldError] = []
        if let d = spec["leaseDurationSeconds"]?.int, d <= 0 {
            errors.append(.invalid("spec.leaseDurationSeconds", .int(d), "must be greater than 0"))
        }
        errors += nonNegative(spec["leaseTransitions"], "spec.leaseTransitions")
        return errors
    }

    static func endpointSlice(_ slice: JSON) -> [FieldError] {
        var errors = oneOf(slice["addressType"], "addressType", ["FQDN", "IPv4", "IPv6"])
        for (i, endpoint) in (slice["endpoints"]?.array ?? []).enumerated() {
            let count = endpoint["addresses"]?.array?.count ?? 0
            if count == 0 {
                errors.append(.required("endpoints[\(i)].addresses", "must contain at least 1 address"))
            } else if count > 100 {
                errors.append(FieldError(.tooMany, field: "endpoints[\(i)].addresses", detail: "must have at most 100 items"))
            }
        }
        var names = Set<String>()
        for (i, p) in (slice["ports"]?.array ?? []).enumerated() {
            let path = "ports[\(i)]"
            let name = p["name"]?.string ?? ""
            if !name.isEmpty {
                for msg in NameValidation.dns1123Label(name) { errors.append(.invalid(path + ".name", .string(name), msg)) }
            }
            if names.contains(name) { errors.append(.duplicate(path + ".name", .string(name))) }
            names.insert(name)
            errors += oneOf(p["protocol"], path + ".protocol", ["SCTP", "TCP", "UDP"])
            if let n = p["port"]?.int, !(1...65535).contains(n) {
                errors.append(.invalid(path + ".port", .int(n), portRangeMessage))
            }
        }
        return errors
    }
}
