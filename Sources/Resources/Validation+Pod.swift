/// Pods and pod templates (`ValidatePodSpec` and what it calls in core validation): volumes,
/// containers (names, images, ports, env, mounts, resources, probes), restart and DNS policy,
/// node selector and tolerations.
extension Validation {
    static func pod(_ pod: JSON) -> [FieldError] {
        podSpec(pod["spec"], "spec")
    }

    /// `ValidatePodTemplateSpec`: the template's labels and annotations, then its spec.
    /// `extraVolumes` are names mounts may also refer to (a StatefulSet's claim templates).
    static func podTemplate(_ template: JSON?, _ path: String, extraVolumes: Set<String> = []) -> [FieldError] {
        guard let template, template.object != nil else { return [.required(path)] }
        return labels(template["metadata"]["labels"], path + ".labels")
            + annotations(template["metadata"]["annotations"], path + ".annotations")
            + podSpec(template["spec"], path + ".spec", extraVolumes: extraVolumes)
    }

    static func podSpec(_ spec: JSON?, _ path: String, extraVolumes: Set<String> = []) -> [FieldError] {
        var errors: [FieldError] = []
        var (volumeNames, volumeErrors) = volumes(spec?["volumes"], path + ".volumes")
        volumeNames.formUnion(extraVolumes)
        errors += volumeErrors
        var containerNames = Set<String>()
        for list in ["initContainers", "containers"] {
            let items = spec?[list]?.array ?? []
            if list == "containers" && items.isEmpty { errors.append(.required(path + ".containers")) }
            for (i, c) in items.enumerated() {
                errors += container(c, "\(path).\(list)[\(i)]", names: &containerNames, volumes: volumeNames)
            }
        }
        errors += oneOf(spec?["restartPolicy"], path + ".restartPolicy", ["Always", "OnFailure", "Never"])
        errors += oneOf(spec?["dnsPolicy"], path + ".dnsPolicy", ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"])
        errors += labels(spec?["nodeSelector"], path + ".nodeSelector")
        if let d = spec?["activeDeadlineSeconds"]?.int, d <= 0 {
            errors.append(.invalid(path + ".activeDeadlineSeconds", .int(d), "must be between 1 and 2147483647, inclusive"))
        }
        for (i, t) in (spec?["tolerations"]?.array ?? []).enumerated() {
            errors += toleration(t, "\(path).tolerations[\(i)]")
        }
        return errors
    }

    /// Names and sources of `volumes`; returns the names for the mounts to refer to.
    static func volumes(_ list: JSON?, _ path: String) -> (Set<String>, [FieldError]) {
        var names = Set<String>()
        var errors: [FieldError] = []
        for (i, v) in (list?.array ?? []).enumerated() {
            let p = "\(path)[\(i)]"
            let name = v["name"]?.string ?? ""
            if name.isEmpty {
                errors.append(.required(p + ".name"))
            } else {
                for msg in NameValidation.dns1123Label(name) { errors.append(.invalid(p + ".name", .string(name), msg)) }
                if names.contains(name) { errors.append(.duplicate(p + ".name", .string(name))) }
                names.insert(name)
            }
            errors += volumeSource(v, p)
        }
        return (names, errors)
    }

    /// Exactly one source, and the required field of the common ones.
    static func volumeSource(_ v: JSON, _ path: String) -> [FieldError] {
        var errors: [FieldError] = []
        let sources = (v.object?.keys ?? []).filter { $0 != "name" && !(v[$0]?.isNull ?? true) }
        if sources.isEmpty { return [.required(path, "must specify a volume type")] }
        for extra in sources.dropFirst() {
            errors.append(.forbidden("\(path).\(extra)", "may not specify more than 1 volume type"))
        }
        let required: [String: String] = ["configMap": "name", "secret": "secretName", "hostPath": "path",
                                          "persistentVolumeClaim": "claimName", "nfs": "server"]
        for source in sources {
            guard let key = required[source] else { continue }
            if (v[source]?[key]?.string ?? "").isEmpty { errors.append(.required("\(path).\(source).\(key)")) }
        }
        return errors
    }

    static func container(_ c: JSON, _ path: String, names: inout Set<String>, volumes: Set<String>) -> [FieldError] {
        var errors: [FieldError] = []
        let name = c["name"]?.string ?? ""
        if name.isEmpty {
            errors.append(.required(path + ".name"))
        } else {
            for msg in NameValidation.dns1123Label(name) { errors.append(.invalid(path + ".name", .string(name), msg)) }
            if names.contains(name) { errors.append(.duplicate(path + ".name", .string(name))) }
            names.insert(name)
        }
        if (c["image"]?.string ?? "").isEmpty { errors.append(.required(path + ".image")) }
        errors += oneOf(c["imagePullPolicy"], path + ".imagePullPolicy", ["Always", "IfNotPresent", "Never"])
        errors += oneOf(c["terminationMessagePolicy"], path + ".terminationMessagePolicy", ["FallbackToLogsOnError", "File"])
        errors += containerPorts(c["ports"], path + ".ports")
        for (i, e) in (c["env"]?.array ?? []).enumerated() {
            let envName = e["name"]?.string ?? ""
            if envName.isEmpty {
                errors.append(.required("\(path).env[\(i)].name"))
            } else if envName.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value > 0x7E || $0 == "=" }) {
                errors.append(.invalid("\(path).env[\(i)].name", .string(envName),
                                       "a valid environment variable name must consist only of printable ASCII characters other than '='"))
            }
        }
        var mountPaths = Set<String>()
        for (i, m) in (c["volumeMounts"]?.array ?? []).enumerated() {
            let p = "\(path).volumeMounts[\(i)]"
            let mountName = m["name"]?.string ?? ""
            if mountName.isEmpty { errors.append(.required(p + ".name")) }
            if !volumes.contains(mountName) { errors.append(FieldError(.notFound, field: p + ".name", value: .string(mountName))) }
            let mountPath = m["mountPath"]?.string ?? ""
            if mountPath.isEmpty { errors.append(.required(p + ".mountPath")) }
            if mountPaths.contains(mountPath) { errors.append(.invalid(p + ".mountPath", .string(mountPath), "must be unique")) }
            mountPaths.insert(mountPath)
        }
        errors += resources(c["resources"], path + ".resources")
        for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
            guard let p = c[probe], p.object != nil else { continue }
            errors += self.probe(p, "\(path).\(probe)", mustSucceedOnce: probe != "readinessProbe")
        }
        for hook in ["postStart", "preStop"] {
            guard let h = c["lifecycle"]?[hook], h.object != nil else { continue }
            errors += handler(h, "\(path).lifecycle.\(hook)", kinds: ["exec", "httpGet", "tcpSocket", "sleep"])
        }
        return errors
    }

    static func containerPorts(_ ports: JSON?, _ path: String) -> [FieldError] {
        var errors: [FieldError] = []
        var names = Set<String>()
        for (i, p) in (ports?.array ?? []).enumerated() {
            let pp = "\(path)[\(i)]"
            if let name = p["name"]?.string, !name.isEmpty {
                for msg in ianaServiceName(name) { errors.append(.invalid(pp + ".name", .string(name), msg)) }
                if names.contains(name) { errors.append(.duplicate(pp + ".name", .string(name))) }
                names.insert(name)
            }
            if p["containerPort"]?.int == nil {
                errors.append(.required(pp + ".containerPort"))
            } else {
                errors += port(p["containerPort"], pp + ".containerPort")
            }
            if let host = p["hostPort"]?.int, host != 0 { errors += port(.int(host), pp + ".hostPort") }
            errors += oneOf(p["protocol"], pp + ".protocol", ["SCTP", "TCP", "UDP"])
        }
        return errors
    }

    static let standardContainerResources: Set<String> = ["cpu", "memory", "ephemeral-storage"]
    static let standardResources: Set<String> = standardContainerResources.union(
        ["pods", "services", "replicationcontrollers", "resourcequotas", "secrets", "configmaps",
         "persistentvolumeclaims", "storage", "requests.cpu", "requests.memory", "requests.storage",
         "requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage"])

    /// `ValidateResourceRequirements`: names, non-negative values, and requests ≤ limits.
    static func resources(_ r: JSON?, _ path: String) -> [FieldError] {
        var errors: [FieldError] = []
        let limits = r?["limits"]?.object ?? JSONObject()
        let requests = r?["requests"]?.object ?? JSONObject()
        for (group, list) in [("limits", limits), ("requests", requests)] {
            for (name, value) in list {
                let p = "\(path).\(group)[\(name)]"
                if !name.contains("/") && !name.hasPrefix("hugepages-") {
                    if !standardResources.contains(name) {
                        errors.append(.invalid(p, .string(name), "must be a standard resource type or fully qualified"))
                    }
                    if !standardContainerResources.contains(name) {
                        errors.append(.invalid(p, .string(name), "must be a standard resource for containers"))
                    }
                } else {
                    for msg in NameValidation.qualifiedName(name) { errors.append(.invalid(p, .string(name), msg)) }
                }
                guard let q = try? Quantity(json: value) else { continue }
                if q < .zero { errors.append(.invalid(p, .string(q.description), nonNegativeMessage)) }
                if group == "requests", let limit = limits[name].flatMap({ try? Quantity(json: $0) }), q > limit {
                    errors.append(.invalid(path + ".requests", .string(q.description),
                                           "must be less than or equal to \(name) limit of \(limit.description)"))
                }
            }
        }
        return errors
    }

    static func probe(_ p: JSON, _ path: String, mustSucceedOnce: Bool) -> [FieldError] {
        var errors = handler(p, path, kinds: ["exec", "httpGet", "tcpSocket", "grpc"])
        for field in ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"] {
            errors += nonNegative(p[field], "\(path).\(field)")
        }
        if mustSucceedOnce, let s = p["successThreshold"]?.int, s != 1 {
            errors.append(.invalid(path + ".successThreshold", .int(s), "must be 1"))
        }
        return errors
    }

    /// `validateHandler`: exactly one action, each well-formed.
    static func handler(_ h: JSON, _ path: String, kinds: [String]) -> [FieldError] {
        let present = (h.object?.keys ?? []).filter { kinds.contains($0) && !(h[$0]?.isNull ?? true) }
        guard let first = present.first else { return [.required(path, "must specify a handler type")] }
        var errors = present.dropFirst().map { FieldError.forbidden("\(path).\($0)", "may not specify more than 1 handler type") }
        let action = h[first]
        let p = "\(path).\(first)"
        switch first {
        case "exec":
            if action?["command"]?.array?.isEmpty ?? true { errors.append(.required(p + ".command")) }
        case "httpGet":
            errors += numberOrNamedPort(action?["port"], p + ".port")
            errors += oneOf(action?["scheme"], p + ".scheme", ["HTTP", "HTTPS"], required: false)
        case "tcpSocket":
            errors += numberOrNamedPort(action?["port"], p + ".port")
        case "grpc":
            errors += port(action?["port"], p + ".port")
        default:
            break
        }
        return errors
    }

    static func toleration(_ t: JSON, _ path: String) -> [FieldError] {
        var errors: [FieldError] = []
        let key = t["key"]?.string ?? ""
        if !key.isEmpty {
            for msg in NameValidation.qualifiedName(key) { errors.append(.invalid(path + ".key", .string(key), msg)) }
        }
        let op = t["operator"]?.string ?? ""
        switch op {
        case "", "Equal":
            if key.isEmpty { errors.append(.invalid(path + ".operator", .string(op), "operator must be Exists when `key` is empty, which means \"match all values and all keys\"")) }
        case "Exists":
            if let v = t["value"]?.string, !v.isEmpty {
                errors.append(.invalid(path + ".operator", .string(v), "value must be empty when `operator` is 'Exists'"))
            }
        default:
            errors.append(.notSupported(path + ".operator", .string(op), supported: ["Equal", "Exists"]))
        }
        errors += oneOf(t["effect"], path + ".effect", ["NoSchedule", "PreferNoSchedule", "NoExecute"], required: false)
        return errors
    }
}
