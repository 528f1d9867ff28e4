/// An error that crosses the bus: a Kubernetes-style reason and an HTTP status code, carried
/// unchanged from the service that raised it to the caller (and on to kubectl's screen).
public struct BusError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A `metav1.StatusReason`. Open: a server may send reasons this list does not name.
    public struct Reason: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { self.rawValue = value }
        public var description: String { rawValue }

        public static let badRequest: Reason = "BadRequest"
        public static let notFound: Reason = "NotFound"
        public static let methodNotAllowed: Reason = "MethodNotAllowed"
        public static let alreadyExists: Reason = "AlreadyExists"
        public static let conflict: Reason = "Conflict"
        public static let gone: Reason = "Gone"
        public static let requestEntityTooLarge: Reason = "RequestEntityTooLarge"
        public static let invalid: Reason = "Invalid"
        public static let tooManyRequests: Reason = "TooManyRequests"
        public static let `internal`: Reason = "Internal"
        public static let unavailable: Reason = "Unavailable"
        public static let timeout: Reason = "Timeout"

        /// The code that goes with this reason in SKIFF-RPC/1 §4.
        public var defaultCode: UInt16 {
            switch self {
            case .badRequest: 400
            case .notFound: 404
            case .methodNotAllowed: 405
            case .alreadyExists, .conflict: 409
            case .gone: 410
            case .requestEntityTooLarge: 413
            case .invalid: 422
            case .tooManyRequests: 429
            case .unavailable: 503
            case .timeout: 504
            default: 500
            }
        }
    }

    public var reason: Reason
    /// An HTTP status code, never 200.
    public var code: UInt16
    /// What a person should read (`pods "web-0" not found`).
    public var message: String

    public init(_ reason: Reason, _ message: String, code: UInt16? = nil) {
        self.reason = reason
        self.code = code ?? reason.defaultCode
        self.message = message
    }

    public var description: String { "\(reason) (\(code)): \(message)" }

    public static func badRequest(_ message: String) -> BusError { BusError(.badRequest, message) }
    public static func notFound(_ message: String) -> BusError { BusError(.notFound, message) }
    public static func alreadyExists(_ message: String) -> BusError { BusError(.alreadyExists, message) }
    public static func conflict(_ message: String) -> BusError { BusError(.conflict, message) }
    public static func invalid(_ message: String) -> BusError { BusError(.invalid, message) }
    public static func gone(_ message: String) -> BusError { BusError(.gone, message) }
    public static func unavailable(_ message: String) -> BusError { BusError(.unavailable, message) }
    public static func timeout(_ message: String) -> BusError { BusError(.timeout, message) }
    public static func `internal`(_ message: String) -> BusError { BusError(.internal, message) }
}
