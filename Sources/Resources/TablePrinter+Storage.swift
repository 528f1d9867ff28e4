extension TablePrinter {
    /// The `storage` quantity of a resource list in canonical form (`Quantity.String()`); `0`
    /// when absent, as Go prints a zero Quantity.
    static func storage(_ resources: JSON?) -> String {
        guard let q = resources?["storage"], let quantity = try? Quantity(json: q) else { return "0" }
        return quantity.description
    }

    /// The storage class: the beta annotation wins over `spec.storageClassName`
    /// (`GetPersistentVolumeClass` / `GetPersistentVolumeClaimClass`).
    static func storageClass(_ object: JSON) -> String {
        object["metadata"]["annotations"]["volume.beta.kubernetes.io/storage-class"]?.string
            ?? object["spec"]["storageClassName"].text
    }

    /// core/v1 PersistentVolume: `printPersistentVolume`. Name, Capacity, Access Modes,
    /// Reclaim Policy, Status, Claim, StorageClass, VolumeAttributesClass, Reason, Age; wide:
    /// VolumeMode. Defaults as the API applies them: reclaim policy `Retain`, phase `Pending`,
    /// volume mode `Filesystem`.
    static let persistentVolume = TablePrinter(
        columns: [
            .name,
            TableColumn("Capacity", TableColumnDocs.persistentVolumeSpecCapacity),
            TableColumn("Access Modes", TableColumnDocs.persistentVolumeSpecAccessModes),
            TableColumn("Reclaim Policy", TableColumnDocs.persistentVolumeSpecPersistentVolumeReclaimPolicy),
            TableColumn("Status", TableColumnDocs.persistentVolumeStatusPhase),
            TableColumn("Claim", TableColumnDocs.persistentVolumeSpecClaimRef),
            TableColumn("StorageClass", "StorageClass of the pv"),
            TableColumn("VolumeAttributesClass", "VolumeAttributesClass of the pv"),
            TableColumn("Reason", TableColumnDocs.persistentVolumeStatusReason),
            .age,
            TableColumn("VolumeMode", priority: 1, TableColumnDocs.persistentVolumeSpecVolumeMode),
        ],
        render: { pv, context in
            let spec = pv["spec"]
            let claim = spec["claimRef"].isSet ? "\(spec["claimRef"]["namespace"].text)/\(spec["claimRef"]["name"].text)" : ""
            let phase = pv["metadata"]["deletionTimestamp"].isSet ? "Terminating" : pv["status"]["phase"]?.string ?? "Pending"
            return TableRowContent([
                .string(pv["metadata"]["name"].text), .string(storage(spec["capacity"])),
                .string(TableFormat.accessModes(spec["accessModes"])),
                .string(spec["persistentVolumeReclaimPolicy"]?.string ?? "Retain"), .string(phase), .string(claim),
                .string(storageClass(pv)), .string(spec["volumeAttributesClassName"]?.string ?? "<unset>"),
                .string(pv["status"]["reason"].text), .string(context.age(pv)),
                .string(spec["volumeMode"]?.string ?? "Filesystem"),
            ])
        }
    )

    /// core/v1 PersistentVolumeClaim: `printPersistentVolumeClaim`. Name, Status, Volume,
    /// Capacity and Access Modes (from status, once bound to a volume), StorageClass,
    /// VolumeAttributesClass, Age; wide: VolumeMode. Phase defaults to `Pending`, volume mode
    /// to `Filesystem`.
    static let persistentVolumeClaim = TablePrinter(
        columns: [
            .name,
            TableColumn("Status", TableColumnDocs.persistentVolumeClaimStatusPhase),
            TableColumn("Volume", TableColumnDocs.persistentVolumeClaimSpecVolumeName),
            TableColumn("Capacity", TableColumnDocs.persistentVolumeClaimStatusCapacity),
            TableColumn("Access Modes", TableColumnDocs.persistentVolumeClaimStatusAccessModes),
            TableColumn("StorageClass", "StorageClass of the pvc"),
            TableColumn("VolumeAttributesClass", "VolumeAttributesClass of the pvc"),
            .age,
            TableColumn("VolumeMode", priority: 1, TableColumnDocs.persistentVolumeClaimSpecVolumeMode),
        ],
        render: { pvc, context in
            let spec = pvc["spec"], status = pvc["status"]
            let phase = pvc["metadata"]["deletionTimestamp"].isSet ? "Terminating" : status["phase"]?.string ?? "Pending"
            let volume = spec["volumeName"].text
            let bound = !volume.isEmpty
            return TableRowContent([
                .string(pvc["metadata"]["name"].text), .string(phase), .string(volume),
                .string(bound ? storage(status["capacity"]) : ""),
                .string(bound ? TableFormat.accessModes(status["accessModes"]) : ""),
                .string(storageClass(pvc)), .string(spec["volumeAttributesClassName"]?.string ?? "<unset>"),
                .string(context.age(pvc)), .string(spec["volumeMode"]?.string ?? "Filesystem"),
            ])
        }
    )
}
