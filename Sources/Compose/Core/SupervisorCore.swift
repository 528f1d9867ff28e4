/// The supervisor's state machine: which service to start, stop, signal or restart, and when.
/// One method per event, each returning the actions for the shell to carry out; no processes,
/// no clock (`now` is an input, timers are actions).
///
/// Guarantees: a service starts only once its dependencies meet their conditions; a service
/// ended by itself is restarted per its policy after ``RestartBackoff``'s delay; ``stopAll(now:)``
/// stops services in reverse dependency order (a service gets SIGTERM once everything depending
/// on it has ended), SIGKILL after ``gracePeriod``, and ``Action/finished`` comes exactly once,
/// when nothing runs any more.
public struct SupervisorCore: Sendable {
    public enum Phase: Sendable, Equatable {
        /// Waiting for its dependencies (or for its first start).
        case waiting
        /// `spawn` was asked for; `spawned` or `spawnFailed` comes next.
        case spawning
        case running(pid: Int32, since: ContinuousClock.Instant)
        /// Ended; to be started again at `until`.
        case backingOff(until: ContinuousClock.Instant)
        /// Ended and not to be restarted.
        case exited(ExitStatus)
        /// Sent SIGTERM; `thenStart` when the user asked for a restart.
        case stopping(pid: Int32, since: ContinuousClock.Instant, thenStart: Bool)
        /// Stopped by compose.
        case stopped
    }

    public enum Action: Sendable, Equatable {
        case spawn(String)
        case terminate(String, pid: Int32)
        case kill(String, pid: Int32)
        /// Call ``restartDue(_:now:)`` after this delay.
        case scheduleRestart(String, after: Duration)
        /// Call ``killDue(_:pid:now:)`` after this delay.
        case scheduleKill(String, pid: Int32, after: Duration)
        /// Probe the service's RPC/HTTP health check while `pid` lives, and report ``probed(_:pid:ok:now:)``.
        case startProbing(String, pid: Int32)
        case notice(String)
        /// Every service has ended after ``stopAll(now:)``.
        case finished
    }

    public struct Entry: Sendable, Equatable {
        public let service: PlannedService
        public internal(set) var phase: Phase = .waiting
        public internal(set) var restarts = 0
        public internal(set) var health: HealthState?
        public internal(set) var lastExit: ExitStatus?
        var backoff = RestartBackoff()
    }

    public private(set) var entries: [Entry]
    public private(set) var isStopping = false
    private var finishedSent = false
    public var gracePeriod: Duration = .seconds(10)

    private let backoffTemplate: RestartBackoff

    /// - Parameter plan: services in start order.
    public init(plan: ComposePlan, backoff: RestartBackoff = RestartBackoff()) {
        backoffTemplate = backoff
        entries = plan.services.map { var e = Entry(service: $0); e.backoff = backoff; return e }
    }

    public func entry(_ name: String) -> Entry? { entries.first { $0.service.name == name } }
    private func index(_ name: String) -> Int? { entries.firstIndex { $0.service.name == name } }

    // MARK: Events

    /// Begin: start every service whose dependencies allow it.
    public mutating func start(now: ContinuousClock.Instant) -> [Action] {
        startReady(now: now) + finishIfIdle()
    }

    public mutating func spawned(_ name: String, pid: Int32, now: ContinuousClock.Instant) -> [Action] {
        guard let i = index(name), entries[i].phase == .spawning else { return [] }
        entries[i].phase = .running(pid: pid, since: now)
        var actions: [Action] = []
        if let check = entries[i].service.healthcheck {
            entries[i].health = HealthState(retries: check.retries, startPeriod: check.startPeriod, startedAt: now)
            if case .readyLine = check.test {} else { actions.append(.startProbing(name, pid: pid)) }
        }
        if isStopping {
            // Stopping began while this one was being spawned.
            return actions + stopReady(now: now)
        }
        return actions + startReady(now: now)
    }

    public mutating func spawnFailed(_ name: String, reason: String, now: ContinuousClock.Instant) -> [Action] {
        guard let i = index(name), entries[i].phase == .spawning else { return [] }
        entries[i].phase = .running(pid: -1, since: now)
        return exited(name, pid: -1, status: .failedToStart(reason), now: now)
    }

    /// The process `pid` of `name` ended with `status`.
    public mutating func exited(_ name: String, pid: Int32, status: ExitStatus, now: ContinuousClock.Instant) -> [Action] {
        guard let i = index(name) else { return [] }
        entries[i].health = nil
        switch entries[i].phase {
        case .stopping(pid, _, let thenStart):
            entries[i].lastExit = status
            if thenStart && !isStopping {
                entries[i].phase = .waiting
                entries[i].restarts += 1
                return startReady(now: now)
            }
            entries[i].phase = .stopped
            return stopReady(now: now)
        case .running(pid, let since):
            entries[i].lastExit = status
            if isStopping {
                entries[i].phase = .stopped
                return [.notice("\(name) ended (\(status))")] + stopReady(now: now)
            }
            let service = entries[i].service
            if service.restart.restarts(after: status) {
                let delay = entries[i].backoff.delay(afterRunningFor: now - since)
                entries[i].phase = .backingOff(until: now + delay)
                return [.notice("\(name) ended (\(status)); restarting in \(Self.format(delay))"), .scheduleRestart(name, after: delay)]
            }
            entries[i].phase = .exited(status)
            return [.notice("\(name) ended (\(status))")] + startReady(now: now)
        default:
            return []
        }
    }

    /// A back-off delay ended.
    public mutating func restartDue(_ name: String, now: ContinuousClock.Instant) -> [Action] {
        guard let i = index(name), case .backingOff = entries[i].phase, !isStopping else { return [] }
        entries[i].phase = .waiting
        entries[i].restarts += 1
        return startReady(now: now)
    }

    /// The grace period of a SIGTERM ended.
    public func killDue(_ name: String, pid: Int32, now: ContinuousClock.Instant) -> [Action] {
        guard let i = index(name), case .stopping(pid, _, _) = entries[i].phase else { return [] }
        return [.notice("\(name) did not stop within \(Self.format(gracePeriod)); killing it"), .kill(name, pid: pid)]
    }

    /// A health probe of `name`'s process `pid` answered (or a ready line was seen: `ok`).
    public mutating func probed(_ name: String, pid: Int32, ok: Bool, now: ContinuousClock.Instant) -> [Action] {
        guard let i = index(name), case .running(pid, _) = entries[i].phase, entries[i].health != nil else { return [] }
        guard entries[i].health!.probed(ok: ok, at: now) else { return [] }
        let status = entries[i].health!.status
        if status == .healthy && isStopping { return [] }
        return [.notice("\(name) is \(status.rawValue)")] + (status == .healthy ? startReady(now: now) : [])
    }

    /// Stop everything, in reverse dependency order.
    public mutating func stopAll(now: ContinuousClock.Instant) -> [Action] {
        guard !isStopping else { return [] }
        isStopping = true
        for i in entries.indices {
            switch entries[i].phase {
            case .waiting, .backingOff: entries[i].phase = .stopped
            case .stopping(let pid, let since, _): entries[i].phase = .stopping(pid: pid, since: since, thenStart: false)
            default: break
            }
        }
        return stopReady(now: now)
    }

    /// The user asked to restart `name` (stop it, then start it when its dependencies allow).
    public mutating func restart(_ name: String, now: ContinuousClock.Instant) throws(ComposeError) -> [Action] {
        guard let i = index(name) else { throw ComposeError("no such service: \(name)") }
        guard !isStopping else { return [] }
        switch entries[i].phase {
        case .running(let pid, _):
            entries[i].phase = .stopping(pid: pid, since: now, thenStart: true)
            return [.terminate(name, pid: pid), .scheduleKill(name, pid: pid, after: gracePeriod)]
        case .backingOff, .exited, .stopped:
            entries[i].phase = .waiting
            entries[i].backoff = RestartBackoff(initial: entries[i].backoff.initial, maximum: entries[i].backoff.maximum,
                                                resetAfter: entries[i].backoff.resetAfter)
            return startReady(now: now)
        case .waiting, .spawning, .stopping:
            return []
        }
    }

    /// The user killed `name` (`docker compose kill`): SIGKILL (`force`) or SIGTERM, and it stays
    /// stopped — no restart policy applies — until ``restart(_:now:)``. One that is waiting or
    /// backing off is just marked stopped.
    public mutating func kill(_ name: String, force: Bool, now: ContinuousClock.Instant) throws(ComposeError) -> [Action] {
        guard let i = index(name) else { throw ComposeError("no such service: \(name)") }
        guard !isStopping else { return [] }
        switch entries[i].phase {
        case .running(let pid, _):
            entries[i].phase = .stopping(pid: pid, since: now, thenStart: false)
            return force ? [.kill(name, pid: pid)] : [.terminate(name, pid: pid), .scheduleKill(name, pid: pid, after: gracePeriod)]
        case .stopping(let pid, let since, _):
            entries[i].phase = .stopping(pid: pid, since: since, thenStart: false)
            return force ? [.kill(name, pid: pid)] : []
        case .waiting, .backingOff:
            entries[i].phase = .stopped
            return []
        case .spawning, .exited, .stopped:
            return []
        }
    }

    /// Services added to a running project (`up --scale node=N` with more nodes): entries for
    /// those not yet known, started as their dependencies allow. Known names are left alone.
    public mutating func add(_ services: [PlannedService], now: ContinuousClock.Instant) -> [Action] {
        guard !isStopping else { return [] }
        for service in services where index(service.name) == nil {
            var entry = Entry(service: service)
            entry.backoff = backoffTemplate
            entries.append(entry)
        }
        return startReady(now: now)
    }

    // MARK: Rules

    func dependenciesMet(_ entry: Entry) -> Bool {
        entry.service.dependsOn.allSatisfy { dependency in
            guard let target = self.entry(dependency.service) else { return true }
            switch dependency.condition {
            case .started:
                if case .running = target.phase { return true }
                return false
            case .healthy:
                if case .running = target.phase { return target.health?.status == .healthy }
                return false
            case .completedSuccessfully:
                return target.phase == .exited(.exited(0))
            }
        }
    }

    mutating func startReady(now: ContinuousClock.Instant) -> [Action] {
        guard !isStopping else { return [] }
        var actions: [Action] = []
        for i in entries.indices where entries[i].phase == .waiting && dependenciesMet(entries[i]) {
            entries[i].phase = .spawning
            actions.append(.spawn(entries[i].service.name))
        }
        return actions
    }

    /// Whether something that depends on `name` is still alive.
    func hasLiveDependents(_ name: String) -> Bool {
        entries.contains { entry in
            entry.service.dependsOn.contains { $0.service == name } && entry.isAlive
        }
    }

    mutating func stopReady(now: ContinuousClock.Instant) -> [Action] {
        guard isStopping else { return [] }
        var actions: [Action] = []
        for i in entries.indices.reversed() {
            guard case .running(let pid, _) = entries[i].phase, !hasLiveDependents(entries[i].service.name) else { continue }
            entries[i].phase = .stopping(pid: pid, since: now, thenStart: false)
            actions += [.terminate(entries[i].service.name, pid: pid), .scheduleKill(entries[i].service.name, pid: pid, after: gracePeriod)]
        }
        return actions + finishIfIdle()
    }

    mutating func finishIfIdle() -> [Action] {
        guard isStopping, !finishedSent, !entries.contains(where: \.isAlive) else { return [] }
        finishedSent = true
        return [.finished]
    }

    static func format(_ d: Duration) -> String {
        let ms = d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000
        return ms % 1000 == 0 ? "\(ms / 1000)s" : "\(ms)ms"
    }
}

extension SupervisorCore.Entry {
    /// A process exists (or is being created) for this service.
    var isAlive: Bool {
        switch phase {
        case .spawning, .running, .stopping: true
        default: false
        }
    }
}
