/// The resource types an API server serves, in discovery order, with the lookups the API
/// server (by URL: group, version, plural) and kubectl-style clients (by any name a user
/// types: `po`, `pods`, `pod`, `Pod`, `deployments.apps`, `deploy.v1.apps`) need.
///
/// Order matters: when a name matches types in several groups (`pods` in core and in
/// `metrics.k8s.io`), the earlier type wins, as kubectl prefers the earlier group in discovery.
public struct ResourceRegistry: Sendable {
    /// All types, in discovery order.
    public let types: [ResourceType]

    public init(_ types: [ResourceType]) { self.types = types }

    /// The kinds Skiff serves (issue 4): core/v1, apps/v1, batch/v1, coordination.k8s.io/v1,
    /// discovery.k8s.io/v1.
    public static let builtIn = ResourceRegistry(ResourceType.builtIn)

    /// ``builtIn``, followed by `metrics.k8s.io/v1beta1` `pods` and `nodes` when `includingMetrics`.
    public static func builtIn(includingMetrics: Bool) -> ResourceRegistry {
        includingMetrics ? ResourceRegistry(ResourceType.builtIn + ResourceType.metrics) : builtIn
    }

    /// The groups in order of first appearance, each with its versions in order of first
    /// appearance. The core group is `""`.
    public var groupVersions: [(group: String, versions: [String])] {
        var result: [(group: String, versions: [String])] = []
        for t in types {
            if let i = result.firstIndex(where: { $0.group == t.group }) {
                if !result[i].versions.contains(t.version) { result[i].versions.append(t.version) }
            } else {
                result.append((t.group, [t.version]))
            }
        }
        return result
    }

    /// The types of one group-version, in registry order.
    public func types(group: String, version: String) -> [ResourceType] {
        types.filter { $0.group == group && $0.version == version }
    }

    /// The type served at `/…/<group>/<version>/<plural>` (exact, case-sensitive, as in URLs).
    public func resource(group: String, version: String, plural: String) -> ResourceType? {
        types.first { $0.group == group && $0.version == version && $0.plural == plural }
    }

    /// The type of objects with this `apiVersion` and `kind` (exact, as in a manifest).
    public func resource(apiVersion: String, kind: String) -> ResourceType? {
        types.first { $0.groupVersion == apiVersion && $0.kind == kind }
    }

    /// The type of this group, version and kind.
    public func resource(for gvk: GroupVersionKind) -> ResourceType? {
        types.first { $0.group == gvk.group && $0.version == gvk.version && $0.kind == gvk.kind }
    }

    /// Resolves a name as kubectl does for `kubectl get NAME`: case-insensitive short name,
    /// plural, singular or kind, optionally qualified as `name.group` or `name.version.group`
    /// (`deployments.apps`, `deploy.v1.apps`, `pods.metrics.k8s.io`). Unqualified names match
    /// in every group, the earlier type winning.
    public func resolve(_ name: String) -> ResourceType? {
        let lower = name.lowercased()
        guard !lower.isEmpty else { return nil }
        if let t = match(lower, in: types) { return t }
        let parts = lower.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        let base = String(parts[0]), qualifier = String(parts[1])
        // `name.version.group`, the fully specified form, first (as kubectl's ParseResourceArg).
        let q = qualifier.split(separator: ".", maxSplits: 1)
        if q.count == 2 {
            let version = String(q[0]), group = String(q[1])
            if let t = match(base, in: types.filter { $0.group == group && $0.version.lowercased() == version }) {
                return t
            }
        }
        return match(base, in: types.filter { $0.group == qualifier })
    }

    /// Every type in the category, e.g. `all` for `kubectl get all`, in registry order.
    public func category(_ name: String) -> [ResourceType] {
        types.filter { $0.categories.contains(name.lowercased()) }
    }

    /// Short names first (kubectl expands them before anything else), then plural, singular, kind.
    private func match(_ lower: String, in candidates: [ResourceType]) -> ResourceType? {
        candidates.first { $0.shortNames.contains(lower) }
            ?? candidates.first { $0.plural == lower }
            ?? candidates.first { $0.singular == lower }
            ?? candidates.first { $0.kind.lowercased() == lower }
    }
}
