/// The 20 built-in kinds: `apiVersion`, `kind` and `metadata` (see `Schema.kind(_:_:)`) plus their own
/// top-level fields, as k8s.io/api v1.32 declares them.
extension Schema {
    static let pod = Schema.kind("Pod", [
        "spec": .podSpec,
        "status": .podStatus,
    ])

    static let node = Schema.kind("Node", [
        "spec": .nodeSpec,
        "status": .nodeStatus,
    ])

    static let namespace = Schema.kind("Namespace", [
        "spec": .namespaceSpec,
        "status": .namespaceStatus,
    ])

    static let service = Schema.kind("Service", [
        "spec": .serviceSpec,
        "status": .serviceStatus,
    ])

    static let endpoints = Schema.kind("Endpoints", [
        "subsets": .array(.endpointSubset),
    ])

    static let event = Schema.kind("Event", [
        "involvedObject": .objectReference,
        "reason": .string,
        "message": .string,
        "source": .eventSource,
        "firstTimestamp": .time,
        "lastTimestamp": .time,
        "count": .int32,
        "type": .string,
        "eventTime": .microTime,
        "series": .eventSeries,
        "action": .string,
        "related": .objectReference,
        "reportingComponent": .string,
        "reportingInstance": .string,
    ])

    static let configMap = Schema.kind("ConfigMap", [
        "immutable": .bool,
        "data": .map(.string),
        "binaryData": .map(.bytes),
    ])

    static let secret = Schema.kind("Secret", [
        "immutable": .bool,
        "data": .map(.bytes),
        "stringData": .map(.string),
        "type": .string("SecretType"),
    ])

    static let persistentVolume = Schema.kind("PersistentVolume", [
        "spec": .persistentVolumeSpec,
        "status": .persistentVolumeStatus,
    ])

    static let persistentVolumeClaim = Schema.kind("PersistentVolumeClaim", [
        "spec": .persistentVolumeClaimSpec,
        "status": .persistentVolumeClaimStatus,
    ])

    static let replicationController = Schema.kind("ReplicationController", [
        "spec": .replicationControllerSpec,
        "status": .replicationControllerStatus,
    ])

    static let deployment = Schema.kind("Deployment", [
        "spec": .deploymentSpec,
        "status": .deploymentStatus,
    ])

    static let replicaSet = Schema.kind("ReplicaSet", [
        "spec": .replicaSetSpec,
        "status": .replicaSetStatus,
    ])

    static let daemonSet = Schema.kind("DaemonSet", [
        "spec": .daemonSetSpec,
        "status": .daemonSetStatus,
    ])

    static let statefulSet = Schema.kind("StatefulSet", [
        "spec": .statefulSetSpec,
        "status": .statefulSetStatus,
    ])

    static let controllerRevision = Schema.kind("ControllerRevision", [
        "data": .any,
        "revision": .int64,
    ])

    static let job = Schema.kind("Job", [
        "spec": .jobSpec,
        "status": .jobStatus,
    ])

    static let cronJob = Schema.kind("CronJob", [
        "spec": .cronJobSpec,
        "status": .cronJobStatus,
    ])

    static let lease = Schema.kind("Lease", [
        "spec": .leaseSpec,
    ])

    static let endpointSlice = Schema.kind("EndpointSlice", [
        "addressType": .string("AddressType"),
        "endpoints": .array(.endpoint),
        "ports": .array(.discoveryEndpointPort),
    ])
}
