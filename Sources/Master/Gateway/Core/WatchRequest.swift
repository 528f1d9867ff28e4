import Resources

/// A watch as an HTTP client asked for it: which objects, from where, for how long.
public struct WatchRequest: Sendable, Hashable {
    public var type: ResourceType
    /// nil: every namespace (or a cluster-scoped type).
    public var namespace: String?
    /// The label selector as given (validated), or nil.
    public var labelSelector: String?
    /// The field selector as given, with `metadata.name=<name>` added for a watch on one object.
    public var fieldSelector: String?
    /// The revision to start after; nil for "list first, then watch" (unset or `0`).
    public var resourceVersion: UInt64?
    /// How long the watch lasts; nil for the server's default.
    public var timeoutSeconds: Int?
    public var allowBookmarks: Bool
    /// `sendInitialEvents=true`: ADDED for every object, then a bookmark marking the end of the
    /// initial events (the WatchList protocol); needs `allowWatchBookmarks`.
    public var sendInitialEvents: Bool

    /// Reads and checks the query: selectors must parse, `resourceVersion` must be a revision,
    /// `timeoutSeconds` a non-negative integer.
    public init(path: ResourcePath, query: [String: String]) throws(StatusError) {
        type = path.type
        namespace = path.namespace
        if let l = query["labelSelector"], !l.isEmpty {
            do { _ = try LabelSelector(parsing: l) } catch { throw .badRequest(error.message) }
            labelSelector = l
        }
        var fields = query["fieldSelector"].flatMap { $0.isEmpty ? nil : $0 }
        if let name = path.name {
            fields = fields.map { "\($0),metadata.name=\(name)" } ?? "metadata.name=\(name)"
        }
        if let fields {
            do { _ = try FieldSelector(parsing: fields).resolved(for: path.type) } catch { throw .badRequest(error.message) }
        }
        fieldSelector = fields
        switch query["resourceVersion"] {
        case nil, "", "0": resourceVersion = nil
        case let rv?:
            guard let r = UInt64(rv) else {
                throw .badRequest("invalid resource version \"\(rv)\": must be a decimal revision")
            }
            resourceVersion = r
        }
        if let t = query["timeoutSeconds"], !t.isEmpty {
            guard let seconds = Int(t), seconds >= 0 else {
                throw .badRequest("invalid value for timeoutSeconds: \"\(t)\" is not a non-negative integer")
            }
            timeoutSeconds = seconds
        }
        allowBookmarks = try RequestPlan.parseBool(query["allowWatchBookmarks"], name: "allowWatchBookmarks")
        sendInitialEvents = try RequestPlan.parseBool(query["sendInitialEvents"], name: "sendInitialEvents")
        if sendInitialEvents && !allowBookmarks {
            throw .badRequest("sendInitialEvents is forbidden for watch unless the WatchBookmarks feature is enabled (allowWatchBookmarks=true)")
        }
    }

    /// The parsed selectors, to filter live events.
    public func filter() -> WatchFilter {
        WatchFilter(namespace: namespace,
                    labels: labelSelector.flatMap { try? LabelSelector(parsing: $0) } ?? .everything,
                    fields: fieldSelector.flatMap { try? FieldSelector(parsing: $0).resolved(for: type) } ?? .everything)
    }

    /// The query of the API server's `list` and `watch` calls for this watch.
    public func apiQuery(resourceVersion rv: UInt64?) -> [String: String] {
        var q: [String: String] = [:]
        if let labelSelector { q["labelSelector"] = labelSelector }
        if let fieldSelector { q["fieldSelector"] = fieldSelector }
        if let rv { q["resourceVersion"] = String(rv) }
        return q
    }
}
