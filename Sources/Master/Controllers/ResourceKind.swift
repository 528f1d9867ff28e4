import Client

/// One API resource a controller reads or writes: group, version, plural. The controller
/// manager keeps one shared ``Informer`` per kind, whatever the number of controllers using it.
public struct ResourceKind: Hashable, Sendable, CustomStringConvertible {
    public var group: String
    public var version: String
    /// The plural as in the URL: `pods`, `replicasets`.
    public var resource: String
    /// The `kind` of its objects (`Pod`), for ownerReferences and Events.
    public var kind: String
    public var namespaced: Bool

    public init(group: String = "", version: String = "v1", resource: String, kind: String, namespaced: Bool = true) {
        self.group = group
        self.version = version
        self.resource = resource
        self.kind = kind
        self.namespaced = namespaced
    }

    /// `apps/v1`, or `v1` for the core group.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }
    public var description: String { group.isEmpty ? resource : "\(resource).\(group)" }
    /// What its informer follows.
    public var source: Informer.Source { Informer.Source(group: group, version: version, resource: resource) }

    public static let pods = ResourceKind(resource: "pods", kind: "Pod")
    public static let nodes = ResourceKind(resource: "nodes", kind: "Node", namespaced: false)
    public static let services = ResourceKind(resource: "services", kind: "Service")
    public static let endpoints = ResourceKind(resource: "endpoints", kind: "Endpoints")
    public static let events = ResourceKind(resource: "events", kind: "Event")
    public static let namespaces = ResourceKind(resource: "namespaces", kind: "Namespace", namespaced: false)
    public static let replicationControllers = ResourceKind(resource: "replicationcontrollers", kind: "ReplicationController")
    public static let persistentVolumeClaims = ResourceKind(resource: "persistentvolumeclaims", kind: "PersistentVolumeClaim")
    public static let persistentVolumes = ResourceKind(resource: "persistentvolumes", kind: "PersistentVolume", namespaced: false)
    public static let replicaSets = ResourceKind(group: "apps", resource: "replicasets", kind: "ReplicaSet")
    public static let deployments = ResourceKind(group: "apps", resource: "deployments", kind: "Deployment")
    public static let daemonSets = ResourceKind(group: "apps", resource: "daemonsets", kind: "DaemonSet")
    public static let statefulSets = ResourceKind(group: "apps", resource: "statefulsets", kind: "StatefulSet")
    public static let controllerRevisions = ResourceKind(group: "apps", resource: "controllerrevisions", kind: "ControllerRevision")
    public static let jobs = ResourceKind(group: "batch", resource: "jobs", kind: "Job")
    public static let cronJobs = ResourceKind(group: "batch", resource: "cronjobs", kind: "CronJob")
    public static let endpointSlices = ResourceKind(group: "discovery.k8s.io", resource: "endpointslices", kind: "EndpointSlice")
    public static let leases = ResourceKind(group: "coordination.k8s.io", resource: "leases", kind: "Lease")
}
