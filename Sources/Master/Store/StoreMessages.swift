import Foundation

/// The JSON bodies of the store protocol (`proto-docs/store.md`). Keys are JSON strings (UTF-8,
/// starting with `/`); values are base64 strings, because they are arbitrary bytes.
public enum StoreMessages {
    /// One key's current version.
    public struct KeyValue: Codable, Sendable, Equatable {
        public var key: String
        /// The value, base64 in JSON.
        public var value: Data
        public var createRevision: Int64
        public var modRevision: Int64
        /// `0` when the key has no lease.
        public var lease: Int64

        public init(key: String, value: Data, createRevision: Int64, modRevision: Int64, lease: Int64 = 0) {
            self.key = key
            self.value = value
            self.createRevision = createRevision
            self.modRevision = modRevision
            self.lease = lease
        }
    }

    /// One committed change: the body of a change-stream event and an element of `store.changes`.
    public struct Record: Codable, Sendable, Equatable {
        public enum Kind: String, Codable, Sendable { case put, delete }
        public var revision: Int64
        public var type: Kind
        public var key: String
        /// The new value (base64); absent for a delete.
        public var value: Data?
        public var createRevision: Int64
        /// The key's modRevision before this change, `0` if it did not exist.
        public var prevRevision: Int64
        public var lease: Int64

        public init(revision: Int64, type: Kind, key: String, value: Data?, createRevision: Int64, prevRevision: Int64, lease: Int64) {
            self.revision = revision
            self.type = type
            self.key = key
            self.value = value
            self.createRevision = createRevision
            self.prevRevision = prevRevision
            self.lease = lease
        }
    }

    /// `store.range`, and the `range` op of a transaction.
    public struct RangeRequest: Codable, Sendable, Equatable {
        public var key: String
        /// Every key starting with `key` (which may then be empty: every key).
        public var prefix: Bool?
        /// At most this many key-values; `0` or absent = no limit.
        public var limit: Int?
        /// Continue token: only keys strictly after this one.
        public var after: String?

        public init(key: String, prefix: Bool? = nil, limit: Int? = nil, after: String? = nil) {
            self.key = key
            self.prefix = prefix
            self.limit = limit
            self.after = after
        }
    }

    public struct RangeResponse: Codable, Sendable, Equatable {
        public var kvs: [KeyValue]
        /// The store revision the range was read at.
        public var revision: Int64
        /// Keys matching (after the continue token), returned or not.
        public var count: Int
        /// More keys match than were returned; continue after the last key.
        public var more: Bool
    }

    /// `store.changes`: records with revision greater than `since`.
    public struct ChangesRequest: Codable, Sendable, Equatable {
        public var since: Int64
        /// At most this many records (default 1000, at most 10000).
        public var limit: Int?
        public init(since: Int64, limit: Int? = nil) {
            self.since = since
            self.limit = limit
        }
    }

    public struct ChangesResponse: Codable, Sendable, Equatable {
        /// Ascending, contiguous revisions.
        public var records: [Record]
        /// The store revision when read.
        public var revision: Int64
        /// Records after the last returned one exist.
        public var more: Bool
    }

    public struct CompactRequest: Codable, Sendable, Equatable {
        public var revision: Int64
        public init(revision: Int64) { self.revision = revision }
    }

    public struct CompactResponse: Codable, Sendable, Equatable {
        public var revision: Int64
        public var compactedRevision: Int64
    }

    public struct LeaseGrantRequest: Codable, Sendable, Equatable {
        public var ttlMillis: Int64
        public init(ttlMillis: Int64) { self.ttlMillis = ttlMillis }
    }

    /// `store.lease.keepalive` and `store.lease.revoke` take a lease id.
    public struct LeaseIDRequest: Codable, Sendable, Equatable {
        public var id: Int64
        public init(id: Int64) { self.id = id }
    }

    /// The answer to `store.lease.grant` and `store.lease.keepalive`.
    public struct LeaseResponse: Codable, Sendable, Equatable {
        public var id: Int64
        public var ttlMillis: Int64
    }

    public struct LeaseRevokeResponse: Codable, Sendable, Equatable {
        public var id: Int64
        /// The tombstones of the keys the lease held.
        public var deleted: [Record]
    }

    public struct LeaseListResponse: Codable, Sendable, Equatable {
        public struct Lease: Codable, Sendable, Equatable {
            public var id: Int64
            public var ttlMillis: Int64
            public var keys: [String]
        }
        public var leases: [Lease]
    }

    public struct StatusResponse: Codable, Sendable, Equatable {
        public var version: String
        public var revision: Int64
        public var compactedRevision: Int64
        public var keys: Int
        public var leases: Int
        /// Bytes of segment and snapshot files in the data directory.
        public var dbSizeBytes: Int64
        public var dataDirectory: String
        /// The change stream's publisher epoch and the revision it started at: an event with
        /// sequence `s` in this epoch has revision `sequenceBase + s`.
        public var epoch: UInt64
        public var sequenceBase: Int64
        /// fdatasync calls and batches since start (group commit: syncs ≤ batches ≤ writes).
        public var syncs: Int
        public var batches: Int
    }

    public struct SnapshotResponse: Codable, Sendable, Equatable {
        /// File name in the data directory; read it with `store.snapshot.read`.
        public var name: String
        public var revision: Int64
        public var keys: Int
        public var bytes: Int64
    }

    public struct SnapshotReadRequest: Codable, Sendable, Equatable {
        public var name: String
        public var offset: Int64
        /// At most 4 MiB; default 1 MiB.
        public var length: Int?
        public init(name: String, offset: Int64, length: Int? = nil) {
            self.name = name
            self.offset = offset
            self.length = length
        }
    }

    public struct SnapshotReadResponse: Codable, Sendable, Equatable {
        public var data: Data
        /// The file ends after these bytes.
        public var eof: Bool
    }
}
