/// An API error as a value: what becomes a `metav1.Status` reply, with the reason and code
/// kubectl prints (`Error from server (NotFound): deployments.apps "nope" not found`). It travels
/// unchanged from the API server, over the bus, to the gateway and onto kubectl's screen.
public struct StatusError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Cause: Sendable, Hashable {
        public var reason: String
        public var message: String
        public var field: String
        public init(reason: String, message: String, field: String) {
            self.reason = reason
            self.message = message
            self.field = field
        }
    }

    public struct Details: Sendable, Hashable {
        public var name: String?
        public var group: String?
        public var kind: String?
        public var causes: [Cause] = []
        public var retryAfterSeconds: Int?
        public init(name: String? = nil, group: String? = nil, kind: String? = nil, causes: [Cause] = [],
                    retryAfterSeconds: Int? = nil) {
            self.name = name
            self.group = group
            self.kind = kind
            self.causes = causes
            self.retryAfterSeconds = retryAfterSeconds
        }
    }

    /// The HTTP status code.
    public var code: Int
    /// The `metav1.StatusReason`: `NotFound`, `AlreadyExists`, `Conflict`, `Invalid`, …
    public var reason: String
    public var message: String
    public var details: Details?

    public init(code: Int, reason: String, message: String, details: Details? = nil) {
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details
    }

    public var description: String { "\(reason) (\(code)): \(message)" }

    /// The `metav1.Status` object.
    public var status: JSON {
        var o: JSONObject = ["kind": "Status", "apiVersion": "v1", "metadata": .emptyObject, "status": "Failure",
                             "message": .string(message), "reason": .string(reason)]
        if let details {
            var d = JSONObject()
            if let name = details.name { d["name"] = .string(name) }
            if let group = details.group { d["group"] = .string(group) }
            if let kind = details.kind { d["kind"] = .string(kind) }
            if !details.causes.isEmpty {
                d["causes"] = .array(details.causes.map { c in
                    var co = JSONObject()
                    if !c.reason.isEmpty { co["reason"] = .string(c.reason) }
                    co["message"] = .string(c.message)
                    if !c.field.isEmpty { co["field"] = .string(c.field) }
                    return .object(co)
                })
            }
            if let r = details.retryAfterSeconds { d["retryAfterSeconds"] = .int(Int64(r)) }
            o["details"] = .object(d)
        }
        o["code"] = .int(Int64(code))
        return .object(o)
    }

    /// Reads a `metav1.Status` back (as the gateway does with the API server's error replies).
    public init?(status: JSON) {
        guard status["kind"]?.string == "Status", let code = status["code"]?.int else { return nil }
        self.code = Int(code)
        self.reason = status["reason"]?.string ?? ""
        self.message = status["message"]?.string ?? ""
        if let d = status["details"], d.object != nil {
            self.details = Details(
                name: d["name"]?.string, group: d["group"]?.string, kind: d["kind"]?.string,
                causes: (d["causes"]?.array ?? []).map {
                    Cause(reason: $0["reason"]?.string ?? "", message: $0["message"]?.string ?? "",
                          field: $0["field"]?.string ?? "")
                },
                retryAfterSeconds: d["retryAfterSeconds"]?.int.map { Int($0) })
        }
    }
}

extension StatusError {
    /// `pods "web" not found`, `deployments.apps "web" not found` — the resource as
    /// `plural[.group]`, which is what Kubernetes' `NewNotFound` prints and puts in `details.kind`.
    public static func notFound(_ type: ResourceType, name: String) -> StatusError {
        StatusError(code: 404, reason: "NotFound", message: "\(type.qualifiedPlural) \"\(name)\" not found",
                    details: Details(name: name, group: type.group, kind: type.plural))
    }

    public static func alreadyExists(_ type: ResourceType, name: String) -> StatusError {
        StatusError(code: 409, reason: "AlreadyExists", message: "\(type.qualifiedPlural) \"\(name)\" already exists",
                    details: Details(name: name, group: type.group, kind: type.plural))
    }

    /// The optimistic-concurrency failure, worded as Kubernetes words it.
    public static func conflict(_ type: ResourceType, name: String, _ why: String =
                                "the object has been modified; please apply your changes to the latest version and try again")
        -> StatusError {
        StatusError(code: 409, reason: "Conflict",
                    message: "Operation cannot be fulfilled on \(type.qualifiedPlural) \"\(name)\": \(why)",
                    details: Details(name: name, group: type.group, kind: type.plural))
    }

    /// 422 with one cause per field error: `Deployment.apps "bad" is invalid: spec.selector: Required value`.
    public static func invalid(_ type: ResourceType, name: String, _ errors: [FieldError]) -> StatusError {
        let kind = type.group.isEmpty ? type.kind : "\(type.kind).\(type.group)"
        let list = errors.map(\.description)
        let summary = list.count == 1 ? list[0] : "[" + list.joined(separator: ", ") + "]"
        return StatusError(
            code: 422, reason: "Invalid", message: "\(kind) \"\(name)\" is invalid: \(summary)",
            details: Details(name: name, group: type.group, kind: type.kind,
                             causes: errors.map { Cause(reason: $0.kind.rawValue, message: $0.message, field: $0.field) }))
    }

    public static func badRequest(_ message: String) -> StatusError {
        StatusError(code: 400, reason: "BadRequest", message: message)
    }
    public static func gone(_ message: String) -> StatusError {
        StatusError(code: 410, reason: "Expired", message: message)
    }
    public static func methodNotSupported(_ type: ResourceType, verb: String) -> StatusError {
        StatusError(code: 405, reason: "MethodNotAllowed",
                    message: "\(verb) is not supported on resources of kind \"\(type.qualifiedPlural)\"",
                    details: Details(group: type.group, kind: type.plural))
    }
    public static func notAcceptable(_ message: String) -> StatusError {
        StatusError(code: 406, reason: "NotAcceptable", message: message)
    }
    public static func unsupportedMediaType(_ message: String) -> StatusError {
        StatusError(code: 415, reason: "UnsupportedMediaType", message: message)
    }
    public static func requestEntityTooLarge(_ message: String) -> StatusError {
        StatusError(code: 413, reason: "RequestEntityTooLarge", message: message)
    }
    public static func internalError(_ message: String) -> StatusError {
        StatusError(code: 500, reason: "InternalError", message: "Internal error occurred: \(message)")
    }
    public static func serviceUnavailable(_ message: String) -> StatusError {
        StatusError(code: 503, reason: "ServiceUnavailable", message: message)
    }
    public static func timeout(_ message: String) -> StatusError {
        StatusError(code: 504, reason: "Timeout", message: message)
    }
    public static func tooManyRequests(_ message: String) -> StatusError {
        StatusError(code: 429, reason: "TooManyRequests", message: message, details: Details(retryAfterSeconds: 1))
    }
}

extension ResourceType {
    /// `pods`, `deployments.apps`, `leases.coordination.k8s.io`: the resource as Kubernetes names
    /// it in error messages.
    public var qualifiedPlural: String { group.isEmpty ? plural : "\(plural).\(group)" }
}
