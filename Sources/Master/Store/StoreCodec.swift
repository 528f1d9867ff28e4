import Bus
import EventLog
import Foundation

/// Turns wire messages into `EventLog` requests and back, and JSON bytes into messages. Every
/// failure is a `BusError` with the reason the protocol names (`proto-docs/store.md` §4).
enum StoreCodec {
    static func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8], method: String) throws -> T {
        let bytes = body.isEmpty ? Array("{}".utf8) : body
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw BusError.invalid("\(method): request body is not valid UTF-8 (keys must be UTF-8)")
        }
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch let error as DecodingError {
            throw BusError.badRequest("\(method): malformed JSON request: \(describe(error))")
        } catch {
            throw BusError.badRequest("\(method): malformed JSON request: \(error)")
        }
    }

    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ c: DecodingError.Context) -> String {
            let p = c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return p.isEmpty ? c.debugDescription : "\(p): \(c.debugDescription)"
        }
        switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): return path(c)
        case .keyNotFound(let k, let c): return "missing field \"\(k.stringValue)\"" + (c.codingPath.isEmpty ? "" : " in " + path(c))
        @unknown default: return "\(error)"
        }
    }

    /// A key that may be stored: non-empty, starting with `/` (so that every change is on the
    /// change stream `/`), at most 8 KiB.
    static func key(_ string: String) throws -> Key {
        if string.isEmpty { throw BusError.invalid("key is empty") }
        guard string.utf8.first == UInt8(ascii: "/") else {
            throw BusError.invalid("key \"\(string.prefix(100))\" does not start with \"/\"")
        }
        if string.utf8.count > Key.maxLength {
            throw BusError.invalid("key is \(string.utf8.count) bytes, longer than \(Key.maxLength)")
        }
        return Key(string)
    }

    static func range(_ r: StoreMessages.RangeRequest) throws -> RangeRequest {
        let limit = r.limit ?? 0
        if limit < 0 { throw BusError.invalid("limit is negative") }
        let after = try r.after.map { try key($0) }
        if r.prefix == true {
            if r.key.utf8.count > Key.maxLength { throw BusError.invalid("prefix is longer than \(Key.maxLength) bytes") }
            return .prefix(Key(r.key), limit: limit, after: after)
        }
        return RangeRequest(key: try key(r.key), match: .exact, limit: limit, after: after)
    }

    static func txn(_ t: StoreMessages.TxnRequest) throws -> Txn {
        let compares = try t.compare.map { c -> Compare in
            let k = try key(c.key)
            switch (c.modRevision, c.createRevision, c.exists) {
            case (let r?, nil, nil): return Compare(k, .modRevision(r))
            case (nil, let r?, nil): return Compare(k, .createRevision(r))
            case (nil, nil, let e?): return Compare(k, e ? .exists : .absent)
            default: throw BusError.invalid("compare on \"\(c.key)\" needs exactly one of modRevision, createRevision, exists")
            }
        }
        return Txn(compares: compares, success: try t.success.map(op), failure: try t.failure.map(op))
    }

    static func op(_ o: StoreMessages.Op) throws -> Op {
        switch o {
        case .put(let p): return .put(try key(p.key), Array(p.value), lease: p.lease ?? 0)
        case .delete(let d): return .delete(try key(d.key))
        case .get(let g): return .get(try key(g.key))
        case .range(let r): return .range(try range(r))
        }
    }

    static func wire(_ kv: KeyValue) -> StoreMessages.KeyValue {
        StoreMessages.KeyValue(key: kv.key.string, value: Data(kv.value), createRevision: kv.createRevision,
                               modRevision: kv.modRevision, lease: kv.lease)
    }

    static func wire(_ r: Record) -> StoreMessages.Record {
        StoreMessages.Record(revision: r.revision, type: r.isTombstone ? .delete : .put, key: r.key.string,
                             value: r.value.map { Data($0) }, createRevision: r.createRevision,
                             prevRevision: r.prevRevision, lease: r.lease)
    }

    static func wire(_ r: RangeResult) -> StoreMessages.RangeResponse {
        StoreMessages.RangeResponse(kvs: r.kvs.map(wire), revision: r.revision, count: r.count, more: r.more)
    }

    static func wire(_ t: TxnResult) -> StoreMessages.TxnResponse {
        let responses = t.responses.map { r -> StoreMessages.OpResponse in
            switch r {
            case .put(let rev, let prev): return .put(revision: rev, previous: prev.map(wire))
            case .delete(let rev, let prev): return .delete(revision: rev, previous: prev.map(wire))
            case .get(let kv): return .get(kv.map(wire))
            case .range(let rr): return .range(wire(rr))
            }
        }
        return StoreMessages.TxnResponse(succeeded: t.succeeded, revision: t.revision, responses: responses,
                                         current: t.current.map { $0.map(wire) })
    }

    /// The bus error for an event-log error.
    static func busError(_ e: EventLogError) -> BusError {
        switch e {
        case .invalidKey, .invalidRequest, .futureRevision: return .invalid(e.description)
        case .valueTooLarge: return BusError(.requestEntityTooLarge, e.description)
        case .compacted(let oldest):
            return .gone("required revision has been compacted; oldest available revision is \(oldest)")
        case .leaseNotFound: return .notFound(e.description)
        case .io where e.isDiskFull:
            return .unavailable("disk full, write refused: \(e.description); acknowledged data is safe, reads go on, writes resume when space is freed")
        case .closed: return .unavailable("store is not accepting writes: \(e.description)")
        case .corrupt, .inconsistent, .io, .locked: return .internal(e.description)
        }
    }
}
