import Foundation

extension StoreMessages {
    /// `store.txn`: if every compare holds, run `success`, else `failure`. A failed compare is
    /// not an error: the reply says `succeeded: false` and carries the compared keys' versions.
    public struct TxnRequest: Codable, Sendable, Equatable {
        public var compare: [Compare]
        public var success: [Op]
        public var failure: [Op]

        public init(compare: [Compare] = [], success: [Op] = [], failure: [Op] = []) {
            self.compare = compare
            self.success = success
            self.failure = failure
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            compare = try c.decodeIfPresent([Compare].self, forKey: .compare) ?? []
            success = try c.decodeIfPresent([Op].self, forKey: .success) ?? []
            failure = try c.decodeIfPresent([Op].self, forKey: .failure) ?? []
        }
    }

    /// A condition on one key: exactly one of `modRevision`, `createRevision`, `exists`.
    /// `modRevision: 0` means "does not exist" (create-if-absent).
    public struct Compare: Codable, Sendable, Equatable {
        public var key: String
        public var modRevision: Int64?
        public var createRevision: Int64?
        public var exists: Bool?

        public init(key: String, modRevision: Int64? = nil, createRevision: Int64? = nil, exists: Bool? = nil) {
            self.key = key
            self.modRevision = modRevision
            self.createRevision = createRevision
            self.exists = exists
        }
    }

    /// One operation: a JSON object with exactly one member, `put`, `delete`, `get` or `range`.
    public enum Op: Codable, Sendable, Equatable {
        case put(Put)
        case delete(KeyOnly)
        case get(KeyOnly)
        case range(RangeRequest)

        public struct Put: Codable, Sendable, Equatable {
            public var key: String
            public var value: Data
            public var lease: Int64?
            public init(key: String, value: Data, lease: Int64? = nil) {
                self.key = key
                self.value = value
                self.lease = lease
            }
        }

        public struct KeyOnly: Codable, Sendable, Equatable {
            public var key: String
            public init(key: String) { self.key = key }
        }

        enum CodingKeys: String, CodingKey { case put, delete, get, range }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            guard c.allKeys.count == 1, let which = c.allKeys.first else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                    debugDescription: "an op has exactly one of put, delete, get, range"))
            }
            switch which {
            case .put: self = .put(try c.decode(Put.self, forKey: .put))
            case .delete: self = .delete(try c.decode(KeyOnly.self, forKey: .delete))
            case .get: self = .get(try c.decode(KeyOnly.self, forKey: .get))
            case .range: self = .range(try c.decode(RangeRequest.self, forKey: .range))
            }
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .put(let p): try c.encode(p, forKey: .put)
            case .delete(let k): try c.encode(k, forKey: .delete)
            case .get(let k): try c.encode(k, forKey: .get)
            case .range(let r): try c.encode(r, forKey: .range)
            }
        }
    }

    /// The answer to one op, in the order of the branch that ran; one member named like the op.
    public enum OpResponse: Codable, Sendable, Equatable {
        /// The put's revision and the version it replaced.
        case put(revision: Int64, previous: KeyValue?)
        /// The delete's revision (`nil` when the key did not exist) and the deleted version.
        case delete(revision: Int64?, previous: KeyValue?)
        case get(KeyValue?)
        case range(RangeResponse)

        struct Write: Codable { var revision: Int64?; var previous: KeyValue? }
        struct Read: Codable { var kv: KeyValue? }
        enum CodingKeys: String, CodingKey { case put, delete, get, range }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            if let w = try c.decodeIfPresent(Write.self, forKey: .put) {
                self = .put(revision: w.revision ?? 0, previous: w.previous)
            } else if let w = try c.decodeIfPresent(Write.self, forKey: .delete) {
                self = .delete(revision: w.revision, previous: w.previous)
            } else if let r = try c.decodeIfPresent(Read.self, forKey: .get) {
                self = .get(r.kv)
            } else {
                self = .range(try c.decode(RangeResponse.self, forKey: .range))
            }
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .put(let r, let p): try c.encode(Write(revision: r, previous: p), forKey: .put)
            case .delete(let r, let p): try c.encode(Write(revision: r, previous: p), forKey: .delete)
            case .get(let kv): try c.encode(Read(kv: kv), forKey: .get)
            case .range(let r): try c.encode(r, forKey: .range)
            }
        }
    }

    public struct TxnResponse: Codable, Sendable, Equatable {
        public var succeeded: Bool
        /// The store revision after the transaction.
        public var revision: Int64
        public var responses: [OpResponse]
        /// When the compares failed: each compared key's current version (`null` = absent), in
        /// the order of `compare`. Empty on success.
        public var current: [KeyValue?]
    }
}
