/// Turns cumulative readings into rates: each call compares the node and every container with
/// the previous call's reading of the same container id. Pure; time is an input.
///
/// Guarantees: a rate is given only over a whole window — a container first seen, or whose
/// CPU counter went backwards (restarted in place, or processes left its tree), gets none until
/// the next reading; containers not read this time are forgotten.
public struct UsageTracker: Sendable {
    struct Previous: Sendable {
        var cpuNanoseconds: UInt64
        var at: SampleTime
    }

    private var node: Previous?
    private var containers: [String: Previous] = [:]

    public init() {}

    /// One container's figures over the window.
    public struct ContainerUsage: Sendable, Equatable {
        public var reading: ContainerReading
        /// CPU cores used on average over the window, in billionths; nil without a whole window.
        public var cpuNanoCores: Int64?
    }

    public struct Sample: Sendable, Equatable {
        public var time: SampleTime
        /// Nanoseconds since the previous reading; nil on the first.
        public var windowNanoseconds: Int64?
        public var node: NodeReading
        public var nodeCPUNanoCores: Int64?
        public var containers: [ContainerUsage]
    }

    public mutating func read(node reading: NodeReading, containers readings: [ContainerReading], at time: SampleTime) -> Sample {
        let window = node.map { time.monotonicNanoseconds - $0.at.monotonicNanoseconds }
        let nodeRate = node.flatMap { Self.rate(from: $0, to: reading.cpuNanoseconds, at: time) }
        node = Previous(cpuNanoseconds: reading.cpuNanoseconds, at: time)
        var next: [String: Previous] = [:]
        var usages: [ContainerUsage] = []
        for c in readings {
            let rate = containers[c.identity.id].flatMap { Self.rate(from: $0, to: c.cpuNanoseconds, at: time) }
            next[c.identity.id] = Previous(cpuNanoseconds: c.cpuNanoseconds, at: time)
            usages.append(ContainerUsage(reading: c, cpuNanoCores: rate))
        }
        containers = next
        return Sample(time: time, windowNanoseconds: window, node: reading, nodeCPUNanoCores: nodeRate, containers: usages)
    }

    /// Nanocores between two cumulative readings; nil when time did not advance or the counter
    /// went backwards.
    static func rate(from previous: Previous, to cpu: UInt64, at time: SampleTime) -> Int64? {
        let elapsed = time.monotonicNanoseconds - previous.at.monotonicNanoseconds
        guard elapsed > 0, cpu >= previous.cpuNanoseconds else { return nil }
        let used = Double(cpu - previous.cpuNanoseconds)
        return Int64((used * 1e9 / Double(elapsed)).rounded())
    }
}
