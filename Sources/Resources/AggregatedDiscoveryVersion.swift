/// The version of aggregated discovery (`APIGroupDiscoveryList`) a client asked for. kubectl
/// 1.30+ asks for `v2` then `v2beta1`; 1.26–1.29 only for `v2beta1`. The body is the same in
/// both; only `apiVersion` and the response Content-Type differ, and kubectl decides how to read
/// the body from the Content-Type alone.
public enum AggregatedDiscoveryVersion: String, Sendable, Hashable, CaseIterable {
    case v2
    case v2beta1

    /// `apidiscovery.k8s.io/v2` or `apidiscovery.k8s.io/v2beta1`.
    public var apiVersion: String { "apidiscovery.k8s.io/\(rawValue)" }

    /// The response Content-Type that makes kubectl read the body as aggregated discovery.
    public var contentType: String {
        "application/json;g=apidiscovery.k8s.io;v=\(rawValue);as=APIGroupDiscoveryList"
    }

    /// The first aggregated-discovery media type in an `Accept` header, in the client's order,
    /// or `nil` if the client accepts only legacy discovery (plain `application/json`), in which
    /// case the server answers `APIVersions` / `APIGroupList` instead.
    public static func negotiate(accept: String) -> AggregatedDiscoveryVersion? {
        for range in accept.split(separator: ",") {
            let parts = range.split(separator: ";").map { $0.trimmingSpaces().lowercased() }
            guard let type = parts.first, type == "application/json" || type == "*/*" || type == "application/*" else {
                continue
            }
            var params: [String: String] = [:]
            for p in parts.dropFirst() {
                let kv = p.split(separator: "=", maxSplits: 1)
                if kv.count == 2 { params[String(kv[0]).trimmingSpaces()] = String(kv[1]).trimmingSpaces() }
            }
            guard params["g"] == "apidiscovery.k8s.io", params["as"] == "apigroupdiscoverylist",
                  let v = params["v"], let version = AggregatedDiscoveryVersion(rawValue: v)
            else { continue }
            return version
        }
        return nil
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    fileprivate func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
