/// What the supervisor writes to `$SKIFF_HOME/compose/state.json` on every change, and what
/// `ps` and `up --wait` read.
public struct ComposeState: Codable, Sendable, Equatable {
    public var project: String
    public var supervisor: Int32
    /// The compose file (or `<embedded defaults>`).
    public var file: String
    public var services: [ServiceStatus]
    /// The supervisor has begun stopping everything.
    public var stopping: Bool

    public init(project: String, supervisor: Int32, file: String, services: [ServiceStatus], stopping: Bool) {
        self.project = project
        self.supervisor = supervisor
        self.file = file
        self.services = services
        self.stopping = stopping
    }
}

/// One service as `ps` shows it.
public struct ServiceStatus: Codable, Sendable, Equatable {
    /// waiting, running, restarting (backing off), exited, stopping, stopped, skipped.
    public var name: String
    public var state: String
    public var pid: Int32?
    public var restarts: Int
    /// starting, healthy, unhealthy; nil without a health check or when not running.
    public var health: String?
    /// Start of the current process, seconds since 1970.
    public var startedAt: Double?
    /// How the last process ended.
    public var lastExit: String?
    /// Whether the last process ended successfully (exit status 0).
    public var lastExitOK: Bool?
    public var command: String

    public init(name: String, state: String, pid: Int32? = nil, restarts: Int = 0, health: String? = nil, startedAt: Double? = nil,
                lastExit: String? = nil, lastExitOK: Bool? = nil, command: String = "") {
        self.name = name
        self.state = state
        self.pid = pid
        self.restarts = restarts
        self.health = health
        self.startedAt = startedAt
        self.lastExit = lastExit
        self.lastExitOK = lastExitOK
        self.command = command
    }
}

extension SupervisorCore {
    /// The services as `ps` shows them; `wallNow` (seconds since 1970) dates the starts.
    public func statuses(now: ContinuousClock.Instant, wallNow: Double) -> [ServiceStatus] {
        entries.map { entry in
            var status = ServiceStatus(name: entry.service.name, state: "", restarts: entry.restarts,
                                       lastExit: entry.lastExit?.description, lastExitOK: entry.lastExit.map(\.isSuccess),
                                       command: entry.service.commandLine)
            switch entry.phase {
            case .waiting: status.state = "waiting"
            case .spawning: status.state = "starting"
            case .running(let pid, let since):
                status.state = "running"
                status.pid = pid
                status.health = entry.health?.status.rawValue
                status.startedAt = wallNow - Self.seconds(now - since)
            case .backingOff: status.state = "restarting"
            case .exited: status.state = "exited"
            case .stopping(let pid, _, _):
                status.state = "stopping"
                status.pid = pid
            case .stopped: status.state = "stopped"
            }
            return status
        }
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}

/// Whether `up --wait` may return: pure, over the state file.
public enum WaitVerdict: Equatable, Sendable {
    case ready
    case waiting([String])
    case failed(String)

    public static func evaluate(_ services: [ServiceStatus]) -> WaitVerdict {
        var pending: [String] = []
        for s in services {
            switch s.state {
            case "skipped": continue
            case "running":
                if s.health == "unhealthy" { return .failed("\(s.name) is unhealthy") }
                if s.health == "starting" { pending.append(s.name) }
            case "exited":
                if s.lastExitOK == true { continue }
                return .failed("\(s.name) ended (\(s.lastExit ?? "unknown")) and is not restarted")
            case "stopping", "stopped":
                return .failed("\(s.name) is \(s.state)")
            default:
                pending.append(s.name)
            }
        }
        return pending.isEmpty ? .ready : .waiting(pending)
    }
}
