/// A transaction: if every compare holds (against the latest state, including writes accepted but
/// not yet durable), run `success`, else run `failure`. Atomic: either all its writes become
/// durable and visible together, or none do.
///
/// Each key may be written at most once per transaction. Each put/delete that changes a key gets
/// its own revision (kine-style), consecutive within the transaction, so the change stream carries
/// exactly one record per revision with no gaps.
public struct Txn: Sendable {
    public var compares: [Compare]
    public var success: [Op]
    public var failure: [Op]

    public init(compares: [Compare] = [], success: [Op] = [], failure: [Op] = []) {
        self.compares = compares
        self.success = success
        self.failure = failure
    }
}

/// A condition on one key's current version.
public struct Compare: Sendable, Equatable {
    public enum Condition: Sendable, Equatable {
        /// The key exists with this modRevision (`0` = the key does not exist).
        case modRevision(Int64)
        /// The key exists with this createRevision (`0` = the key does not exist).
        case createRevision(Int64)
        /// The key exists.
        case exists
        /// The key does not exist.
        case absent
    }

    public var key: Key
    public var condition: Condition

    public init(_ key: Key, _ condition: Condition) {
        self.key = key
        self.condition = condition
    }

    /// Create-if-absent.
    public static func absent(_ key: Key) -> Compare { Compare(key, .absent) }
    /// Update- or delete-if-unchanged.
    public static func modRevision(_ key: Key, equals revision: Int64) -> Compare { Compare(key, .modRevision(revision)) }

    func holds(for kv: KeyValue?) -> Bool {
        switch condition {
        case .modRevision(let r): return (kv?.modRevision ?? 0) == r
        case .createRevision(let r): return (kv?.createRevision ?? 0) == r
        case .exists: return kv != nil
        case .absent: return kv == nil
        }
    }
}

/// One operation of a transaction branch.
public enum Op: Sendable, Equatable {
    /// Write `value` at `key`, attached to `lease` (`0` = none; the lease must exist).
    case put(Key, [UInt8], lease: LeaseID = 0)
    /// Delete `key`; a no-op that uses no revision when the key does not exist.
    case delete(Key)
    /// Read one key.
    case get(Key)
    /// Read a range.
    case range(RangeRequest)
}

/// The answer to one `Op`, in the order of the branch that ran.
public enum OpResponse: Sendable, Equatable {
    /// The put's revision and the version it replaced.
    case put(revision: Int64, previous: KeyValue?)
    /// The delete's revision (`nil` if the key did not exist) and the deleted version.
    case delete(revision: Int64?, previous: KeyValue?)
    case get(KeyValue?)
    case range(RangeResult)
}

/// The outcome of `EventLog.txn`. Returned only once the transaction's writes (and every write it
/// observed) are durable.
public struct TxnResult: Sendable, Equatable {
    /// Whether the compares held (the success branch ran).
    public var succeeded: Bool
    /// The store revision after this transaction (the revision its reads were made at).
    public var revision: Int64
    /// One response per op of the branch that ran.
    public var responses: [OpResponse]
    /// When the compares failed: the current version (or `nil` = absent) of each compared key,
    /// in the order of `compares`, so a caller can answer 409 Conflict. Empty on success.
    public var current: [KeyValue?]

    /// The revisions of the writes this transaction committed, ascending and consecutive.
    public var revisions: [Int64] {
        responses.compactMap {
            switch $0 {
            case .put(let r, _): return r
            case .delete(let r, _): return r
            default: return nil
            }
        }
    }
}
