import Resources

/// What the kubelet reads from a Pod object: the spec it acts on, parsed once per change.
/// Pure; built from the API object with ``init(_:)``.
public struct PodModel: Sendable, Equatable {
    public enum RestartPolicy: String, Sendable { case always = "Always", onFailure = "OnFailure", never = "Never" }

    public var uid: String
    public var name: String
    public var namespace: String
    public var restartPolicy: RestartPolicy
    public var initContainers: [ContainerModel]
    public var containers: [ContainerModel]
    /// The API server marked the pod terminating (`metadata.deletionTimestamp`).
    public var deletionRequested: Bool
    /// Seconds the containers get to stop once deletion is requested.
    public var gracePeriodSeconds: Int64
    /// `spec.terminationGracePeriodSeconds` (30 by default).
    public var terminationGracePeriodSeconds: Int64
    /// `spec.activeDeadlineSeconds`: how long the pod may be active on the node after its startTime.
    public var activeDeadlineSeconds: Int64?
    /// The whole object, as last seen.
    public var object: JSON

    public init(_ object: JSON) {
        self.object = object
        let metadata = object["metadata"]
        uid = metadata?["uid"]?.string ?? ""
        name = metadata?["name"]?.string ?? ""
        namespace = metadata?["namespace"]?.string ?? "default"
        let spec = object["spec"]
        restartPolicy = RestartPolicy(rawValue: spec?["restartPolicy"]?.string ?? "Always") ?? .always
        initContainers = (spec?["initContainers"]?.array ?? []).map { ContainerModel($0, isInit: true) }
        containers = (spec?["containers"]?.array ?? []).map { ContainerModel($0, isInit: false) }
        terminationGracePeriodSeconds = max(0, spec?["terminationGracePeriodSeconds"]?.int ?? 30)
        activeDeadlineSeconds = spec?["activeDeadlineSeconds"]?.int.flatMap { $0 > 0 ? $0 : nil }
        if let ts = metadata?["deletionTimestamp"], !ts.isNull {
            deletionRequested = true
        } else {
            deletionRequested = false
        }
        gracePeriodSeconds = max(0, metadata?["deletionGracePeriodSeconds"]?.int ?? terminationGracePeriodSeconds)
    }

    /// `<name>_<namespace>(<uid>)`, as the kubelet names a pod in messages.
    public var fullName: String { "\(name)_\(namespace)(\(uid))" }

    public func container(named name: String) -> ContainerModel? {
        initContainers.first { $0.name == name } ?? containers.first { $0.name == name }
    }

    public static func == (a: PodModel, b: PodModel) -> Bool { a.object == b.object }
}

/// One container of the spec.
public struct ContainerModel: Sendable, Equatable {
    public var name: String
    public var image: String
    public var isInit: Bool
    /// An init container with `restartPolicy: Always` (Kubernetes 1.29+ sidecar): started in
    /// order with the other init containers, it keeps running beside the app containers, is
    /// restarted whenever it exits, and is stopped after them.
    public var isSidecar: Bool
    public var livenessProbe: ProbeSpec?
    public var readinessProbe: ProbeSpec?
    public var startupProbe: ProbeSpec?
    public var preStop: Handler?
    /// Named ports, for probes that name theirs.
    public var ports: [String: Int]
    public var object: JSON

    public init(_ object: JSON, isInit: Bool) {
        self.object = object
        self.isInit = isInit
        name = object["name"]?.string ?? ""
        image = object["image"]?.string ?? ""
        isSidecar = isInit && object["restartPolicy"]?.string == "Always"
        var ports: [String: Int] = [:]
        for p in object["ports"]?.array ?? [] {
            if let n = p["name"]?.string, let v = p["containerPort"]?.int { ports[n] = Int(v) }
        }
        self.ports = ports
        // Probes do not apply to (non-sidecar) init containers.
        let probed = !isInit || isSidecar
        livenessProbe = probed ? object["livenessProbe"].flatMap { ProbeSpec($0, ports: ports) } : nil
        readinessProbe = probed ? object["readinessProbe"].flatMap { ProbeSpec($0, ports: ports) } : nil
        startupProbe = probed ? object["startupProbe"].flatMap { ProbeSpec($0, ports: ports) } : nil
        preStop = object["lifecycle"]?["preStop"].flatMap { Handler($0, ports: ports) }
    }

    /// `spec.containers{name}` or `spec.initContainers{name}`: an Event's `fieldPath`.
    public var fieldPath: String { isInit ? "spec.initContainers{\(name)}" : "spec.containers{\(name)}" }
}
