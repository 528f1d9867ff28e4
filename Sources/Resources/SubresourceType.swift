/// A subresource of a ``ResourceType`` (`status`, `scale`, `log`, `binding`): the path segment
/// after the object's name, the kind of object it answers with, and the verbs it accepts.
public struct SubresourceType: Sendable, Hashable {
    /// The path segment, e.g. `status`.
    public var name: String
    /// The kind the subresource reads and writes: the parent's kind for `status` and `log`,
    /// `autoscaling/v1` `Scale` for `scale`, `v1` `Binding` for `binding`.
    public var responseKind: GroupVersionKind
    /// The verbs, sorted as Kubernetes lists them.
    public var verbs: [String]

    public init(name: String, responseKind: GroupVersionKind, verbs: [String]) {
        self.name = name
        self.responseKind = responseKind
        self.verbs = verbs
    }

    /// `status`, answering with the parent's kind: get, patch, update.
    public static func status(of parent: GroupVersionKind) -> SubresourceType {
        SubresourceType(name: "status", responseKind: parent, verbs: ["get", "patch", "update"])
    }

    /// `scale`, answering with `autoscaling/v1` `Scale`: get, patch, update.
    public static let scale = SubresourceType(name: "scale", responseKind: .scale, verbs: ["get", "patch", "update"])
}
