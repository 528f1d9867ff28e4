import Resources

/// maxSurge and maxUnavailable as numbers of pods (`deploymentutil.ResolveFenceposts`):
/// percentages of `replicas`, surge rounded up and unavailable down; both 0 makes unavailable 1.
public struct RollingParameters: Sendable, Equatable {
    public var maxSurge: Int
    public var maxUnavailable: Int

    public init(maxSurge: Int, maxUnavailable: Int) {
        self.maxSurge = maxSurge
        self.maxUnavailable = maxUnavailable
    }

    /// From a `rollingUpdate` object (`{maxSurge, maxUnavailable}`, defaults 25%).
    public init(_ rollingUpdate: JSON?, replicas: Int) {
        let surge = Self.scaled(rollingUpdate?["maxSurge"], of: replicas, roundUp: true, default: "25%")
        let unavailable = Self.scaled(rollingUpdate?["maxUnavailable"], of: replicas, roundUp: false, default: "25%")
        if surge == 0 && unavailable == 0 {
            self.init(maxSurge: 0, maxUnavailable: 1)
        } else {
            self.init(maxSurge: surge, maxUnavailable: unavailable)
        }
    }

    /// `intstr.GetScaledValueFromIntOrPercent`.
    public static func scaled(_ value: JSON?, of total: Int, roundUp: Bool, default d: String) -> Int {
        let v = (value == nil || value?.isNull == true) ? JSON.string(d) : value!
        if let i = v.int { return Int(i) }
        guard let s = v.string else { return 0 }
        guard s.hasSuffix("%"), let p = Int(s.dropLast()) else { return Int(s) ?? 0 }
        let product = p * total
        return roundUp ? (product + 99) / 100 : product / 100
    }
}
