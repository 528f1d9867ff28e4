import Foundation

/// Where the store listens and keeps its data when nothing says otherwise. The API server and
/// `skiff storectl` use the same defaults, so that on one machine they find the store with no flags.
public enum StoreDefaults {
    /// The store's RPC endpoint (SKIFF-RPC/1, methods `store.*`).
    public static let rpcEndpoint = "tcp://127.0.0.1:7001"
    /// The store's committed-change stream (SKIFF-EVENTS/1, stream `/`).
    public static let eventsEndpoint = "tcp://127.0.0.1:7002"

    /// `$SKIFF_HOME/store` when `SKIFF_HOME` is set, else `./.skiff/store`.
    public static func dataDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let home = environment["SKIFF_HOME"], !home.isEmpty { return home + "/store" }
        return ".skiff/store"
    }
}
