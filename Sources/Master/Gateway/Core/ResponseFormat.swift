import Resources

/// What a client asked to receive for an API read, from its `Accept` header.
///
/// Every body is JSON (`Content-Type: application/json`): a client asking for YAML gets JSON,
/// which is valid YAML; a client asking for protobuf gets JSON, which kubectl and client-go
/// accept (they decode by the response's Content-Type).
public enum ResponseFormat: Sendable, Hashable {
    /// The object, list or watch events as they are.
    case object
    /// `meta.k8s.io` Table (`as=Table`), in the negotiated version (`v1` or `v1beta1`).
    case table(version: String)

    /// The `apiVersion` of the Table kind, for ``table(version:)``.
    public var tableAPIVersion: String? {
        if case .table(let v) = self { "meta.k8s.io/\(v)" } else { nil }
    }

    /// The media types an API read can be answered in, as Kubernetes lists them in a 406.
    public static let acceptedSummary = "application/json, application/yaml, application/vnd.kubernetes.protobuf"

    /// Picks the first range of `accept` that the gateway can serve, in the client's order.
    /// A missing or empty header means JSON.
    ///
    /// - Parameter tableAllowed: whether a Table may be returned (only GET of objects and lists
    ///   and watches; never for writes or subresources).
    /// - Throws: 406 NotAcceptable when nothing in `accept` can be served.
    public static func negotiate(accept: String?, tableAllowed: Bool) throws(StatusError) -> ResponseFormat {
        guard let accept, !accept.trimmed().isEmpty else { return .object }
        for range in MediaRange.list(accept) {
            let anyJSONish: Bool = switch (range.type, range.subtype) {
            case ("*", "*"), ("application", "*"), ("application", "json"), ("application", "yaml"),
                 ("application", "vnd.kubernetes.protobuf"), ("application", "json-seq"):
                true
            default:
                false
            }
            guard anyJSONish else { continue }
            if let kind = range.parameters["as"] {
                guard tableAllowed, kind == "Table", range.parameters["g"] == "meta.k8s.io",
                      let v = range.parameters["v"], v == "v1" || v == "v1beta1" else { continue }
                return .table(version: v)
            }
            return .object
        }
        throw .notAcceptable("only the following media types are accepted: \(acceptedSummary)")
    }
}
