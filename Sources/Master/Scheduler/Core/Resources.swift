import Resources

/// Amounts of schedulable resources in their scheduler units (kube-scheduler's
/// `framework.Resource`): CPU in millicores, memory and ephemeral storage in bytes, extended
/// resources (`nvidia.com/gpu`, `hugepages-2Mi`) as integer values.
public struct ResourceAmounts: Sendable, Hashable {
    public var milliCPU: Int64 = 0
    public var memory: Int64 = 0
    public var ephemeralStorage: Int64 = 0
    /// Extended and huge-page resources, only those that are non-zero.
    public var scalar: [String: Int64] = [:]

    public init(milliCPU: Int64 = 0, memory: Int64 = 0, ephemeralStorage: Int64 = 0, scalar: [String: Int64] = [:]) {
        self.milliCPU = milliCPU
        self.memory = memory
        self.ephemeralStorage = ephemeralStorage
        self.scalar = scalar
    }

    public static let zero = ResourceAmounts()

    public var isZero: Bool { milliCPU == 0 && memory == 0 && ephemeralStorage == 0 && scalar.values.allSatisfy { $0 == 0 } }

    /// Reads a `ResourceList` (`{"cpu":"500m","memory":"1Gi"}`); unparsable quantities count as zero
    /// (validation rejects them before they reach the scheduler).
    public init(list json: JSON?) {
        guard let object = json?.object else { return }
        for (name, value) in object {
            guard let q = try? Quantity(json: value) else { continue }
            switch name {
            case "cpu": milliCPU = q.milliValue
            case "memory": memory = q.value
            case "ephemeral-storage": ephemeralStorage = q.value
            case "pods": continue
            default:
                if Self.isScalar(name), q.value != 0 { scalar[name] = q.value }
            }
        }
    }

    /// Extended resources (a domain outside kubernetes.io) and huge pages: what kube-scheduler's
    /// `IsScalarResourceName` accepts, save attachable volumes.
    static func isScalar(_ name: String) -> Bool {
        if name.hasPrefix("hugepages-") { return true }
        guard let slash = name.firstIndex(of: "/") else { return false }
        let domain = name[..<slash]
        if name.hasPrefix("requests.") { return false }
        return !(domain == "kubernetes.io" || domain.hasSuffix(".kubernetes.io"))
    }

    public static func + (a: ResourceAmounts, b: ResourceAmounts) -> ResourceAmounts {
        var r = a
        r += b
        return r
    }

    public static func += (a: inout ResourceAmounts, b: ResourceAmounts) {
        a.milliCPU += b.milliCPU
        a.memory += b.memory
        a.ephemeralStorage += b.ephemeralStorage
        for (k, v) in b.scalar { a.scalar[k, default: 0] += v }
    }

    public static func -= (a: inout ResourceAmounts, b: ResourceAmounts) {
        a.milliCPU -= b.milliCPU
        a.memory -= b.memory
        a.ephemeralStorage -= b.ephemeralStorage
        for (k, v) in b.scalar {
            let left = a.scalar[k, default: 0] - v
            a.scalar[k] = left == 0 ? nil : left
        }
    }

    /// The larger of each amount.
    public func maximum(_ other: ResourceAmounts) -> ResourceAmounts {
        var r = ResourceAmounts(milliCPU: max(milliCPU, other.milliCPU), memory: max(memory, other.memory),
                                ephemeralStorage: max(ephemeralStorage, other.ephemeralStorage), scalar: scalar)
        for (k, v) in other.scalar { r.scalar[k] = max(r.scalar[k, default: 0], v) }
        return r
    }
}

/// What kube-scheduler assumes a container without a request uses when scoring (never when
/// filtering): 100 millicores and 200 MiB (`DefaultMilliCPURequest`, `DefaultMemoryRequest`).
public enum NonZeroDefaults {
    public static let milliCPU: Int64 = 100
    public static let memory: Int64 = 200 * 1024 * 1024
}
