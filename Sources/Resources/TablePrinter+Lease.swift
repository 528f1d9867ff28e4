extension TablePrinter {
    /// coordination.k8s.io/v1 Lease: `printLease`. Name, Holder (`spec.holderIdentity`, empty
    /// if none), Age.
    static let lease = TablePrinter(
        columns: [.name, TableColumn("Holder", TableColumnDocs.leaseSpecHolderIdentity), .age],
        render: { lease, context in
            TableRowContent([
                .string(lease["metadata"]["name"].text), .string(lease["spec"]["holderIdentity"].text), .string(context.age(lease)),
            ])
        }
    )
}
