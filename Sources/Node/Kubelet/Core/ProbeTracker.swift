/// The results of one container's probes (the kubelet's prober workers, as a value): when each
/// probe is due, and what its thresholds make of the results so far. One tracker per container
/// instance (container ID); a restarted container gets a fresh one.
public struct ProbeTracker: Sendable, Equatable {
    public struct State: Sendable, Equatable {
        /// The current result: nil before a threshold was reached (readiness then counts as
        /// not ready, liveness and startup as not failed).
        public var result: Bool?
        public var successes: Int64 = 0
        public var failures: Int64 = 0
        public var nextDue: Int64
        public var inFlight = false
    }

    public private(set) var states: [ProbeSpec.Kind: State] = [:]
    let startedAt: Int64

    public init(startedAt: Int64) { self.startedAt = startedAt }

    /// Whether the startup probe (if any) has succeeded; liveness and readiness wait for it.
    public func started(_ c: ContainerModel) -> Bool {
        c.startupProbe == nil || states[.startup]?.result == true
    }

    /// Readiness: the readiness probe's result once started (true when there is none).
    public func ready(_ c: ContainerModel) -> Bool {
        guard started(c) else { return false }
        return c.readinessProbe == nil || states[.readiness]?.result == true
    }

    /// The probe that failed past its threshold and demands a restart, if any.
    public func failedRestartProbe(_ c: ContainerModel) -> ProbeSpec.Kind? {
        if c.startupProbe != nil, states[.startup]?.result == false { return .startup }
        if started(c), c.livenessProbe != nil, states[.liveness]?.result == false { return .liveness }
        return nil
    }

    func spec(_ kind: ProbeSpec.Kind, _ c: ContainerModel) -> ProbeSpec? {
        switch kind {
        case .liveness: c.livenessProbe
        case .readiness: c.readinessProbe
        case .startup: c.startupProbe
        }
    }

    /// The probes due at `now` (marked in flight), and when the next one falls due.
    public mutating func due(_ c: ContainerModel, now: Int64) -> (run: [ProbeSpec.Kind], wakeAt: Int64?) {
        var run: [ProbeSpec.Kind] = []
        var wake: Int64?
        let kinds: [ProbeSpec.Kind] = started(c) ? [.liveness, .readiness] : [.startup]
        for kind in kinds {
            guard let spec = spec(kind, c) else { continue }
            var s = states[kind] ?? State(nextDue: startedAt + spec.initialDelaySeconds * KubeletTime.second)
            if kind == .startup && s.result == true { continue }
            if !s.inFlight {
                if s.nextDue <= now {
                    s.inFlight = true
                    run.append(kind)
                } else {
                    wake = min(wake ?? s.nextDue, s.nextDue)
                }
            }
            states[kind] = s
        }
        return (run, wake)
    }

    /// Records a result; returns whether the probe's result changed.
    @discardableResult
    public mutating func record(_ kind: ProbeSpec.Kind, success: Bool, _ c: ContainerModel, now: Int64) -> Bool {
        guard let spec = spec(kind, c) else { return false }
        var s = states[kind] ?? State(nextDue: now)
        s.inFlight = false
        s.nextDue = now + spec.periodSeconds * KubeletTime.second
        let before = s.result
        if success {
            s.successes += 1
            s.failures = 0
            if s.successes >= spec.successThreshold { s.result = true }
        } else {
            s.failures += 1
            s.successes = 0
            if s.failures >= spec.failureThreshold { s.result = false }
        }
        states[kind] = s
        return before != s.result
    }
}
