/// Which lists merge, and on which key, for strategic merge patch — the `patchStrategy` and
/// `patchMergeKey` struct tags of Kubernetes' built-in types, as a small path-pattern table
/// because the full OpenAPI schema is not available.
///
/// A list is identified by its *field path*: the field names from the object root, list indexes
/// left out (`spec.template.spec.containers.ports` is the ports of any container of a pod
/// template). Rules are tried in order; the first whose pattern matches wins. A pattern matches
/// by suffix unless it is `anchored` (then the whole path must be equal). Unknown lists are
/// replaced whole, like a JSON merge patch, which is also what Kubernetes does for lists
/// without a patch strategy (`args`, `command`, `tolerations`, `envFrom`, …).
public struct StrategicMergeSchema: Sendable {
    /// How a list field combines with a patch.
    public enum ListStrategy: Sendable, Equatable {
        /// The patch's list replaces the original.
        case replace
        /// Elements are objects merged pairwise on the value of this key.
        case mergeByKey(String)
        /// A list of scalars treated as a set: the union, ordered like merged keyed lists.
        case mergePrimitives
    }

    /// One row of the table.
    public struct Rule: Sendable, Equatable {
        public var pattern: [String]
        public var anchored: Bool
        public var strategy: ListStrategy

        public init(_ pattern: [String], anchored: Bool = false, _ strategy: ListStrategy) {
            self.pattern = pattern
            self.anchored = anchored
            self.strategy = strategy
        }

        func matches(_ path: [String]) -> Bool {
            if anchored { return path == pattern }
            return path.count >= pattern.count && Array(path.suffix(pattern.count)) == pattern
        }
    }

    public var rules: [Rule]

    public init(rules: [Rule]) { self.rules = rules }

    /// The strategy for the list at `path` (field names from the root).
    public func strategy(forListAt path: [String]) -> ListStrategy {
        rules.first { $0.matches(path) }?.strategy ?? .replace
    }

    /// The merge keys of core/v1, apps/v1, batch/v1 and meta/v1 that kubectl relies on.
    public static let builtIn = StrategicMergeSchema(rules: [
        // Service.spec.ports merges on port; container ports on containerPort; other `ports`
        // lists (EndpointSlice, Endpoints subsets) are atomic.
        Rule(["spec", "ports"], anchored: true, .mergeByKey("port")),
        Rule(["containers", "ports"], .mergeByKey("containerPort")),
        Rule(["initContainers", "ports"], .mergeByKey("containerPort")),
        Rule(["ephemeralContainers", "ports"], .mergeByKey("containerPort")),
        Rule(["ports"], .replace),
        // PodSpec
        Rule(["containers"], .mergeByKey("name")),
        Rule(["initContainers"], .mergeByKey("name")),
        Rule(["ephemeralContainers"], .mergeByKey("name")),
        Rule(["volumes"], .mergeByKey("name")),
        Rule(["imagePullSecrets"], .mergeByKey("name")),
        Rule(["hostAliases"], .mergeByKey("ip")),
        Rule(["topologySpreadConstraints"], .mergeByKey("topologyKey")),
        Rule(["resourceClaims"], .mergeByKey("name")),
        Rule(["schedulingGates"], .mergeByKey("name")),
        // Container
        Rule(["env"], .mergeByKey("name")),
        Rule(["volumeMounts"], .mergeByKey("mountPath")),
        Rule(["volumeDevices"], .mergeByKey("devicePath")),
        // Status of every kind: conditions merge on type; node addresses on type; pod IPs on ip.
        Rule(["conditions"], .mergeByKey("type")),
        Rule(["status", "addresses"], .mergeByKey("type")),
        Rule(["status", "podIPs"], .mergeByKey("ip")),
        Rule(["status", "hostIPs"], .mergeByKey("ip")),
        // ObjectMeta
        Rule(["metadata", "ownerReferences"], .mergeByKey("uid")),
        Rule(["metadata", "finalizers"], .mergePrimitives),
    ])
}
