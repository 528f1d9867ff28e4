/// A read of one key or of every key under a prefix, in byte order of keys.
public struct RangeRequest: Sendable, Equatable {
    public enum Match: Sendable, Equatable {
        /// Exactly `key`.
        case exact
        /// Every key that starts with `key`'s bytes.
        case prefix
    }

    public var key: Key
    public var match: Match
    /// Most key-values to return; `0` = no limit.
    public var limit: Int
    /// Continue token: return only keys strictly after this one.
    public var after: Key?

    public init(key: Key, match: Match = .exact, limit: Int = 0, after: Key? = nil) {
        self.key = key
        self.match = match
        self.limit = limit
        self.after = after
    }

    /// Every key under `prefix`.
    public static func prefix(_ prefix: Key, limit: Int = 0, after: Key? = nil) -> RangeRequest {
        RangeRequest(key: prefix, match: .prefix, limit: limit, after: after)
    }
}

/// The answer to a `RangeRequest`, read at one revision.
public struct RangeResult: Sendable, Equatable {
    /// Matching key-values in key order, at most `limit`.
    public var kvs: [KeyValue]
    /// The store revision the range was read at.
    public var revision: Int64
    /// Number of matching keys after the continue token (including those returned).
    public var count: Int
    /// True when more keys match than were returned; continue after `kvs.last!.key`.
    public var more: Bool { count > kvs.count }

    public init(kvs: [KeyValue], revision: Int64, count: Int) {
        self.kvs = kvs
        self.revision = revision
        self.count = count
    }
}

/// The answer to `EventLog.changes(since:limit:)`.
public struct ChangesResult: Sendable, Equatable {
    /// Records with revision greater than the requested one, ascending and contiguous.
    public var records: [Record]
    /// The committed store revision when the read was made.
    public var revision: Int64
    /// True when records beyond the last returned one exist (the limit cut the answer short).
    public var more: Bool
}
