extension TablePrinter {
    /// core/v1 Namespace: `printNamespace`. Name, Status (the phase; the API server sets
    /// `Active` on create), Age.
    static let namespace = TablePrinter(
        columns: [.name, TableColumn("Status", "The status of the namespace"), .age],
        render: { ns, context in
            TableRowContent([
                .string(ns["metadata"]["name"].text), .string(ns["status"]["phase"]?.string ?? "Active"), .string(context.age(ns)),
            ])
        }
    )

    /// core/v1 ConfigMap: `printConfigMap`. Name, Data (keys in `data` plus `binaryData`), Age.
    static let configMap = TablePrinter(
        columns: [.name, TableColumn("Data", TableColumnDocs.configMapData), .age],
        render: { cm, context in
            TableRowContent([
                .string(cm["metadata"]["name"].text), .int(Int64(cm["data"].members.count + cm["binaryData"].members.count)),
                .string(context.age(cm)),
            ])
        }
    )

    /// core/v1 Secret: `printSecret`. Name, Type (defaulted to `Opaque`), Data (key count;
    /// `stringData` keys count too, as the API merges them into `data`), Age.
    static let secret = TablePrinter(
        columns: [.name, TableColumn("Type", TableColumnDocs.secretType), TableColumn("Data", TableColumnDocs.secretData), .age],
        render: { secret, context in
            let keys = Set(secret["data"].members.keys).union(secret["stringData"].members.keys)
            let type = secret["type"].text.isEmpty ? "Opaque" : secret["type"].text
            return TableRowContent([
                .string(secret["metadata"]["name"].text), .string(type), .int(Int64(keys.count)), .string(context.age(secret)),
            ])
        }
    )

    /// core/v1 Node: `printNode`. Name, Status (`Ready`, `NotReady`, `Unknown`, then
    /// `,SchedulingDisabled`), Roles, Age, Version; wide: Internal-IP, External-IP, OS-Image,
    /// Kernel-Version, Container-Runtime.
    static let node = TablePrinter(
        columns: [
            .name,
            TableColumn("Status", "The status of the node"),
            TableColumn("Roles", "The roles of the node"),
            .age,
            TableColumn("Version", TableColumnDocs.nodeSystemInfoKubeletVersion),
            TableColumn("Internal-IP", priority: 1, TableColumnDocs.nodeStatusAddresses),
            TableColumn("External-IP", priority: 1, TableColumnDocs.nodeStatusAddresses),
            TableColumn("OS-Image", priority: 1, TableColumnDocs.nodeSystemInfoOsImage),
            TableColumn("Kernel-Version", priority: 1, TableColumnDocs.nodeSystemInfoKernelVersion),
            TableColumn("Container-Runtime", priority: 1, TableColumnDocs.nodeSystemInfoContainerRuntimeVersion),
        ],
        render: { node, context in
            let status = node["status"], info = status["nodeInfo"]
            // A Go map keyed by type: the last Ready condition wins.
            var parts: [String] = []
            if let ready = status["conditions"].elements.last(where: { $0["type"]?.string == "Ready" }) {
                parts.append(ready["status"]?.string == "True" ? "Ready" : "NotReady")
            } else {
                parts.append("Unknown")
            }
            if node["spec"]["unschedulable"]?.bool == true { parts.append("SchedulingDisabled") }
            func address(_ type: String) -> String {
                status["addresses"].elements.first { $0["type"]?.string == type }?["address"].text ?? "<none>"
            }
            func orUnknown(_ s: String) -> String { s.isEmpty ? "<unknown>" : s }
            let roles = nodeRoles(node)
            return TableRowContent([
                .string(node["metadata"]["name"].text), .string(parts.joined(separator: ",")),
                .string(roles.isEmpty ? "<none>" : roles.joined(separator: ",")), .string(context.age(node)),
                .string(info["kubeletVersion"].text), .string(address("InternalIP")), .string(address("ExternalIP")),
                .string(orUnknown(info["osImage"].text)), .string(orUnknown(info["kernelVersion"].text)),
                .string(orUnknown(info["containerRuntimeVersion"].text)),
            ])
        }
    )

    /// `findNodeRoles`: the sorted, distinct roles named by `node-role.kubernetes.io/<role>`
    /// label keys and non-empty `kubernetes.io/role` label values.
    static func nodeRoles(_ node: JSON) -> [String] {
        var roles = Set<String>()
        let prefix = "node-role.kubernetes.io/"
        for (key, value) in node["metadata"]["labels"].members {
            if key.hasPrefix(prefix) {
                let role = String(key.dropFirst(prefix.count))
                if !role.isEmpty { roles.insert(role) }
            } else if key == "kubernetes.io/role", let v = value.string, !v.isEmpty {
                roles.insert(v)
            }
        }
        return roles.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
