import Resources

/// Where an object lives in the store: etcd's registry layout, `/registry/<plural>/<ns>/<name>`
/// for namespaced objects and `/registry/<plural>/<name>` for cluster-scoped ones. The plural
/// alone names the resource: it is unique among the kinds Skiff serves.
struct RegistryKey: Hashable, Sendable, Comparable {
    static let root = "/registry/"

    var resource: String
    var namespace: String?
    var name: String

    var path: String {
        if let namespace { return "\(Self.root)\(resource)/\(namespace)/\(name)" }
        return "\(Self.root)\(resource)/\(name)"
    }

    /// The prefix of all objects of a resource (in one namespace, if given).
    static func prefix(resource: String, namespace: String?) -> String {
        if let namespace { return "\(root)\(resource)/\(namespace)/" }
        return "\(root)\(resource)/"
    }

    /// Reads a store key back; nil for keys outside the registry layout.
    init?(parsing key: String) {
        guard key.hasPrefix(Self.root) else { return nil }
        let parts = key.dropFirst(Self.root.count).split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 2 where !parts[0].isEmpty && !parts[1].isEmpty:
            self.init(resource: String(parts[0]), namespace: nil, name: String(parts[1]))
        case 3 where !parts[0].isEmpty && !parts[1].isEmpty && !parts[2].isEmpty:
            self.init(resource: String(parts[0]), namespace: String(parts[1]), name: String(parts[2]))
        default:
            return nil
        }
    }

    init(resource: String, namespace: String?, name: String) {
        self.resource = resource
        self.namespace = namespace
        self.name = name
    }

    /// Namespace, then name: the order lists come in.
    static func < (a: RegistryKey, b: RegistryKey) -> Bool {
        (a.namespace ?? "", a.name) < (b.namespace ?? "", b.name)
    }
}
