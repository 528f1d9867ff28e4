import RuntimeAPI

/// How a container's process ended, as the driver observed it.
public enum ExitOutcome: Sendable, Equatable {
    /// It exited with this code.
    case exited(code: Int32)
    /// A signal ended it.
    case signaled(Int32)
    /// It never ran: the command could not be executed (`message` says why).
    case startFailed(message: String)
    /// It is gone and its status was lost (e.g. its monitor was killed while the runtime was down).
    case lost(message: String)

    /// Decodes a raw `waitpid` status.
    public init(waitStatus status: Int32) {
        let signal = status & 0x7f
        if signal == 0 {
            self = .exited(code: (status >> 8) & 0xff)
        } else {
            self = .signaled(signal)
        }
    }
}

/// What the kubelet reads of an ended container: exit code, reason and message, as Kubernetes
/// reports them in `containerStatuses[].state.terminated`.
public struct ExitClassification: Sendable, Equatable {
    public var exitCode: Int32
    public var reason: String
    public var message: String

    public static let completed = "Completed"
    public static let error = "Error"
    public static let oomKilled = "OOMKilled"
    public static let startError = "StartError"

    /// Exit 0 → Completed; non-zero → Error; killed (SIGKILL) while the container's cgroup
    /// recorded an OOM kill → OOMKilled with 137; a signal → 128 + signal, Error; could not
    /// exec → StartError with 128 and the error.
    public static func classify(_ outcome: ExitOutcome, oomKilled: Bool) -> ExitClassification {
        switch outcome {
        case .exited(let code):
            if oomKilled && code == 137 { return .init(exitCode: 137, reason: oomKilled_, message: "") }
            if oomKilled {
                return .init(exitCode: code, reason: code == 0 ? completed : error,
                             message: "a process of the container was killed by the OOM killer")
            }
            return .init(exitCode: code, reason: code == 0 ? completed : error, message: "")
        case .signaled(let signal):
            if oomKilled && signal == 9 { return .init(exitCode: 137, reason: oomKilled_, message: "") }
            return .init(exitCode: 128 + signal, reason: error, message: "")
        case .startFailed(let message):
            return .init(exitCode: 128, reason: startError, message: message)
        case .lost(let message):
            return .init(exitCode: 255, reason: error, message: message)
        }
    }

    private static let oomKilled_ = oomKilled
}
