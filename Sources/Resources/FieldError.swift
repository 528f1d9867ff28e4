/// One problem with one field of an object, as apimachinery's `field.Error`: the cause of a 422
/// `Invalid` reply. `field` is the JSON path the way Kubernetes prints it
/// (`spec.template.spec.containers[0].image`, `metadata.labels`).
public struct FieldError: Sendable, Hashable, CustomStringConvertible {
    /// The cause reasons of `metav1.StatusCause`, with apimachinery's spelling.
    public enum Kind: String, Sendable, Hashable {
        case required = "FieldValueRequired"
        case invalid = "FieldValueInvalid"
        case notSupported = "FieldValueNotSupported"
        case duplicate = "FieldValueDuplicate"
        case forbidden = "FieldValueForbidden"
        case tooLong = "FieldValueTooLong"
        case tooMany = "FieldValueTooMany"
        case typeInvalid = "FieldValueTypeInvalid"
        case notFound = "FieldValueNotFound"
    }

    public var kind: Kind
    public var field: String
    /// The offending value, printed in the message for the kinds that show it.
    public var value: JSON?
    public var detail: String
    /// The value as Kubernetes prints it, when JSON cannot say it the Go way
    /// (`map[string]string{"app":"web"}`, `v1.LabelSelector{…}`); replaces ``value`` in ``message``.
    public var renderedValue: String? = nil

    public init(_ kind: Kind, field: String, value: JSON? = nil, detail: String = "") {
        self.kind = kind
        self.field = field
        self.value = value
        self.detail = detail
    }

    public static func required(_ field: String, _ detail: String = "") -> FieldError {
        FieldError(.required, field: field, detail: detail)
    }
    public static func invalid(_ field: String, _ value: JSON, _ detail: String) -> FieldError {
        FieldError(.invalid, field: field, value: value, detail: detail)
    }
    public static func notSupported(_ field: String, _ value: JSON, supported: [String]) -> FieldError {
        FieldError(.notSupported, field: field, value: value,
                   detail: "supported values: " + supported.map { "\"\($0)\"" }.joined(separator: ", "))
    }
    public static func forbidden(_ field: String, _ detail: String) -> FieldError {
        FieldError(.forbidden, field: field, detail: detail)
    }
    public static func duplicate(_ field: String, _ value: JSON) -> FieldError {
        FieldError(.duplicate, field: field, value: value)
    }

    /// The message without the field, as apimachinery's `ErrorBody`: `Required value`,
    /// `Invalid value: "Web": a lowercase RFC 1123 subdomain must …`.
    public var message: String {
        var s: String
        switch kind {
        case .required: s = "Required value"
        case .forbidden: s = "Forbidden"
        case .tooLong: s = "Too long"
        case .tooMany: s = "Too many"
        case .notFound:
            s = "Not found"
            if let shown = renderedValue ?? value.map(Self.render) { s += ": " + shown }
        case .invalid, .notSupported, .duplicate, .typeInvalid:
            let label = switch kind {
            case .notSupported: "Unsupported value"
            case .duplicate: "Duplicate value"
            default: "Invalid value"
            }
            s = label + ": " + (renderedValue ?? Self.render(value ?? .null))
        }
        if !detail.isEmpty { s += ": " + detail }
        return s
    }

    /// `field: message`, one line of kubectl's "is invalid" report.
    public var description: String { field.isEmpty ? message : "\(field): \(message)" }

    /// Values as Go's `%#v`-ish rendering in apimachinery: strings quoted, numbers and
    /// booleans bare, composite values by kind.
    static func render(_ value: JSON) -> String {
        switch value {
        case .string: value.serialized()
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .bool(let b): String(b)
        case .null: "null"
        case .array: "[]"
        case .object: "{}"
        }
    }
}
