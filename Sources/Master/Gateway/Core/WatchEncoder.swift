import Resources

/// Turns one HTTP watcher's events into the lines it receives: one JSON WatchEvent per line.
/// For a Table watch, each object becomes a one-row Table, with column definitions only in the
/// first (as the Kubernetes API server does).
public struct WatchEncoder: Sendable {
    public let format: ResponseFormat
    public let type: ResourceType
    private var headersSent = false

    public init(format: ResponseFormat, type: ResourceType) {
        self.format = format
        self.type = type
    }

    /// The line for one event; `now` (seconds since the epoch) dates Table ages.
    public mutating func encode(_ item: WatchItem, now: Int64) -> [UInt8] {
        var line: [UInt8]
        switch format {
        case .object:
            if let raw = item.raw {
                line = raw
            } else {
                line = JSON.object(["type": .string(item.type), "object": item.object]).serializedBytes()
            }
        case .table:
            var table = Tables.table(for: [item.object], type: type, now: now, includeHeaders: !headersSent,
                                             resourceVersion: item.object["metadata"]["resourceVersion"]?.string)
            headersSent = true
            if let v = format.tableAPIVersion { table = table.setting("apiVersion", .string(v)) }
            line = JSON.object(["type": .string(item.type), "object": table]).serializedBytes()
        }
        line.append(0x0A)
        return line
    }

    /// A BOOKMARK at `revision`; `initialEventsEnd` marks the end of `sendInitialEvents`.
    public func bookmark(revision: UInt64, initialEventsEnd: Bool = false) -> [UInt8] {
        var metadata: JSONObject = ["resourceVersion": .string(String(revision))]
        if initialEventsEnd { metadata["annotations"] = ["k8s.io/initial-events-end": "true"] }
        let object: JSON = ["kind": .string(type.kind), "apiVersion": .string(type.groupVersion), "metadata": .object(metadata)]
        var line = JSON.object(["type": "BOOKMARK", "object": object]).serializedBytes()
        line.append(0x0A)
        return line
    }

    /// An ERROR event carrying a Status (410 Expired for a revision older than the watch cache).
    public static func error(_ status: StatusError) -> [UInt8] {
        var line = JSON.object(["type": "ERROR", "object": status.status]).serializedBytes()
        line.append(0x0A)
        return line
    }
}

extension JSON {
    /// The object with `key` set (appended if new); other values unchanged.
    func setting(_ key: String, _ value: JSON) -> JSON {
        guard var o = object else { return self }
        o[key] = value
        return .object(o)
    }
}
