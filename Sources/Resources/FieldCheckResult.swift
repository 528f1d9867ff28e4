/// What strict field checking found in one object: the fields its kind does not have, and the
/// values Go's decoder could not have put into their fields.
///
/// The API server answers in this order: a type error fails the request whatever the
/// `fieldValidation` level (400, ``decodeError()``); otherwise unknown fields fail it under
/// `Strict` (400, ``strictError()``), become ``warnings`` under `Warn`, and are dropped under
/// `Ignore`.
public struct FieldCheckResult: Sendable, Hashable {
    /// Paths of unknown fields in document order, as Kubernetes prints them:
    /// `spec.template.spec.containers[0].imagePullPolcy`, map keys after a dot.
    public var unknownFields: [String]
    /// One full message per mistyped value, in document order:
    /// `Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal
    /// string into Go struct field DeploymentSpec.spec.replicas of type int32`.
    public var typeErrors: [String]

    public init(unknownFields: [String] = [], typeErrors: [String] = []) {
        self.unknownFields = unknownFields
        self.typeErrors = typeErrors
    }

    /// True if nothing was found.
    public var isClean: Bool { unknownFields.isEmpty && typeErrors.isEmpty }

    /// `unknown field "spec.foo"`, one per unknown field: the `Warning` headers of
    /// `fieldValidation=Warn` (kubectl's default).
    public var warnings: [String] { unknownFields.map { "unknown field \"\($0)\"" } }

    /// The 400 of `fieldValidation=Strict`: `strict decoding error: unknown field "spec.foo",
    /// unknown field "spec.bar"`; `nil` if every field is known.
    public func strictError() -> StatusError? {
        guard !unknownFields.isEmpty else { return nil }
        return .badRequest("strict decoding error: " + warnings.joined(separator: ", "))
    }

    /// The 400 for the first mistyped value, as the API server reports only the first decode
    /// error; `nil` if every value has its field's type.
    public func decodeError() -> StatusError? {
        typeErrors.first.map { .badRequest($0) }
    }
}
