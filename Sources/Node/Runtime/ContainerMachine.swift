import RuntimeAPI

/// One container's life, as a pure state machine: CREATED → RUNNING → EXITED → removed, and
/// the stop protocol (SIGTERM, then SIGKILL at the deadline). Time is an input (`now`, wall-clock
/// nanoseconds since the Unix epoch); timers come back as actions; the shell carries actions out.
public struct ContainerMachine: Sendable, Equatable {
    public enum Signal: Sendable, Equatable { case terminate, kill }

    public enum Action: Sendable, Equatable {
        /// Start the process.
        case spawn
        /// Send this signal to the container's process group.
        case signal(Signal)
        /// Call `killDeadlineReached(now:)` at this time.
        case scheduleKill(at: Int64)
        /// Publish this lifecycle event with the current status.
        case publish(RuntimeMessages.ContainerEventType)
        /// Record the current status durably.
        case persist
        /// Wake whoever waits for the container to end (stop, remove).
        case resumeWaiters
        /// Remove what the container left (cgroup, records).
        case cleanUp
    }

    public enum TransitionError: Error, Equatable, CustomStringConvertible {
        case notCreated(RuntimeMessages.ContainerState)
        case stillRunning
        case removed

        public var description: String {
            switch self {
            case .notCreated(let state): "the container is \(state.rawValue), not CREATED: it can be started only once"
            case .stillRunning: "the container is running: stop it first"
            case .removed: "the container was removed"
            }
        }
    }

    public private(set) var status: RuntimeMessages.ContainerStatus
    /// When SIGKILL follows the SIGTERM already sent; nil when not stopping.
    public private(set) var killAt: Int64?
    public private(set) var killed = false
    public private(set) var isRemoved = false

    public init(status: RuntimeMessages.ContainerStatus) {
        self.status = status
    }

    public var state: RuntimeMessages.ContainerState { status.state }

    /// A start request: only a CREATED container starts.
    public mutating func start() throws(TransitionError) -> [Action] {
        guard !isRemoved else { throw .removed }
        guard status.state == .created else { throw .notCreated(status.state) }
        return [.spawn]
    }

    /// The process runs (`pid` nil for the fake driver).
    public mutating func spawned(pid: Int32?, cgroupPath: String?, now: Int64) -> [Action] {
        guard status.state == .created, !isRemoved else { return [] }
        status.state = .running
        status.startedAt = now
        status.pid = pid
        status.cgroupPath = cgroupPath
        return [.persist, .publish(.started)]
    }

    /// The process could not be started.
    public mutating func spawnFailed(message: String, now: Int64) -> [Action] {
        guard status.state == .created, !isRemoved else { return [] }
        return finish(.classify(.startFailed(message: message), oomKilled: false), now: now, started: false)
    }

    /// A stop request: SIGTERM and a SIGKILL deadline `timeoutSeconds` on (SIGKILL at once for 0).
    /// A CREATED container just becomes EXITED; an EXITED one is already stopped. A second stop
    /// may only bring the deadline closer.
    public mutating func stop(timeoutSeconds: Int64, now: Int64) throws(TransitionError) -> [Action] {
        guard !isRemoved else { throw .removed }
        switch status.state {
        case .created:
            return finish(.init(exitCode: 0, reason: ExitClassification.completed, message: "stopped before it started"),
                          now: now, started: false)
        case .exited, .unknown:
            return [.resumeWaiters]
        case .running:
            let deadline = now + max(0, timeoutSeconds) * 1_000_000_000
            if killed { return [] }
            if timeoutSeconds <= 0 {
                killed = true
                killAt = now
                return [.signal(.kill)]
            }
            if let current = killAt {
                guard deadline < current else { return [] }
                killAt = deadline
                return [.scheduleKill(at: deadline)]
            }
            killAt = deadline
            return [.signal(.terminate), .scheduleKill(at: deadline)]
        }
    }

    /// A timer set by `.scheduleKill` fired.
    public mutating func killDeadlineReached(now: Int64) -> [Action] {
        guard status.state == .running, !killed, let deadline = killAt, now >= deadline else { return [] }
        killed = true
        return [.signal(.kill)]
    }

    /// The process ended.
    public mutating func exited(_ outcome: ExitOutcome, oomKilled: Bool, now: Int64) -> [Action] {
        guard status.state == .running else { return [] }
        return finish(.classify(outcome, oomKilled: oomKilled), now: now, started: true)
    }

    /// A remove request: only a container that is not running.
    public mutating func remove() throws(TransitionError) -> [Action] {
        guard !isRemoved else { return [] }
        guard status.state != .running else { throw .stillRunning }
        isRemoved = true
        return [.cleanUp, .publish(.removed), .resumeWaiters]
    }

    private mutating func finish(_ result: ExitClassification, now: Int64, started: Bool) -> [Action] {
        status.state = .exited
        status.finishedAt = now
        if !started { status.startedAt = 0 }
        status.exitCode = result.exitCode
        status.reason = result.reason
        status.message = result.message
        status.pid = nil
        killAt = nil
        return [.persist, .publish(.exited), .resumeWaiters]
    }
}
