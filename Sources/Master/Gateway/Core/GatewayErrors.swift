import Resources

/// The gateway's own Statuses, worded as the Kubernetes API server words them.
public enum GatewayErrors {
    /// 404 for a path no route serves.
    public static let notFound = StatusError(
        code: 404, reason: "NotFound", message: "the server could not find the requested resource",
        details: StatusError.Details())

    /// 503 while the API server does not answer.
    public static func apiServerUnavailable(endpoint: String) -> StatusError {
        .serviceUnavailable("the API server is not reachable at \(endpoint) (is `skiff apiserver` running?)")
    }
}
