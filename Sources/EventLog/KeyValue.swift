/// Identifies a lease; `0` means "no lease".
public typealias LeaseID = Int64

/// The current version of one key in the materialized state.
public struct KeyValue: Sendable, Equatable {
    public var key: Key
    public var value: [UInt8]
    /// Revision of the put that created this key (since it last did not exist).
    public var createRevision: Int64
    /// Revision of the latest put to this key (Kubernetes' `resourceVersion`).
    public var modRevision: Int64
    /// Lease the key is attached to, `0` if none.
    public var lease: LeaseID

    public init(key: Key, value: [UInt8], createRevision: Int64, modRevision: Int64, lease: LeaseID = 0) {
        self.key = key
        self.value = value
        self.createRevision = createRevision
        self.modRevision = modRevision
        self.lease = lease
    }
}

/// One committed change: the unit of the log and of the change stream. Exactly one record per
/// revision, so a stream of records has contiguous revisions (sequence = revision).
public struct Record: Sendable, Equatable {
    /// The revision of this change (= its index in the log's change sequence, from 1).
    public var revision: Int64
    public var key: Key
    /// The new value, or `nil` for a tombstone (delete).
    public var value: [UInt8]?
    /// For a put, the key's createRevision after it; for a tombstone, that of the deleted version.
    public var createRevision: Int64
    /// The key's modRevision before this change, `0` if it did not exist.
    public var prevRevision: Int64
    /// Lease of the put, `0` if none (always `0` for tombstones).
    public var lease: LeaseID

    public init(revision: Int64, key: Key, value: [UInt8]?, createRevision: Int64, prevRevision: Int64, lease: LeaseID = 0) {
        self.revision = revision
        self.key = key
        self.value = value
        self.createRevision = createRevision
        self.prevRevision = prevRevision
        self.lease = lease
    }

    /// True for a delete.
    public var isTombstone: Bool { value == nil }

    /// The key-value this record put, `nil` for a tombstone.
    public var keyValue: KeyValue? {
        value.map { KeyValue(key: key, value: $0, createRevision: createRevision, modRevision: revision, lease: lease) }
    }
}
