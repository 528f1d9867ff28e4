import Bus
import Resources

/// How a ``StatusError`` crosses the bus: an RPC error whose reason and code are the Status's,
/// and whose message is the whole `metav1.Status` JSON, so that `details` and `causes` arrive
/// intact at the gateway.
public enum APIError {
    public static func busError(_ status: StatusError) -> BusError {
        BusError(BusError.Reason(rawValue: status.reason), status.status.serialized(), code: UInt16(status.code))
    }

    /// The Status an RPC failure stands for. Errors of the bus itself (timeout, unavailable)
    /// become 504/503 Statuses with a message saying the API server did not answer.
    public static func status(from error: any Error) -> StatusError {
        guard let bus = error as? BusError else {
            if let s = error as? StatusError { return s }
            return .internalError(String(describing: error))
        }
        if let json = try? JSON.parse(bus.message), let status = StatusError(status: json) { return status }
        switch bus.reason {
        case .timeout: return .timeout("the API server did not answer in time: \(bus.message)")
        case .unavailable: return .serviceUnavailable("the API server is unavailable: \(bus.message)")
        default: return StatusError(code: Int(bus.code), reason: bus.reason.rawValue, message: bus.message)
        }
    }
}
