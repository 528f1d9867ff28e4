/// An API group, version and kind, as Kubernetes names the type of an object (`apps`, `v1`,
/// `Deployment`). The core group is the empty string.
public struct GroupVersionKind: Sendable, Hashable, CustomStringConvertible {
    /// The API group; `""` for the core group.
    public var group: String
    /// The version within the group, e.g. `v1`.
    public var version: String
    /// The kind, e.g. `Deployment`.
    public var kind: String

    public init(group: String, version: String, kind: String) {
        self.group = group
        self.version = version
        self.kind = kind
    }

    /// The `apiVersion` an object of this kind carries: `v1` for the core group, else `group/version`.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `{"group":…,"version":…,"kind":…}`, the `responseKind` of aggregated discovery.
    public var json: JSON { ["group": .string(group), "version": .string(version), "kind": .string(kind)] }

    public var description: String { "\(apiVersion), Kind=\(kind)" }

    /// `autoscaling/v1` `Scale`, the body of every `scale` subresource.
    public static let scale = GroupVersionKind(group: "autoscaling", version: "v1", kind: "Scale")
}
