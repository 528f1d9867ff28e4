/// The kubeconfig the gateway writes for itself: cluster `skiff` at its URL, a user with no
/// credentials, context `skiff` (namespace `default`) as the current context.
public enum Kubeconfig {
    public static func render(server: String) -> String {
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: skiff
          cluster:
            server: \(server)
        users:
        - name: skiff
          user: {}
        contexts:
        - name: skiff
          context:
            cluster: skiff
            user: skiff
            namespace: default
        current-context: skiff
        preferences: {}

        """
    }

    /// Where it goes: `$SKIFF_HOME/kubeconfig`, else `./.skiff/kubeconfig`.
    public static func defaultPath(environment: [String: String]) -> String {
        if let home = environment["SKIFF_HOME"], !home.isEmpty { return home + "/kubeconfig" }
        return ".skiff/kubeconfig"
    }

    /// The URL clients use for a listening address: a wildcard host becomes loopback.
    public static func serverURL(host: String, port: Int) -> String {
        let h = (host == "0.0.0.0" || host == "::" || host.isEmpty) ? "127.0.0.1" : host
        return h.contains(":") ? "http://[\(h)]:\(port)" : "http://\(h):\(port)"
    }
}
