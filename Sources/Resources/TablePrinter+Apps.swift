extension TablePrinter {
    /// `spec.replicas`, which the API server defaults to 1 for every replicated kind.
    static func desiredReplicas(_ object: JSON) -> Int64 { object["spec"]["replicas"]?.int ?? 1 }

    /// apps/v1 Deployment: `printDeployment`. Name, Ready (`ready/desired`), Up-to-date,
    /// Available, Age; wide: Containers, Images, Selector.
    static let deployment = TablePrinter(
        columns: [
            .name,
            TableColumn("Ready", "Number of the pod with ready state"),
            TableColumn("Up-to-date", TableColumnDocs.deploymentStatusUpdatedReplicas),
            TableColumn("Available", TableColumnDocs.deploymentStatusAvailableReplicas),
            .age, .containers, .images,
            TableColumn("Selector", priority: 1, TableColumnDocs.deploymentSpecSelector),
        ],
        render: { d, context in
            let status = d["status"]
            let (names, images) = TableFormat.containers(d["spec"]["template"]["spec"]["containers"])
            return TableRowContent([
                .string(d["metadata"]["name"].text), .string("\(status["readyReplicas"].number)/\(desiredReplicas(d))"),
                .int(status["updatedReplicas"].number), .int(status["availableReplicas"].number), .string(context.age(d)),
                .string(names), .string(images), .string(TableFormat.selector(d["spec"]["selector"])),
            ])
        }
    )

    /// apps/v1 ReplicaSet: `printReplicaSet`. Name, Desired, Current, Ready, Age; wide:
    /// Containers, Images, Selector.
    static let replicaSet = TablePrinter(
        columns: [
            .name,
            TableColumn("Desired", type: "integer", TableColumnDocs.replicaSetSpecReplicas),
            TableColumn("Current", type: "integer", TableColumnDocs.replicaSetStatusReplicas),
            TableColumn("Ready", type: "integer", TableColumnDocs.replicaSetStatusReadyReplicas),
            .age, .containers, .images,
            TableColumn("Selector", priority: 1, TableColumnDocs.replicaSetSpecSelector),
        ],
        render: { rs, context in
            let (names, images) = TableFormat.containers(rs["spec"]["template"]["spec"]["containers"])
            return TableRowContent([
                .string(rs["metadata"]["name"].text), .int(desiredReplicas(rs)), .int(rs["status"]["replicas"].number),
                .int(rs["status"]["readyReplicas"].number), .string(context.age(rs)),
                .string(names), .string(images), .string(TableFormat.labelSelector(rs["spec"]["selector"])),
            ])
        }
    )

    /// core/v1 ReplicationController: `printReplicationController`. Like a ReplicaSet, but its
    /// selector is a plain label map.
    static let replicationController = TablePrinter(
        columns: [
            .name,
            TableColumn("Desired", type: "integer", TableColumnDocs.replicationControllerSpecReplicas),
            TableColumn("Current", type: "integer", TableColumnDocs.replicationControllerStatusReplicas),
            TableColumn("Ready", type: "integer", TableColumnDocs.replicationControllerStatusReadyReplicas),
            .age, .containers, .images,
            TableColumn("Selector", priority: 1, TableColumnDocs.replicationControllerSpecSelector),
        ],
        render: { rc, context in
            let (names, images) = TableFormat.containers(rc["spec"]["template"]["spec"]["containers"])
            return TableRowContent([
                .string(rc["metadata"]["name"].text), .int(desiredReplicas(rc)), .int(rc["status"]["replicas"].number),
                .int(rc["status"]["readyReplicas"].number), .string(context.age(rc)),
                .string(names), .string(images), .string(TableFormat.labels(replicationControllerSelector(rc))),
            ])
        }
    )

    /// An RC's `spec.selector`; the API server defaults an empty one to the template's labels.
    static func replicationControllerSelector(_ rc: JSON) -> JSON? {
        let selector = rc["spec"]["selector"]
        return selector.members.isEmpty ? rc["spec"]["template"]["metadata"]["labels"] : selector
    }

    /// apps/v1 StatefulSet: `printStatefulSet`. Name, Ready (`ready/desired`), Age; wide:
    /// Containers, Images.
    static let statefulSet = TablePrinter(
        columns: [.name, TableColumn("Ready", "Number of the pod with ready state"), .age, .containers, .images],
        render: { sts, context in
            let (names, images) = TableFormat.containers(sts["spec"]["template"]["spec"]["containers"])
            return TableRowContent([
                .string(sts["metadata"]["name"].text), .string("\(sts["status"]["readyReplicas"].number)/\(desiredReplicas(sts))"),
                .string(context.age(sts)), .string(names), .string(images),
            ])
        }
    )

    /// apps/v1 DaemonSet: `printDaemonSet`. Name, Desired, Current, Ready, Up-to-date,
    /// Available, Node Selector, Age; wide: Containers, Images, Selector.
    static let daemonSet = TablePrinter(
        columns: [
            .name,
            TableColumn("Desired", type: "integer", TableColumnDocs.daemonSetStatusDesiredNumberScheduled),
            TableColumn("Current", type: "integer", TableColumnDocs.daemonSetStatusCurrentNumberScheduled),
            TableColumn("Ready", type: "integer", TableColumnDocs.daemonSetStatusNumberReady),
            TableColumn("Up-to-date", type: "integer", TableColumnDocs.daemonSetStatusUpdatedNumberScheduled),
            TableColumn("Available", type: "integer", TableColumnDocs.daemonSetStatusNumberAvailable),
            TableColumn("Node Selector", TableColumnDocs.podSpecNodeSelector),
            .age, .containers, .images,
            TableColumn("Selector", priority: 1, TableColumnDocs.daemonSetSpecSelector),
        ],
        render: { ds, context in
            let status = ds["status"], podSpec = ds["spec"]["template"]["spec"]
            let (names, images) = TableFormat.containers(podSpec["containers"])
            return TableRowContent([
                .string(ds["metadata"]["name"].text), .int(status["desiredNumberScheduled"].number),
                .int(status["currentNumberScheduled"].number), .int(status["numberReady"].number),
                .int(status["updatedNumberScheduled"].number), .int(status["numberAvailable"].number),
                .string(TableFormat.labels(podSpec["nodeSelector"])), .string(context.age(ds)),
                .string(names), .string(images), .string(TableFormat.labelSelector(ds["spec"]["selector"])),
            ])
        }
    )

    /// apps/v1 ControllerRevision: `printControllerRevision`. Name, Controller
    /// (`statefulset.apps/web` from the controlling owner reference, or `<none>`), Revision, Age.
    static let controllerRevision = TablePrinter(
        columns: [
            .name,
            TableColumn("Controller", "Controller of the object"),
            TableColumn("Revision", TableColumnDocs.controllerRevisionRevision),
            .age,
        ],
        render: { cr, context in
            var controller = "<none>"
            if let ref = cr["metadata"]["ownerReferences"].elements.first(where: { $0["controller"]?.bool == true }) {
                let apiVersion = ref["apiVersion"].text
                let group = apiVersion.contains("/") ? String(apiVersion.prefix { $0 != "/" }) : ""
                let kind = ref["kind"].text
                if group.isEmpty && kind.isEmpty {
                    controller = ref["name"].text
                } else {
                    let groupKind = group.isEmpty ? kind : "\(kind).\(group)"
                    controller = groupKind.lowercased() + "/" + ref["name"].text
                }
            }
            return TableRowContent([
                .string(cr["metadata"]["name"].text), .string(controller), .int(cr["revision"].number), .string(context.age(cr)),
            ])
        }
    )
}
