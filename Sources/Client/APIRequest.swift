import Resources

/// One call to the API server over the bus (SKIFF-API/1, `proto-docs/apiserver.md`): a REST
/// request with the HTTP taken away. The RPC method is the verb; the body is this request as one
/// JSON object, the object (or patch, or DeleteOptions) embedded as JSON.
///
/// The gateway builds one from each HTTP request; any other component can build one directly.
public struct APIRequest: Sendable, Hashable {
    public enum Verb: String, Sendable, Hashable, CaseIterable {
        case get, list, create, update, patch, delete, deletecollection, watch
    }

    public var verb: Verb
    /// `""` for the core group.
    public var group: String
    public var version: String
    /// The plural resource name as in the URL: `pods`, `deployments`.
    public var resource: String
    /// `status`, `scale`, `binding`, `log`, or nil for the object itself.
    public var subresource: String?
    /// nil for cluster-scoped resources and for lists across all namespaces.
    public var namespace: String?
    public var name: String?
    /// The URL's query parameters, unchanged: `labelSelector`, `fieldSelector`, `limit`,
    /// `continue`, `resourceVersion`, `dryRun`, `fieldManager`, `fieldValidation`, `force`,
    /// `propagationPolicy`, `gracePeriodSeconds`, … Repeated parameters keep the last value.
    public var query: [String: String]
    /// For `patch`: the patch's media type (`application/strategic-merge-patch+json`,
    /// `application/merge-patch+json`, `application/json-patch+json`, `application/apply-patch+yaml`).
    public var patchType: String?
    /// The object for create/update, the patch for patch (YAML already turned into JSON), the
    /// `DeleteOptions` for delete, or nil.
    public var body: JSON?

    public init(_ verb: Verb, group: String = "", version: String = "v1", resource: String,
                subresource: String? = nil, namespace: String? = nil, name: String? = nil,
                query: [String: String] = [:], patchType: String? = nil, body: JSON? = nil) {
        self.verb = verb
        self.group = group
        self.version = version
        self.resource = resource
        self.subresource = subresource
        self.namespace = namespace
        self.name = name
        self.query = query
        self.patchType = patchType
        self.body = body
    }

    /// The request as the RPC body: `{"group":…,"version":…,"resource":…,…,"body":{…}}`.
    /// The verb is the RPC method and is not repeated.
    public func encoded() -> [UInt8] {
        var o: JSONObject = ["group": .string(group), "version": .string(version), "resource": .string(resource)]
        if let subresource { o["subresource"] = .string(subresource) }
        if let namespace { o["namespace"] = .string(namespace) }
        if let name { o["name"] = .string(name) }
        if !query.isEmpty {
            o["query"] = .object(JSONObject(query.sorted { $0.key < $1.key }.map { ($0.key, JSON.string($0.value)) }))
        }
        if let patchType { o["patchType"] = .string(patchType) }
        if let body { o["body"] = body }
        return JSON.object(o).serializedBytes()
    }

    /// Reads an RPC body for `verb`. A malformed body is a 400 with a message saying what is wrong.
    public init(verb: Verb, decoding bytes: [UInt8]) throws(StatusError) {
        let json: JSON
        do { json = try JSON.parse(bytes) } catch {
            throw .badRequest("malformed API request: \(error)")
        }
        guard json.object != nil else { throw .badRequest("malformed API request: not a JSON object") }
        func string(_ key: String) throws(StatusError) -> String? {
            guard let v = json[key], !v.isNull else { return nil }
            guard let s = v.string else { throw .badRequest("malformed API request: \(key) must be a string") }
            return s
        }
        guard let resource = try string("resource"), !resource.isEmpty else {
            throw .badRequest("malformed API request: resource is required")
        }
        var query: [String: String] = [:]
        if let q = json["query"], !q.isNull {
            guard let qo = q.object else { throw .badRequest("malformed API request: query must be an object") }
            for (k, v) in zip(qo.keys, qo.values) {
                guard let s = v.string else { throw .badRequest("malformed API request: query.\(k) must be a string") }
                query[k] = s
            }
        }
        self.init(verb, group: try string("group") ?? "", version: try string("version") ?? "v1",
                  resource: resource, subresource: try string("subresource"), namespace: try string("namespace"),
                  name: try string("name"), query: query, patchType: try string("patchType"),
                  body: json["body"].flatMap { $0.isNull ? nil : $0 })
    }
}
