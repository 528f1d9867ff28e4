import Client
import Resources

/// What an HTTP request on a ``ResourcePath`` becomes: one API server call, or a watch.
public enum RequestPlan: Sendable, Hashable {
    /// One call. `body` tells how to read the request body, if the verb takes one.
    case call(APIRequest.Verb, body: BodyRole?)
    case watch(WatchRequest)

    /// How a verb uses the request body.
    public enum BodyRole: Sendable, Hashable {
        case object
        case patch
        case deleteOptions
    }

    /// The 405 the Kubernetes API server sends for a method a path does not serve.
    public static let methodNotAllowed = StatusError(
        code: 405, reason: "MethodNotAllowed", message: "the server does not allow this method on the requested resource",
        details: StatusError.Details())

    /// Plans `method` on `path`: GET is get, list or watch (`watch=true`, or a `/watch/` path);
    /// POST create; PUT update; PATCH patch; DELETE delete, or deletecollection on a collection.
    /// Each is checked against the type's (or subresource's) verbs.
    ///
    /// - Throws: 405 for a method the path does not serve; 400 for a malformed `watch` parameter.
    public static func plan(method: String, path: ResourcePath, query: [String: String]) throws(StatusError) -> RequestPlan {
        let verbs = path.subresource?.verbs ?? path.type.verbs
        func require(_ verb: String) throws(StatusError) { guard verbs.contains(verb) else { throw methodNotAllowed } }
        let allNamespaces = path.type.namespaced && path.namespace == nil
        switch (method, path.name, path.subresource) {
        case ("GET", _, nil):
            let watchParameter = try parseBool(query["watch"], name: "watch")
            if path.legacyWatch || watchParameter {
                try require("watch")
                return .watch(try WatchRequest(path: path, query: query))
            }
            if path.name == nil {
                try require("list")
                return .call(.list, body: nil)
            }
            try require("get")
            return .call(.get, body: nil)
        case _ where path.legacyWatch:
            throw methodNotAllowed
        case ("GET", .some, .some):
            try require("get")
            return .call(.get, body: nil)
        case ("POST", nil, nil) where !allNamespaces:
            try require("create")
            return .call(.create, body: .object)
        case ("POST", .some, .some):
            try require("create")
            return .call(.create, body: .object)
        case ("PUT", .some, _):
            try require("update")
            return .call(.update, body: .object)
        case ("PATCH", .some, _):
            try require("patch")
            return .call(.patch, body: .patch)
        case ("DELETE", .some, nil):
            try require("delete")
            return .call(.delete, body: .deleteOptions)
        case ("DELETE", nil, nil) where !allNamespaces:
            try require("deletecollection")
            return .call(.deletecollection, body: .deleteOptions)
        default:
            throw methodNotAllowed
        }
    }

    /// Go's `strconv.ParseBool`, as Kubernetes reads boolean query parameters; absent is false.
    static func parseBool(_ value: String?, name: String) throws(StatusError) -> Bool {
        guard let value else { return false }
        switch value {
        case "1", "t", "T", "true", "TRUE", "True": return true
        case "0", "f", "F", "false", "FALSE", "False", "": return false
        default: throw .badRequest("invalid value for \(name): strconv.ParseBool: parsing \"\(value)\": invalid syntax")
        }
    }
}
