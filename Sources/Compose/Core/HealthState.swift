/// A service's health, from its probes: pure counting, time as input.
///
/// `starting` until the first success; `healthy` from a success; `unhealthy` after `retries`
/// consecutive failures (failures within `startPeriod` of the start do not count). A ready-line
/// check has one "probe": the line.
public struct HealthState: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable, Codable {
        case starting, healthy, unhealthy
    }
    public private(set) var status: Status = .starting
    public private(set) var consecutiveFailures = 0
    let retries: Int
    let startPeriodEnds: ContinuousClock.Instant

    public init(retries: Int, startPeriod: Duration, startedAt: ContinuousClock.Instant) {
        self.retries = retries
        self.startPeriodEnds = startedAt + startPeriod
    }

    /// A probe answered (`ok`) or failed at `now`. Returns whether the status changed.
    @discardableResult
    public mutating func probed(ok: Bool, at now: ContinuousClock.Instant) -> Bool {
        let before = status
        if ok {
            consecutiveFailures = 0
            status = .healthy
        } else if now >= startPeriodEnds || status == .healthy {
            consecutiveFailures += 1
            if consecutiveFailures >= retries { status = .unhealthy }
        }
        return status != before
    }
}
