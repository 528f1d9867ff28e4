import Resources

/// What a request path names, before the method is looked at.
public enum Route: Sendable, Hashable {
    /// `/version`.
    case version
    /// `/healthz`, `/livez`, `/readyz` and their sub-checks (`/readyz/ping`).
    case health(HealthEndpoint)
    /// `/api`: the core group's versions (aggregated discovery on request).
    case coreVersions
    /// `/apis`: the named groups (aggregated discovery on request).
    case groups
    /// `/apis/<group>`: one named group (`APIGroup`).
    case group(String)
    /// `/api/v1`, `/apis/<group>/<version>`: `APIResourceList`.
    case resourceList(group: String, version: String)
    /// `/openapi/v3`: the index of group-version documents.
    case openAPIIndex
    /// `/openapi/v3/api/v1`, `/openapi/v3/apis/<group>/<version>`.
    case openAPIDocument(group: String, version: String)
    /// A resource, object or subresource path.
    case resource(ResourcePath)
    /// Anything else (including `/openapi/v2`): 404.
    case notFound
}

/// The three health endpoints of a Kubernetes API server.
public enum HealthEndpoint: String, Sendable, Hashable {
    case healthz, livez, readyz
}

/// A path under `/api/v1` or `/apis/<group>/<version>` that names resources of one type.
public struct ResourcePath: Sendable, Hashable {
    public var type: ResourceType
    /// The namespace in the path; nil for cluster-scoped types and all-namespaces lists.
    public var namespace: String?
    /// The object's name; nil for a collection.
    public var name: String?
    public var subresource: SubresourceType?
    /// Reached through the legacy `/watch/` prefix.
    public var legacyWatch: Bool

    public init(type: ResourceType, namespace: String? = nil, name: String? = nil,
                subresource: SubresourceType? = nil, legacyWatch: Bool = false) {
        self.type = type
        self.namespace = namespace
        self.name = name
        self.subresource = subresource
        self.legacyWatch = legacyWatch
    }
}
