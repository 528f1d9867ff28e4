extension TablePrinter {
    /// The API server's default Table for a type without a printer (`rest.NewDefaultTableConvertor`):
    /// Name and Created At, the creation time in RFC 3339 UTC (`0001-01-01T00:00:00Z` if unset).
    static let generic = TablePrinter(
        columns: [.name, TableColumn("Created At", type: "date", TableColumnDocs.objectMetaCreationTimestamp)],
        render: { object, _ in
            TableRowContent([
                .string(object["metadata"]["name"].text),
                .string(MetaTime(json: object["metadata"]["creationTimestamp"]).rfc3339),
            ])
        }
    )

    /// The printer for `type`, keyed by group and kind as `printers.go` registers them (any
    /// version), or ``generic``.
    static func forType(_ type: ResourceType) -> TablePrinter {
        builtIn["\(type.group)/\(type.kind)"] ?? generic
    }

    /// True if `type` has a kind-specific printer.
    static func hasPrinter(_ type: ResourceType) -> Bool { builtIn["\(type.group)/\(type.kind)"] != nil }

    /// Every kind-specific printer, keyed `group/Kind`.
    static let builtIn: [String: TablePrinter] = [
        "/Pod": pod, "/Node": node, "/Namespace": namespace, "/Service": service, "/Endpoints": endpoints,
        "/Event": event, "/ConfigMap": configMap, "/Secret": secret, "/PersistentVolume": persistentVolume,
        "/PersistentVolumeClaim": persistentVolumeClaim, "/ReplicationController": replicationController,
        "apps/Deployment": deployment, "apps/ReplicaSet": replicaSet, "apps/DaemonSet": daemonSet,
        "apps/StatefulSet": statefulSet, "apps/ControllerRevision": controllerRevision,
        "batch/Job": job, "batch/CronJob": cronJob,
        "coordination.k8s.io/Lease": lease, "discovery.k8s.io/EndpointSlice": endpointSlice,
    ]
}
