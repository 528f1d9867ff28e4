import CZeroMQ

/// An error reported by libzmq, carrying its `errno` and libzmq's own text.
///
/// "Would block" (`EAGAIN`) is not an error in this module's API: operations that can
/// would-block return `false` or `nil` instead of throwing.
public struct ZMQError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The `errno` value libzmq set.
    public let code: Int32
    /// What was being attempted (`"bind tcp://127.0.0.1:7000"`).
    public let operation: String

    public init(code: Int32, operation: String) {
        self.code = code
        self.operation = operation
    }

    /// Captures `zmq_errno()` for `operation`.
    static func last(_ operation: @autoclosure () -> String) -> ZMQError {
        ZMQError(code: zmq_errno(), operation: operation())
    }

    /// libzmq's description of the error code.
    public var message: String { String(cString: zmq_strerror(code)) }

    public var description: String { "\(operation): \(message) (errno \(code))" }

    /// The socket or context was terminated (`ETERM`).
    public var isTerminated: Bool { code == ETERM }
}

/// A frame or message that does not have the shape a caller required.
public struct FrameError: Error, Equatable, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
