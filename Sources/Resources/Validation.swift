/// Kubernetes 1.32's validation of the built-in kinds (`pkg/apis/*/validation`), with its field
/// paths and messages, as kubectl prints them under `The Deployment "web" is invalid:`.
///
/// Guarantees: pure; errors come in the order Kubernetes reports them within each check.
/// Expects an object that passed ``FieldValidation`` and went through ``Defaulting`` — the API
/// server's order — so a value of the wrong JSON type is treated as absent. The checks are the
/// ones users meet in practice, not all of Kubernetes' (see each `Validation+*.swift`).
public enum Validation {
    /// The problems with `object` as a new object (`old == nil`) or as an update of `old`.
    public static func validate(_ object: JSON, type: ResourceType, old: JSON?) -> [FieldError] {
        var errors = objectMeta(object["metadata"], type: type)
        switch (type.group, type.kind) {
        case ("", "Pod"): errors += pod(object)
        case ("", "Service"): errors += service(object)
        case ("", "ConfigMap"): errors += configMap(object)
        case ("", "Secret"): errors += secret(object)
        case ("", "Node"): errors += node(object)
        case ("", "Event"): errors += event(object)
        case ("", "PersistentVolume"): errors += persistentVolume(object)
        case ("", "PersistentVolumeClaim"): errors += persistentVolumeClaimSpec(object["spec"], path: "spec")
        case ("", "ReplicationController"): errors += replicationController(object)
        case ("apps", "Deployment"): errors += deployment(object)
        case ("apps", "ReplicaSet"): errors += replicaSet(object)
        case ("apps", "StatefulSet"): errors += statefulSet(object)
        case ("apps", "DaemonSet"): errors += daemonSet(object)
        case ("apps", "ControllerRevision"): errors += controllerRevision(object)
        case ("batch", "Job"): errors += job(object)
        case ("batch", "CronJob"): errors += cronJob(object)
        case ("coordination.k8s.io", "Lease"): errors += lease(object)
        case ("discovery.k8s.io", "EndpointSlice"): errors += endpointSlice(object)
        default: break
        }
        if let old { errors += update(object, old: old, type: type) }
        return errors
    }

    /// The rule an object name of this kind must follow (`ValidateXName`).
    public static func nameRule(for type: ResourceType) -> (String) -> [String] {
        switch (type.group, type.kind) {
        case ("", "Namespace"): NameValidation.dns1123Label
        case ("", "Service"): NameValidation.dns1035Label
        default: NameValidation.dns1123Subdomain
        }
    }
}

// MARK: - Small shared checks

extension Validation {
    static let portRangeMessage = "must be between 1 and 65535, inclusive"
    static let nonNegativeMessage = "must be greater than or equal to 0"

    /// `ValidateNonnegativeField` for an optional integer member.
    static func nonNegative(_ value: JSON?, _ path: String) -> [FieldError] {
        guard let n = value?.int, n < 0 else { return [] }
        return [.invalid(path, .int(n), nonNegativeMessage)]
    }

    /// A port number 1–65535.
    static func port(_ value: JSON?, _ path: String) -> [FieldError] {
        guard let n = value?.int else { return [] }
        return (1...65535).contains(n) ? [] : [.invalid(path, .int(n), portRangeMessage)]
    }

    /// One of `supported`; `Required value` if unset.
    static func oneOf(_ value: JSON?, _ path: String, _ supported: [String], required: Bool = true) -> [FieldError] {
        guard let s = value?.string, !s.isEmpty else { return required ? [.required(path)] : [] }
        return supported.contains(s) ? [] : [.notSupported(path, .string(s), supported: supported)]
    }

    /// `Invalid value` with a Go-rendered value.
    static func invalid(_ path: String, rendered: String, _ detail: String) -> FieldError {
        var e = FieldError(.invalid, field: path, detail: detail)
        e.renderedValue = rendered
        return e
    }

    /// A port given by number (1–65535) or by IANA service name (a probe's or Service's target).
    static func numberOrNamedPort(_ value: JSON?, _ path: String) -> [FieldError] {
        switch value {
        case .int?: return port(value, path)
        case .string(let name)?:
            return ianaServiceName(name).map { .invalid(path, .string(name), $0) }
        default: return []
        }
    }

    /// `validation.IsValidPortName`.
    static func ianaServiceName(_ name: String) -> [String] {
        var errs: [String] = []
        let u = Array(name.utf8)
        if u.count > 15 { errs.append("must be no more than 15 characters") }
        if !u.allSatisfy({ NameValidation.isLowerAlnum($0) || $0 == 45 }) {
            errs.append("must contain only alphanumeric characters (a-z, 0-9), and hyphens (-)")
        }
        if name.contains("--") { errs.append("must not contain consecutive hyphens") }
        if !u.contains(where: NameValidation.isLower) { errs.append("must contain at least one letter (a-z)") }
        if let f = u.first, let l = u.last, f == 45 || l == 45 { errs.append("must not begin or end with a hyphen") }
        return errs
    }
}
