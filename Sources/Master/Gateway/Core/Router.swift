import Resources

/// Maps request paths to ``Route``s against a ``ResourceRegistry``: pure, no I/O.
///
/// Resource paths, for a group-version prefix `P` (`/api/v1`, `/apis/apps/v1`):
/// - `P/namespaces/<ns>/<plural>[/<name>[/<sub>]]` for namespaced types;
/// - `P/<plural>[/<name>[/<sub>]]` for cluster-scoped types, and `P/<plural>` for a namespaced
///   type's list across all namespaces;
/// - `P/namespaces/<name>[/<sub>]` for a Namespace itself (a plural wins over a subresource name);
/// - `P/watch/…` for each of the above, without subresources (legacy watch).
public struct Router: Sendable {
    public let registry: ResourceRegistry

    public init(registry: ResourceRegistry) { self.registry = registry }

    public func route(_ segments: [String]) -> Route {
        guard let first = segments.first else { return .notFound }
        switch first {
        case "version" where segments.count == 1: return .version
        case "healthz", "livez", "readyz": return .health(HealthEndpoint(rawValue: first)!)
        case "api":
            if segments.count == 1 { return .coreVersions }
            return apiPath(group: "", version: segments[1], rest: segments[2...])
        case "apis":
            if segments.count == 1 { return .groups }
            let group = segments[1]
            guard registry.groupVersions.contains(where: { $0.group == group && !group.isEmpty }) else { return .notFound }
            if segments.count == 2 { return .group(group) }
            return apiPath(group: group, version: segments[2], rest: segments[3...])
        case "openapi":
            return openAPI(segments)
        default:
            return .notFound
        }
    }

    private func openAPI(_ segments: [String]) -> Route {
        guard segments.count >= 2, segments[1] == "v3" else { return .notFound }
        let rest = Array(segments.dropFirst(2))
        switch rest.count {
        case 0: return .openAPIIndex
        case 2 where rest[0] == "api" && hasGroupVersion("", rest[1]):
            return .openAPIDocument(group: "", version: rest[1])
        case 3 where rest[0] == "apis" && !rest[1].isEmpty && hasGroupVersion(rest[1], rest[2]):
            return .openAPIDocument(group: rest[1], version: rest[2])
        default: return .notFound
        }
    }

    private func hasGroupVersion(_ group: String, _ version: String) -> Bool {
        registry.groupVersions.contains { $0.group == group && $0.versions.contains(version) }
    }

    private func apiPath(group: String, version: String, rest: ArraySlice<String>) -> Route {
        guard hasGroupVersion(group, version) else { return .notFound }
        if rest.isEmpty { return .resourceList(group: group, version: version) }
        var rest = rest
        var legacyWatch = false
        if rest.first == "watch" {
            legacyWatch = true
            rest = rest.dropFirst()
        }
        guard let path = resourcePath(group: group, version: version, Array(rest)) else { return .notFound }
        if legacyWatch {
            guard path.subresource == nil else { return .notFound }
            var watched = path
            watched.legacyWatch = true
            return .resource(watched)
        }
        return .resource(path)
    }

    private func resourcePath(group: String, version: String, _ s: [String]) -> ResourcePath? {
        guard !s.isEmpty, !s.contains("") else { return nil }
        func type(_ plural: String) -> ResourceType? { registry.resource(group: group, version: version, plural: plural) }
        // namespaces/<ns>/<plural>/… (a namespaced type inside a namespace)
        if s.count >= 3, s[0] == "namespaces", let t = type(s[2]), t.namespaced {
            return object(t, namespace: s[1], s.dropFirst(3))
        }
        guard let t = type(s[0]) else { return nil }
        if t.namespaced {
            // All-namespaces collection only.
            return s.count == 1 ? ResourcePath(type: t) : nil
        }
        return object(t, namespace: nil, s.dropFirst())
    }

    /// `[<name>[/<sub>]]` after the type.
    private func object(_ t: ResourceType, namespace: String?, _ rest: ArraySlice<String>) -> ResourcePath? {
        switch rest.count {
        case 0: return ResourcePath(type: t, namespace: namespace)
        case 1: return ResourcePath(type: t, namespace: namespace, name: rest.first)
        case 2:
            guard let sub = t.subresource(rest[rest.startIndex + 1]) else { return nil }
            return ResourcePath(type: t, namespace: namespace, name: rest.first, subresource: sub)
        default: return nil
        }
    }
}
