import Resources

/// One message of the cluster event stream (SKIFF-EVENTS/1 topics published by the API server).
///
/// Topic: `<resource>/<namespace>/<name>` (`pods/default/web-0`; cluster-scoped
/// `nodes//node-1`), and for pods bound to a node also `pods@node/<node>/<namespace>/<name>`.
/// `<resource>` is the plural, which is unique among Skiff's kinds. The event's revision is the
/// store revision of the change. Body: a Kubernetes `WatchEvent`,
/// `{"type":"ADDED|MODIFIED|DELETED","object":{…}}`, exactly what an HTTP watcher receives, so
/// the gateway forwards it without re-encoding.
public struct ClusterEvent: Sendable, Hashable {
    public enum EventType: String, Sendable, Hashable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
    }

    public var type: EventType
    public var object: JSON

    public init(_ type: EventType, _ object: JSON) {
        self.type = type
        self.object = object
    }

    /// The stream of one resource: `pods/`.
    public static func stream(resource: String) -> String { resource + "/" }
    /// The stream of the pods bound to one node: `pods@node/node-1/`.
    public static func nodeStream(node: String) -> String { "pods@node/\(node)/" }

    public static func topic(resource: String, namespace: String?, name: String) -> String {
        "\(resource)/\(namespace ?? "")/\(name)"
    }
    public static func nodeTopic(node: String, namespace: String?, name: String) -> String {
        "pods@node/\(node)/\(namespace ?? "")/\(name)"
    }

    /// The WatchEvent JSON.
    public var watchEvent: JSON { ["type": .string(type.rawValue), "object": object] }

    public func encoded() -> [UInt8] { watchEvent.serializedBytes() }

    public init(decoding bytes: [UInt8]) throws(StatusError) {
        let json: JSON
        do { json = try JSON.parse(bytes) } catch { throw .badRequest("malformed cluster event: \(error)") }
        guard let t = json["type"]?.string, let type = EventType(rawValue: t), let object = json["object"],
              object.object != nil else {
            throw .badRequest("malformed cluster event: needs type ADDED|MODIFIED|DELETED and an object")
        }
        self.init(type, object)
    }
}
