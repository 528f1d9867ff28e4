/// One kind of object the API serves, with everything discovery publishes about it: where it
/// lives (group, version, plural), how kubectl may name it (singular, short names, categories),
/// whether it is namespaced, its verbs and its subresources.
public struct ResourceType: Sendable, Hashable {
    /// The API group; `""` for the core group.
    public var group: String
    /// The version within the group.
    public var version: String
    /// The kind of its objects, e.g. `Pod`.
    public var kind: String
    /// The lowercase plural used in URLs, e.g. `pods`.
    public var plural: String
    /// The lowercase singular, e.g. `pod`.
    public var singular: String
    /// True if objects live in a namespace; false for cluster-scoped types like `Node`.
    public var namespaced: Bool
    /// kubectl abbreviations, e.g. `po`.
    public var shortNames: [String]
    /// Categories, e.g. `all` for the types `kubectl get all` lists.
    public var categories: [String]
    /// The verbs, sorted as Kubernetes lists them.
    public var verbs: [String]
    /// The subresources, sorted by name.
    public var subresources: [SubresourceType]

    public init(
        group: String, version: String, kind: String, plural: String, singular: String,
        namespaced: Bool, shortNames: [String] = [], categories: [String] = [],
        verbs: [String] = ResourceType.standardVerbs, subresources: [SubresourceType] = []
    ) {
        self.group = group
        self.version = version
        self.kind = kind
        self.plural = plural
        self.singular = singular
        self.namespaced = namespaced
        self.shortNames = shortNames
        self.categories = categories
        self.verbs = verbs
        self.subresources = subresources.sorted { $0.name < $1.name }
    }

    /// The eight verbs of an ordinary read-write type.
    public static let standardVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]

    /// The group, version and kind of its objects.
    public var groupVersionKind: GroupVersionKind { GroupVersionKind(group: group, version: version, kind: kind) }

    /// `v1` for the core group, else `group/version`.
    public var groupVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// The subresource called `name`, if the type has one.
    public func subresource(_ name: String) -> SubresourceType? { subresources.first { $0.name == name } }

    /// `status` for this type's own kind.
    static func status(_ group: String, _ version: String, _ kind: String) -> SubresourceType {
        .status(of: GroupVersionKind(group: group, version: version, kind: kind))
    }
}
