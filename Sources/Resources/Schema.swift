/// The shape of one field's value in a built-in kind, as the Go types of k8s.io/api v1.32 declare
/// it: enough to tell a known field from an unknown one and a well-typed value from a mistyped
/// one, the way the API server's strict JSON decoder does.
///
/// Guarantees:
/// - Every field of the Go types reachable from the 20 built-in kinds is described, embedded
///   (`json:",inline"`) structs flattened into their parent as Go's decoder sees them.
/// - ``goType`` is the type exactly as Go's `reflect.Type.String()` prints it in decode errors
///   (`int32`, `v1.RestartPolicy`, `[]v1.Container`, `map[string]string`), so messages built from
///   it match the API server's.
/// - Schemas are immutable values; the built-in ones are shared statics (see ``Schema/kind(_:)``).
public struct Schema: Sendable {
    /// What values a field accepts. `null` is accepted by every shape, as Go's decoder accepts it.
    public indirect enum Shape: Sendable {
        /// A JSON string.
        case string
        /// A JSON integer that fits the Go integer type (`int32`, `int64` or `int`).
        case integer(bits: Int)
        case bool
        /// Any JSON number (`float64`).
        case number
        /// `intstr.IntOrString`: a string or an `int32`.
        case intOrString
        /// `resource.Quantity`: a string or number that parses as a quantity.
        case quantity
        /// `[]byte`: a base64 string.
        case bytes
        /// `metav1.Time` / `metav1.MicroTime`: a string.
        case time
        /// Free-form: any JSON value, nothing below it is checked (`runtime.RawExtension`).
        case any
        /// A JSON object whose values all have one shape; keys are free.
        case map(Schema)
        /// A JSON array whose elements all have one shape.
        case array(Schema)
        /// A Go struct: a JSON object with these named fields and no others.
        case object(name: String, fields: [String: Schema])
    }

    public let shape: Shape
    /// The Go type as decode errors print it.
    public let goType: String

    public init(_ shape: Shape, goType: String) {
        self.shape = shape
        self.goType = goType
    }

    /// The schema of the field `name`, if this is a struct that has one.
    public func field(_ name: String) -> Schema? {
        if case .object(_, let fields) = shape { return fields[name] }
        return nil
    }

    /// The Go struct name (`DeploymentSpec`), if this is a struct.
    public var structName: String? {
        if case .object(let name, _) = shape { return name }
        return nil
    }
}

// MARK: - The DSL the built-in schemas are written in

extension Schema {
    static let string = Schema(.string, goType: "string")
    /// A named string type (`type RestartPolicy string`), as `v1.RestartPolicy` in errors.
    static func string(_ goName: String) -> Schema {
        Schema(.string, goType: goName.contains(".") ? goName : "v1." + goName)
    }
    static let int32 = Schema(.integer(bits: 32), goType: "int32")
    static let int64 = Schema(.integer(bits: 64), goType: "int64")
    static let int = Schema(.integer(bits: 64), goType: "int")
    static let bool = Schema(.bool, goType: "bool")
    static let number = Schema(.number, goType: "float64")
    static let intOrString = Schema(.intOrString, goType: "intstr.IntOrString")
    static let quantity = Schema(.quantity, goType: "resource.Quantity")
    static let bytes = Schema(.bytes, goType: "[]uint8")
    static let time = Schema(.time, goType: "v1.Time")
    static let microTime = Schema(.time, goType: "v1.MicroTime")
    static let any = Schema(.any, goType: "runtime.RawExtension")

    static func map(_ value: Schema) -> Schema { Schema(.map(value), goType: "map[string]" + value.goType) }
    static func array(_ element: Schema) -> Schema { Schema(.array(element), goType: "[]" + element.goType) }
    /// A struct of package `v1` (every API package here is a `v1`).
    static func object(_ name: String, _ fields: [String: Schema]) -> Schema {
        Schema(.object(name: name, fields: fields), goType: "v1." + name)
    }
    /// `apiVersion` and `kind` (an inline `metav1.TypeMeta`) plus `metadata` and `fields`: a
    /// top-level kind.
    static func kind(_ name: String, _ fields: [String: Schema]) -> Schema {
        var all = fields
        all["apiVersion"] = .string
        all["kind"] = .string
        all["metadata"] = .objectMeta
        return object(name, all)
    }
}

extension Schema {
    /// The schema of a built-in kind's objects, or `nil` for a kind without one (e.g. metrics).
    public static func kind(_ type: ResourceType) -> Schema? {
        byKind[type.groupVersionKind]
    }

    static let byKind: [GroupVersionKind: Schema] = {
        let all: [(String, String, Schema)] = [
            ("", "Pod", .pod), ("", "Node", .node), ("", "Namespace", .namespace), ("", "Service", .service),
            ("", "Endpoints", .endpoints), ("", "Event", .event), ("", "ConfigMap", .configMap),
            ("", "Secret", .secret), ("", "PersistentVolume", .persistentVolume),
            ("", "PersistentVolumeClaim", .persistentVolumeClaim),
            ("", "ReplicationController", .replicationController),
            ("apps", "Deployment", .deployment), ("apps", "ReplicaSet", .replicaSet),
            ("apps", "DaemonSet", .daemonSet), ("apps", "StatefulSet", .statefulSet),
            ("apps", "ControllerRevision", .controllerRevision),
            ("batch", "Job", .job), ("batch", "CronJob", .cronJob),
            ("coordination.k8s.io", "Lease", .lease), ("discovery.k8s.io", "EndpointSlice", .endpointSlice),
        ]
        var table: [GroupVersionKind: Schema] = [:]
        for (group, kind, schema) in all {
            table[GroupVersionKind(group: group, version: "v1", kind: kind)] = schema
        }
        return table
    }()
}
