/// The discovery documents kubectl and client libraries read before anything else, built from a
/// ``ResourceRegistry`` as ``JSON`` values in the shapes and member order Kubernetes 1.32 serves.
///
/// - Aggregated (``aggregated(_:root:version:)``): one `APIGroupDiscoveryList` for `/api` and
///   one for `/apis`, sent when the client's Accept asks for it.
/// - Legacy: ``apiVersions(_:serverAddressByClientCIDRs:)`` for `/api`, ``apiGroupList(_:)``
///   for `/apis`, ``apiResourceList(_:group:version:)`` for `/api/v1` and `/apis/<g>/<v>`.
public enum Discovery {
    /// Which discovery root a document is for.
    public enum Root: Sendable, Hashable {
        /// `/api`: the core group only.
        case api
        /// `/apis`: every named group.
        case apis
    }

    /// The groups (with their versions) a root lists, in registry order.
    static func groups(_ registry: ResourceRegistry, root: Root) -> [(group: String, versions: [String])] {
        registry.groupVersions.filter { root == .api ? $0.group.isEmpty : !$0.group.isEmpty }
    }

    /// `{"groupVersion":"apps/v1","version":"v1"}`.
    static func groupVersionJSON(group: String, version: String) -> JSON {
        ["groupVersion": .string(group.isEmpty ? version : "\(group)/\(version)"), "version": .string(version)]
    }

    /// A string array.
    static func strings(_ values: [String]) -> JSON { .array(values.map { .string($0) }) }
}
