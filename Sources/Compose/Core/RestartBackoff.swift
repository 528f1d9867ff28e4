/// The wait before a crashed service is started again: 1 s, doubling to 30 s, back to 1 s once
/// the service had stayed up for 60 s. Pure: the caller says how long the process ran.
public struct RestartBackoff: Sendable, Equatable {
    public var initial: Duration = .seconds(1)
    public var maximum: Duration = .seconds(30)
    public var resetAfter: Duration = .seconds(60)
    /// The wait the next crash gets.
    public private(set) var next: Duration

    public init(initial: Duration = .seconds(1), maximum: Duration = .seconds(30), resetAfter: Duration = .seconds(60)) {
        self.initial = initial
        self.maximum = maximum
        self.resetAfter = resetAfter
        next = initial
    }

    /// A process that ran for `uptime` ended; returns how long to wait before starting it again.
    public mutating func delay(afterRunningFor uptime: Duration) -> Duration {
        if uptime >= resetAfter { next = initial }
        let delay = next
        next = min(next * 2, maximum)
        return delay
    }
}
