extension TablePrinter {
    /// core/v1 Pod: `printPod`. Name, Ready, Status, Restarts, Age; wide: IP, Node, Nominated
    /// Node, Readiness Gates.
    static let pod = TablePrinter(
        columns: [
            .name,
            TableColumn("Ready", "The aggregate readiness state of this pod for accepting traffic."),
            TableColumn("Status", "The aggregate status of the containers in this pod."),
            TableColumn("Restarts", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
            .age,
            TableColumn("IP", priority: 1, TableColumnDocs.podStatusPodIP),
            TableColumn("Node", priority: 1, TableColumnDocs.podSpecNodeName),
            TableColumn("Nominated Node", priority: 1, TableColumnDocs.podStatusNominatedNodeName),
            TableColumn("Readiness Gates", priority: 1, TableColumnDocs.podSpecReadinessGates),
        ],
        render: { pod, context in PodSummary(pod).row(context) }
    )
}
