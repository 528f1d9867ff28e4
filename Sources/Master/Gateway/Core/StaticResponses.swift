import Resources

/// The answers that need no API server call: version, health, discovery and OpenAPI. Built
/// once from the registry; pure.
public struct StaticResponses: Sendable {
    public let registry: ResourceRegistry
    public let openAPI: OpenAPIDocuments
    public let skiffVersion: String
    /// `host:port` for `serverAddressByClientCIDRs`.
    public var serverAddress: String

    public init(registry: ResourceRegistry, skiffVersion: String, serverAddress: String) {
        self.registry = registry
        self.openAPI = OpenAPIDocuments(registry: registry)
        self.skiffVersion = skiffVersion
        self.serverAddress = serverAddress
    }

    /// The answer for a non-resource route; nil for ``Route/resource(_:)``. Only GET (and HEAD)
    /// are served; other methods get 405.
    ///
    /// - Parameter apiServerUp: whether the API server answered lately (for `/readyz`).
    public func respond(to route: Route, method: String, accept: String?, apiServerUp: Bool,
                        apiServerEndpoint: String) -> GatewayResponse? {
        if case .resource = route { return nil }
        if case .notFound = route { return GatewayResponse(error: GatewayErrors.notFound) }
        guard method == "GET" || method == "HEAD" else { return GatewayResponse(error: RequestPlan.methodNotAllowed) }
        switch route {
        case .version:
            return GatewayResponse(json: VersionInfo.json(skiffVersion: skiffVersion))
        case .health(let endpoint):
            if endpoint == .readyz && !apiServerUp {
                return GatewayResponse(status: 503, contentType: "text/plain; charset=utf-8",
                                       body: Array("[-]apiserver failed: not reachable at \(apiServerEndpoint)\nreadyz check failed\n".utf8))
            }
            return GatewayResponse(contentType: "text/plain; charset=utf-8", body: Array("ok".utf8))
        case .coreVersions, .groups:
            let root: Discovery.Root = route == .coreVersions ? .api : .apis
            if let v = AggregatedDiscoveryVersion.negotiate(accept: accept ?? "") {
                var r = GatewayResponse(json: Discovery.aggregated(registry, root: root, version: v))
                r.contentType = v.contentType
                return r
            }
            if root == .api {
                return GatewayResponse(json: Discovery.apiVersions(
                    registry, serverAddressByClientCIDRs: [ServerAddressByClientCIDR(clientCIDR: "0.0.0.0/0", serverAddress: serverAddress)]))
            }
            return GatewayResponse(json: Discovery.apiGroupList(registry))
        case .group(let name):
            guard let g = Discovery.apiGroupList(registry)["groups"]?.array?.first(where: { $0["name"]?.string == name }),
                  var o = g.object else { return GatewayResponse(error: GatewayErrors.notFound) }
            var out: JSONObject = ["kind": "APIGroup", "apiVersion": "v1"]
            for (k, v) in o { out[k] = v }
            o = out
            return GatewayResponse(json: .object(o))
        case .resourceList(let group, let version):
            guard let list = Discovery.apiResourceList(registry, group: group, version: version) else {
                return GatewayResponse(error: GatewayErrors.notFound)
            }
            return GatewayResponse(json: list)
        case .openAPIIndex:
            return GatewayResponse(body: openAPI.index)
        case .openAPIDocument(let group, let version):
            guard let doc = openAPI.document(group: group, version: version) else {
                return GatewayResponse(error: GatewayErrors.notFound)
            }
            return GatewayResponse(body: doc)
        case .resource, .notFound:
            return nil
        }
    }
}
