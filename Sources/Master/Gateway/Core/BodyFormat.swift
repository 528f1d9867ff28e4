import Resources

/// How a request body is written, from its `Content-Type`.
public enum BodyFormat: Sendable, Hashable {
    case json
    /// `application/yaml`, and `application/apply-patch+yaml`: parsed as JSON first (what
    /// kubectl sends), then as YAML.
    case yaml
    /// `application/vnd.kubernetes.protobuf`: Kubernetes' protobuf envelope (`k8s\0…`).
    case protobuf

    /// The media types accepted for create, update and delete bodies.
    public static let objectTypesSummary = "application/json, application/yaml, application/vnd.kubernetes.protobuf"
    /// The patch media types, in Kubernetes' order (`PatchTypes` in the 415 message).
    public static let patchTypes = [
        "application/json-patch+json", "application/merge-patch+json",
        "application/strategic-merge-patch+json", "application/apply-patch+yaml",
    ]

    /// The format of an object body (create, update, delete options). No Content-Type means
    /// JSON, as for the Kubernetes API server.
    /// - Throws: 415 for any other media type.
    public static func forObject(contentType: String?) throws(StatusError) -> BodyFormat {
        guard let contentType, !contentType.trimmed().isEmpty else { return .json }
        switch MediaRange(parsing: contentType)?.essence {
        case "application/json": return .json
        case "application/yaml": return .yaml
        case "application/vnd.kubernetes.protobuf": return .protobuf
        default:
            throw .unsupportedMediaType(
                "the body of the request was in an unknown format - accepted media types include: \(objectTypesSummary)")
        }
    }

    /// The patch type (as ``Client/APIRequest/patchType`` carries it) and the format of its body.
    /// - Throws: 415 unless the Content-Type is one of ``patchTypes``.
    public static func forPatch(contentType: String?) throws(StatusError) -> (patchType: String, format: BodyFormat) {
        let essence = contentType.flatMap { MediaRange(parsing: $0)?.essence } ?? ""
        guard patchTypes.contains(essence) else {
            throw .unsupportedMediaType(
                "the body of the request was in an unknown format - accepted media types include: "
                    + patchTypes.joined(separator: ", "))
        }
        return (essence, essence == "application/apply-patch+yaml" ? .yaml : .json)
    }
}
