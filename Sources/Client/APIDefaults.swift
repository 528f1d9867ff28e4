/// Where the API server listens when nothing says otherwise, so that on one machine the
/// gateway, the controllers and `skiff events` find it with no flags.
public enum APIDefaults {
    /// The API server's RPC endpoint (SKIFF-RPC/1 carrying SKIFF-API/1).
    public static let rpcEndpoint = "tcp://127.0.0.1:7003"
    /// The cluster event stream (SKIFF-EVENTS/1): `<resource>/<ns>/<name>` and `pods@node/<node>/…`.
    public static let eventsEndpoint = "tcp://127.0.0.1:7004"
}
