import Resources

/// One event for an HTTP watcher: a WatchEvent's type and object, its revision, and — for
/// events that came off the cluster event stream — the WatchEvent bytes as published, so a
/// plain JSON watch forwards them without serializing again.
public struct WatchItem: Sendable, Hashable {
    /// `ADDED`, `MODIFIED`, `DELETED`.
    public var type: String
    public var object: JSON
    public var revision: UInt64
    public var raw: [UInt8]?

    public init(type: String, object: JSON, revision: UInt64, raw: [UInt8]? = nil) {
        self.type = type
        self.object = object
        self.revision = revision
        self.raw = raw
    }

    /// A WatchEvent JSON (`{"type":…,"object":…}`) from the API server; its revision is the
    /// object's `metadata.resourceVersion`. Nil if it is not one.
    public init?(watchEvent json: JSON, raw: [UInt8]? = nil) {
        guard let type = json["type"]?.string, let object = json["object"], object.object != nil else { return nil }
        self.init(type: type, object: object, revision: Self.revision(of: object) ?? 0, raw: raw)
    }

    /// `metadata.resourceVersion` as a revision.
    public static func revision(of object: JSON) -> UInt64? {
        object["metadata"]["resourceVersion"]?.string.flatMap { UInt64($0) }
    }
}

/// An event of a resource's stream as the fan-out receives it: its topic
/// (`<plural>/<namespace>/<name>`), store revision, and parsed WatchEvent.
public struct StreamEvent: Sendable, Hashable {
    public var topic: String
    public var item: WatchItem

    public init(topic: String, item: WatchItem) {
        self.topic = topic
        self.item = item
    }
}
