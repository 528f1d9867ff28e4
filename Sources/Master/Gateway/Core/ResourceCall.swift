import Client
import Resources

/// One non-watch HTTP request on a resource path, as the API server call it becomes and the
/// answer it gets back. Pure: the shell reads the body, makes the call, writes the answer.
public struct ResourceCall: Sendable {
    public let path: ResourcePath
    public let verb: APIRequest.Verb
    public let query: [String: String]
    public let format: ResponseFormat
    /// How to read the body; nil when the verb takes none.
    public let bodyRole: RequestPlan.BodyRole?
    let bodyFormat: BodyFormat
    let patchType: String?

    /// Checks everything that can be checked before the body is read: the verb, the Accept
    /// header, the Content-Type.
    public init(verb: APIRequest.Verb, bodyRole: RequestPlan.BodyRole?, path: ResourcePath,
                query: [String: String], accept: String?, contentType: String?) throws(StatusError) {
        self.path = path
        self.verb = verb
        self.query = query
        self.bodyRole = bodyRole
        let tableAllowed = (verb == .get || verb == .list) && path.subresource == nil
        self.format = try ResponseFormat.negotiate(accept: accept, tableAllowed: tableAllowed)
        switch bodyRole {
        case .patch?:
            let p = try BodyFormat.forPatch(contentType: contentType)
            patchType = p.patchType
            bodyFormat = p.format
        case .object?, .deleteOptions?:
            patchType = nil
            bodyFormat = try BodyFormat.forObject(contentType: contentType)
        case nil:
            patchType = nil
            bodyFormat = .json
        }
    }

    /// The API server request, with the body (if any) read as JSON.
    public func request(body: [UInt8]) throws(StatusError) -> APIRequest {
        var json: JSON?
        if let bodyRole {
            let purpose: BodyDecoder.Purpose = switch bodyRole {
            case .object: .object
            case .patch: .patch
            case .deleteOptions: .deleteOptions
            }
            json = try BodyDecoder.decode(body, format: bodyFormat, purpose: purpose, type: path.type)
        }
        return APIRequest(verb, group: path.type.group, version: path.type.version, resource: path.type.plural,
                          subresource: path.subresource?.name, namespace: path.namespace, name: path.name,
                          query: query, patchType: patchType, body: json)
    }

    /// The HTTP answer for the API server's reply: its body as it is, or as a Table when one was
    /// asked for. `now` (seconds since the epoch) dates the Table's ages.
    public func render(_ reply: APIReply, now: Int64) throws(StatusError) -> GatewayResponse {
        let warnings = reply.warnings.map(GatewayResponse.warningHeader)
        if path.subresource?.name == "log" {
            return GatewayResponse(status: reply.code, contentType: "text/plain", warnings: warnings, body: reply.body)
        }
        guard case .table = format, reply.code == 200 else {
            return GatewayResponse(status: reply.code, warnings: warnings, body: reply.body)
        }
        let object = try reply.object()
        guard let include = Tables.IncludeObject(queryValue: query["includeObject"] ?? "") else {
            throw .badRequest("invalid includeObject \"\(query["includeObject"] ?? "")\": must be None, Metadata or Object")
        }
        var table: JSON
        if verb == .list {
            let metadata = object["metadata"]
            table = Tables.table(
                for: object["items"]?.array ?? [], type: path.type, now: now, includeObject: include,
                resourceVersion: metadata["resourceVersion"]?.string, continueToken: metadata["continue"]?.string,
                remainingItemCount: metadata["remainingItemCount"]?.int)
        } else {
            table = Tables.table(for: [object], type: path.type, now: now, includeObject: include,
                                         resourceVersion: object["metadata"]["resourceVersion"]?.string)
        }
        if let v = format.tableAPIVersion { table = table.setting("apiVersion", .string(v)) }
        return GatewayResponse(status: reply.code, warnings: warnings, body: table.serializedBytes())
    }
}
