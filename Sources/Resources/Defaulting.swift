/// Kubernetes 1.32's defaulting (`pkg/apis/*/v1/defaults.go`), plus the few values the API
/// server's create strategies and default admission plugins add that every user sees
/// (a Namespace's `kubernetes` finalizer, a Service's IP families, a Pod's priority).
///
/// Guarantees: pure; only fields that are unset (missing, `null`, or `""` where Go tests for
/// the empty string) are written, so applying twice changes nothing more (idempotent) and a
/// user's value always wins. Values of the wrong JSON type are left alone (strict field
/// checking reports them). Server-assigned values (uid, clusterIP, node ports, a Job's
/// generated selector, a ServiceAccount and its token volume) are not set here.
public enum Defaulting {
    /// Fills in the defaults of `type`'s kind; kinds without defaults are left unchanged.
    public static func apply(to object: inout JSON, type: ResourceType) {
        guard object.object != nil else { return }
        switch (type.group, type.kind) {
        case ("", "Pod"): pod(&object)
        case ("", "Service"): service(&object)
        case ("", "Namespace"): namespace(&object)
        case ("", "Secret"): object.setDefault("type", "Opaque")
        case ("", "PersistentVolume"): persistentVolume(&object)
        case ("", "PersistentVolumeClaim"): persistentVolumeClaim(&object)
        case ("", "Node"): node(&object)
        case ("", "Endpoints"): endpoints(&object)
        case ("", "ReplicationController"): replicationController(&object)
        case ("apps", "Deployment"): deployment(&object)
        case ("apps", "ReplicaSet"): replicaSet(&object)
        case ("apps", "StatefulSet"): statefulSet(&object)
        case ("apps", "DaemonSet"): daemonSet(&object)
        case ("batch", "Job"): job(&object)
        case ("batch", "CronJob"): cronJob(&object)
        case ("discovery.k8s.io", "EndpointSlice"): endpointSlice(&object)
        default: break
        }
    }
}

extension JSON {
    /// True if the member is missing, `null`, or the empty string: unset, as Go's defaulters
    /// see a pointer or a string field.
    func isUnset(_ key: String) -> Bool {
        guard let value = self[key] else { return true }
        return value.isNull || value.string == ""
    }

    /// Sets `key` to `value` if it is unset and `self` is an object (or missing, see
    /// ``isUnset(_:)``).
    mutating func setDefault(_ key: String, _ value: JSON) {
        guard object != nil, isUnset(key) else { return }
        self[key] = value
    }

    /// Runs `body` on the object member `key`, first creating it as `{}` when `create` is true
    /// and it is unset. Does nothing if `self` or the member is not an object.
    mutating func update(_ key: String, create: Bool = false, _ body: (inout JSON) -> Void) {
        guard object != nil else { return }
        if create, self[key] == nil || self[key]!.isNull { self[key] = .emptyObject }
        guard var member = self[key], member.object != nil else { return }
        self[key] = .null  // keep `member` uniquely referenced while it changes
        body(&member)
        self[key] = member
    }

    /// Runs `body` on every object element of the array member `key`.
    mutating func updateEach(_ key: String, _ body: (inout JSON) -> Void) {
        guard object != nil, case .array(var elements)? = self[key] else { return }
        self[key] = .null
        for i in elements.indices where elements[i].object != nil { body(&elements[i]) }
        self[key] = .array(elements)
    }
}
