/// The field tables that turn Kubernetes protobuf messages into their JSON form: for each message
/// (named as in k8s.io/api's `generated.proto`, which are the Go type names), which field number
/// becomes which JSON member.
///
/// Written from `generated.proto` of k8s.io/api v0.32 (`core/v1`, `apps/v1`, `batch/v1`) and
/// k8s.io/apimachinery v0.32 (`meta/v1`), with the JSON names and `omitempty` of the matching
/// Go structs. Field numbers never change in Kubernetes (they are part of the wire contract), so
/// tables from 1.32 read bodies from older and newer clients alike; fields added later are
/// skipped as unknown.
enum ProtobufSchema {
    /// Every message the decoder knows, by name.
    static let messages: [String: ProtobufMessage] = {
        var all: [String: ProtobufMessage] = [:]
        for table in [meta, coreObjects, podSpec, container, volumes, apps, batch] {
            all.merge(table) { _, _ in preconditionFailure("a message is defined twice") }
        }
        return all
    }()
}

/// One message's fields by number. Numbers missing from the table are skipped when decoding.
struct ProtobufMessage: Sendable, ExpressibleByDictionaryLiteral {
    let fields: [Int: ProtobufField]

    init(dictionaryLiteral elements: (Int, ProtobufField)...) {
        fields = Dictionary(elements) { _, _ in preconditionFailure("a field number is used twice") }
    }
}

/// What a field's payload is, and so how it is read and written as JSON.
indirect enum ProtobufValueType: Sendable, Equatable {
    case string
    /// Bytes, written as standard base64 (as Go's `encoding/json` writes `[]byte`).
    case bytes
    case bool
    case int32
    case int64
    /// `metav1.Time`: an RFC 3339 string in UTC, whole seconds; `null` for the zero time.
    case time
    /// `resource.Quantity`: its string, validated.
    case quantity
    /// `intstr.IntOrString`: a JSON number or string.
    case intOrString
    /// A nested message, by name in ``ProtobufSchema/messages``.
    case message(String)
    /// `map<string, V>`: a JSON object.
    case map(ProtobufValueType)

    /// Scalars are written as JSON values directly; every other type is a nested message on
    /// the wire.
    var isScalar: Bool {
        switch self {
        case .string, .bytes, .bool, .int32, .int64: true
        case .time, .quantity, .intOrString, .message, .map: false
        }
    }
}

/// How one protobuf field becomes JSON.
struct ProtobufField: Sendable {
    enum Shape: Sendable, Equatable {
        /// One value. A scalar equal to its zero value is left out (Go's `omitempty`) unless
        /// `keepsZero`, which marks Go pointers (`*int32`, `*bool`) and fields without
        /// `omitempty`: gogo-protobuf writes those whenever they are set, zero or not.
        case single(keepsZero: Bool)
        /// A JSON array, one element per occurrence (packed scalars are accepted too).
        case repeated
        /// An embedded Go struct with `json:",inline"`: its members go into the parent object.
        case inline
    }

    /// The JSON member name; empty for `inline`.
    let name: String
    let type: ProtobufValueType
    let shape: Shape

    /// An optional value, written unless it is a zero scalar (or `keepsZero`).
    static func one(_ name: String, _ type: ProtobufValueType, keepsZero: Bool = false) -> ProtobufField {
        ProtobufField(name: name, type: type, shape: .single(keepsZero: keepsZero))
    }

    /// A repeated value: a JSON array.
    static func many(_ name: String, _ type: ProtobufValueType) -> ProtobufField {
        ProtobufField(name: name, type: type, shape: .repeated)
    }

    /// An embedded struct whose members are written into the parent object.
    static func inline(_ message: String) -> ProtobufField {
        ProtobufField(name: "", type: .message(message), shape: .inline)
    }
}
