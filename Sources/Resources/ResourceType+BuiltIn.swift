extension ResourceType {
    /// The built-in types, in the order discovery lists their groups: core/v1, apps/v1, batch/v1,
    /// coordination.k8s.io/v1, discovery.k8s.io/v1. Names, short names, categories, verbs and
    /// the subresources Skiff serves match Kubernetes 1.32 (`kubectl api-resources -o wide`).
    public static let builtIn: [ResourceType] = core + apps + batch + coordination + discovery

    /// core/v1.
    static let core: [ResourceType] = [
        coreType("Pod", "pods", "pod", shortNames: ["po"], categories: ["all"], subresources: [
            status("", "v1", "Pod"),
            SubresourceType(name: "log", responseKind: GroupVersionKind(group: "", version: "v1", kind: "Pod"), verbs: ["get"]),
            SubresourceType(name: "binding", responseKind: GroupVersionKind(group: "", version: "v1", kind: "Binding"), verbs: ["create"]),
        ]),
        coreType("Node", "nodes", "node", namespaced: false, shortNames: ["no"], subresources: [status("", "v1", "Node")]),
        coreType("Namespace", "namespaces", "namespace", namespaced: false, shortNames: ["ns"],
                 verbs: ["create", "delete", "get", "list", "patch", "update", "watch"],
                 subresources: [status("", "v1", "Namespace")]),
        coreType("Service", "services", "service", shortNames: ["svc"], categories: ["all"],
                 subresources: [status("", "v1", "Service")]),
        coreType("Endpoints", "endpoints", "endpoints", shortNames: ["ep"]),
        coreType("Event", "events", "event", shortNames: ["ev"]),
        coreType("ConfigMap", "configmaps", "configmap", shortNames: ["cm"]),
        coreType("Secret", "secrets", "secret"),
        coreType("PersistentVolume", "persistentvolumes", "persistentvolume", namespaced: false, shortNames: ["pv"],
                 subresources: [status("", "v1", "PersistentVolume")]),
        coreType("PersistentVolumeClaim", "persistentvolumeclaims", "persistentvolumeclaim", shortNames: ["pvc"],
                 subresources: [status("", "v1", "PersistentVolumeClaim")]),
        coreType("ReplicationController", "replicationcontrollers", "replicationcontroller", shortNames: ["rc"],
                 categories: ["all"], subresources: [status("", "v1", "ReplicationController"), .scale]),
    ]

    /// apps/v1.
    static let apps: [ResourceType] = [
        ResourceType(group: "apps", version: "v1", kind: "Deployment", plural: "deployments", singular: "deployment",
                     namespaced: true, shortNames: ["deploy"], categories: ["all"],
                     subresources: [status("apps", "v1", "Deployment"), .scale]),
        ResourceType(group: "apps", version: "v1", kind: "ReplicaSet", plural: "replicasets", singular: "replicaset",
                     namespaced: true, shortNames: ["rs"], categories: ["all"],
                     subresources: [status("apps", "v1", "ReplicaSet"), .scale]),
        ResourceType(group: "apps", version: "v1", kind: "StatefulSet", plural: "statefulsets", singular: "statefulset",
                     namespaced: true, shortNames: ["sts"], categories: ["all"],
                     subresources: [status("apps", "v1", "StatefulSet"), .scale]),
        ResourceType(group: "apps", version: "v1", kind: "DaemonSet", plural: "daemonsets", singular: "daemonset",
                     namespaced: true, shortNames: ["ds"], categories: ["all"],
                     subresources: [status("apps", "v1", "DaemonSet")]),
        ResourceType(group: "apps", version: "v1", kind: "ControllerRevision", plural: "controllerrevisions",
                     singular: "controllerrevision", namespaced: true),
    ]

    /// batch/v1.
    static let batch: [ResourceType] = [
        ResourceType(group: "batch", version: "v1", kind: "Job", plural: "jobs", singular: "job",
                     namespaced: true, categories: ["all"], subresources: [status("batch", "v1", "Job")]),
        ResourceType(group: "batch", version: "v1", kind: "CronJob", plural: "cronjobs", singular: "cronjob",
                     namespaced: true, shortNames: ["cj"], categories: ["all"],
                     subresources: [status("batch", "v1", "CronJob")]),
    ]

    /// coordination.k8s.io/v1.
    static let coordination: [ResourceType] = [
        ResourceType(group: "coordination.k8s.io", version: "v1", kind: "Lease", plural: "leases", singular: "lease",
                     namespaced: true),
    ]

    /// discovery.k8s.io/v1.
    static let discovery: [ResourceType] = [
        ResourceType(group: "discovery.k8s.io", version: "v1", kind: "EndpointSlice", plural: "endpointslices",
                     singular: "endpointslice", namespaced: true),
    ]

    /// metrics.k8s.io/v1beta1 as metrics-server serves it: read-only `pods` and `nodes`.
    /// Not part of ``builtIn``; switch it on with ``ResourceRegistry/builtIn(includingMetrics:)``.
    public static let metrics: [ResourceType] = [
        ResourceType(group: "metrics.k8s.io", version: "v1beta1", kind: "PodMetrics", plural: "pods", singular: "pod",
                     namespaced: true, verbs: ["get", "list"]),
        ResourceType(group: "metrics.k8s.io", version: "v1beta1", kind: "NodeMetrics", plural: "nodes", singular: "node",
                     namespaced: false, verbs: ["get", "list"]),
    ]

    private static func coreType(
        _ kind: String, _ plural: String, _ singular: String, namespaced: Bool = true,
        shortNames: [String] = [], categories: [String] = [], verbs: [String] = standardVerbs,
        subresources: [SubresourceType] = []
    ) -> ResourceType {
        ResourceType(group: "", version: "v1", kind: kind, plural: plural, singular: singular, namespaced: namespaced,
                     shortNames: shortNames, categories: categories, verbs: verbs, subresources: subresources)
    }
}
