import Resources

/// Which live events one watcher receives: its namespace (read from the event's topic,
/// `<plural>/<namespace>/<name>`), its label selector and its field selector.
public struct WatchFilter: Sendable, Hashable {
    public var namespace: String?
    public var labels: LabelSelector
    public var fields: FieldSelector

    public init(namespace: String? = nil, labels: LabelSelector = .everything, fields: FieldSelector = .everything) {
        self.namespace = namespace
        self.labels = labels
        self.fields = fields
    }

    public func matches(topic: String, object: JSON) -> Bool {
        if let namespace, Self.namespace(ofTopic: topic) != Substring(namespace) { return false }
        if !labels.isEverything && !labels.matches(object: object) { return false }
        if !fields.isEverything && !fields.matches(object) { return false }
        return true
    }

    /// The middle segment of `<plural>/<namespace>/<name>`.
    static func namespace(ofTopic topic: String) -> Substring? {
        let parts = topic.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        return parts.count == 3 ? parts[1] : nil
    }
}
