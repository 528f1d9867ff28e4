import Resources

/// A node's taint: `key=value:Effect`.
public struct Taint: Sendable, Hashable {
    public enum Effect: String, Sendable, Hashable {
        case noSchedule = "NoSchedule", preferNoSchedule = "PreferNoSchedule", noExecute = "NoExecute"
    }
    public var key: String
    public var value: String
    public var effect: Effect

    public init(key: String, value: String = "", effect: Effect) {
        self.key = key
        self.value = value
        self.effect = effect
    }

    init?(json: JSON) {
        guard let key = json["key"]?.string, let effect = json["effect"]?.string.flatMap(Effect.init(rawValue:)) else { return nil }
        self.init(key: key, value: json["value"]?.string ?? "", effect: effect)
    }

    /// The taints the node lifecycle controller puts on a node that is not Ready
    /// (`TaintNodesByCondition`): Skiff has no such controller yet, so the scheduler derives them.
    public static let notReady = Taint(key: "node.kubernetes.io/not-ready", effect: .noSchedule)
    public static let unreachable = Taint(key: "node.kubernetes.io/unreachable", effect: .noSchedule)
    /// What `spec.unschedulable` stands for.
    public static let unschedulable = Taint(key: "node.kubernetes.io/unschedulable", effect: .noSchedule)
}

/// A pod's toleration, matched as `v1.Toleration.ToleratesTaint` does.
public struct Toleration: Sendable, Hashable {
    public var key: String
    /// `Equal` (also when empty) or `Exists`.
    public var `operator`: String
    public var value: String
    /// Empty: every effect.
    public var effect: String

    public init(key: String = "", operator op: String = "Equal", value: String = "", effect: String = "") {
        self.key = key
        self.operator = op
        self.value = value
        self.effect = effect
    }

    init(json: JSON) {
        self.init(key: json["key"]?.string ?? "", operator: json["operator"]?.string ?? "", value: json["value"]?.string ?? "",
                  effect: json["effect"]?.string ?? "")
    }

    public func tolerates(_ taint: Taint) -> Bool {
        if !effect.isEmpty && effect != taint.effect.rawValue { return false }
        if !key.isEmpty && key != taint.key { return false }
        switch `operator` {
        case "", "Equal": return value == taint.value
        case "Exists": return true
        default: return false
        }
    }
}

extension Array where Element == Toleration {
    public func tolerate(_ taint: Taint) -> Bool { contains { $0.tolerates(taint) } }
}
