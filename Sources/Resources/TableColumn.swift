/// One `metav1.TableColumnDefinition`: a column of a Table as the server declares it.
///
/// `priority` 0 columns are what `kubectl get` prints; priority 1 columns appear only with
/// `-o wide`. The server always sends every column (it renders rows as if wide).
struct TableColumn: Sendable, Hashable {
    var name: String
    var type: String
    var format: String
    var description: String
    var priority: Int32

    init(_ name: String, type: String = "string", format: String = "", priority: Int32 = 0, _ description: String) {
        self.name = name
        self.type = type
        self.format = format
        self.description = description
        self.priority = priority
    }

    /// `{"name","type","format","description","priority"}`, in the field order Go writes them.
    var json: JSON {
        ["name": .string(name), "type": .string(type), "format": .string(format),
         "description": .string(description), "priority": .int(Int64(priority))]
    }

    /// The `Name` column every printer starts with.
    static let name = TableColumn("Name", format: "name", TableColumnDocs.objectMetaName)
    /// The `Age` column (from `metadata.creationTimestamp`).
    static let age = TableColumn("Age", TableColumnDocs.objectMetaCreationTimestamp)
    /// The wide `Containers` column of workload printers.
    static let containers = TableColumn("Containers", priority: 1, "Names of each container in the template.")
    /// The wide `Images` column of workload printers.
    static let images = TableColumn("Images", priority: 1, "Images referenced by each container in the template.")
}
