/// Decodes protobuf messages into JSON objects by walking a field table (``ProtobufSchema``).
///
/// Guarantees:
/// - Pure and total: malformed input throws `StatusError.badRequest` naming the JSON path, never
///   traps or loops; nesting deeper than `maxDepth` messages throws.
/// - Unknown field numbers are skipped.
/// - Members appear in wire order (gogo-protobuf writes fields by ascending number). Repeated
///   and map fields keep the position of their first occurrence; a non-repeated field sent twice
///   keeps its last value (nested messages are replaced, not merged).
/// - Zero scalars are left out unless the table says `keepsZero`, which reproduces what Go's
///   `encoding/json` writes for the same object (`omitempty`, pointers, non-pointer structs).
struct ProtobufDecoder {
    let schema: [String: ProtobufMessage]
    let maxDepth: Int
    let bytes: [UInt8]

    /// The decoder for one body, with Kubernetes' tables by default.
    init(_ bytes: [UInt8], schema: [String: ProtobufMessage] = ProtobufSchema.messages, maxDepth: Int = 32) {
        self.bytes = bytes
        self.schema = schema
        self.maxDepth = maxDepth
    }

    /// The message `name` held in `range`, as a JSON object. `path` names it in error messages.
    func object(_ name: String, in range: Range<Int>, path: String, depth: Int = 1) throws(StatusError) -> JSONObject {
        var members = JSONObject()
        try decodeMembers(name, in: range, path: path, depth: depth, into: &members)
        return members
    }

    private func decodeMembers(_ name: String, in range: Range<Int>, path: String, depth: Int,
                               into members: inout JSONObject) throws(StatusError) {
        guard depth <= maxDepth else {
            throw .badRequest("malformed protobuf body: \(path) is nested more than \(maxDepth) messages deep")
        }
        guard let message = schema[name] else {
            throw .internalError("no protobuf field table for message \(name)")
        }
        var reader = ProtobufReader(bytes, range: range)
        // Repeated and map values are gathered here and stored once, at the end.
        var lists: [String: [JSON]] = [:]
        var maps: [String: JSONObject] = [:]
        while !reader.isAtEnd {
            let (number, wireType) = try reader.readTag()
            guard let field = message.fields[number] else {
                try reader.skip(wireType)
                continue
            }
            let fieldPath = path.isEmpty ? field.name : "\(path).\(field.name)"
            switch (field.shape, field.type) {
            case (.inline, .message(let inner)):
                let payload = try lengthDelimited(&reader, wireType, path)
                try decodeMembers(inner, in: payload, path: path, depth: depth + 1, into: &members)
            case (.inline, _):
                throw .internalError("inline protobuf field \(number) of \(name) is not a message")
            case (.single, .map(let valueType)):
                let payload = try lengthDelimited(&reader, wireType, fieldPath)
                if members[field.name] == nil { members[field.name] = .null }
                let (key, value) = try mapEntry(valueType, in: payload, path: fieldPath, depth: depth + 1)
                maps[field.name, default: JSONObject()][key] = value
            case (.single(let keepsZero), let type):
                let value = try self.value(type, &reader, wireType, path: fieldPath, depth: depth)
                if keepsZero || !type.isScalar || !Self.isZero(value) {
                    members[field.name] = value
                } else {
                    members[field.name] = nil
                }
            case (.repeated, let type):
                if members[field.name] == nil { members[field.name] = .null }
                let elementPath = "\(fieldPath)[\(lists[field.name]?.count ?? 0)]"
                if wireType == .lengthDelimited, Self.isVarint(type) {
                    // A packed run of varints.
                    var packed = ProtobufReader(bytes, range: try reader.readLengthDelimited())
                    while !packed.isAtEnd {
                        lists[field.name, default: []].append(try value(type, &packed, .varint, path: elementPath, depth: depth))
                    }
                } else {
                    lists[field.name, default: []].append(try value(type, &reader, wireType, path: elementPath, depth: depth))
                }
            }
        }
        for (key, list) in lists { members[key] = .array(list) }
        for (key, map) in maps { members[key] = .object(map) }
    }

    /// One value of `type`, read from `reader` with the wire type the tag announced.
    private func value(_ type: ProtobufValueType, _ reader: inout ProtobufReader, _ wireType: ProtobufWireType,
                       path: String, depth: Int) throws(StatusError) -> JSON {
        switch type {
        case .bool: return .bool(try varint(&reader, wireType, path) != 0)
        case .int32: return .int(Int64(Int32(truncatingIfNeeded: try varint(&reader, wireType, path))))
        case .int64: return .int(Int64(bitPattern: try varint(&reader, wireType, path)))
        case .string:
            return .string(String(decoding: bytes[try lengthDelimited(&reader, wireType, path)], as: UTF8.self))
        case .bytes:
            return .string(Base64.encode(bytes[try lengthDelimited(&reader, wireType, path)]))
        case .time:
            return try time(in: try lengthDelimited(&reader, wireType, path), path: path)
        case .quantity:
            return try quantity(in: try lengthDelimited(&reader, wireType, path), path: path)
        case .intOrString:
            return try intOrString(in: try lengthDelimited(&reader, wireType, path), path: path)
        case .message(let name):
            let payload = try lengthDelimited(&reader, wireType, path)
            return .object(try object(name, in: payload, path: path, depth: depth + 1))
        case .map:
            throw .internalError("protobuf map field \(path) is declared repeated")
        }
    }

    /// A `map<string, V>` entry: key 1, value 2. A missing key or value is its zero value.
    private func mapEntry(_ valueType: ProtobufValueType, in range: Range<Int>, path: String,
                          depth: Int) throws(StatusError) -> (String, JSON) {
        guard depth <= maxDepth else {
            throw .badRequest("malformed protobuf body: \(path) is nested more than \(maxDepth) messages deep")
        }
        var reader = ProtobufReader(bytes, range: range)
        var key = ""
        var value: JSON?
        while !reader.isAtEnd {
            let (number, wireType) = try reader.readTag()
            switch number {
            case 1:
                key = String(decoding: bytes[try lengthDelimited(&reader, wireType, path)], as: UTF8.self)
            case 2:
                value = try self.value(valueType, &reader, wireType, path: "\(path)[\(key)]", depth: depth)
            default:
                try reader.skip(wireType)
            }
        }
        return (key, value ?? Self.zeroValue(valueType))
    }

    /// What Go's `encoding/json` writes for a zero value of `type`.
    static func zeroValue(_ type: ProtobufValueType) -> JSON {
        switch type {
        case .string, .bytes: ""
        case .bool: false
        case .int32, .int64, .intOrString: 0
        case .quantity: "0"
        case .time: .null
        case .message, .map: .emptyObject
        }
    }

    private func varint(_ reader: inout ProtobufReader, _ wireType: ProtobufWireType, _ path: String) throws(StatusError) -> UInt64 {
        guard wireType == .varint else { throw Self.wrongWireType(wireType, path) }
        return try reader.readVarint()
    }

    private func lengthDelimited(_ reader: inout ProtobufReader, _ wireType: ProtobufWireType,
                                 _ path: String) throws(StatusError) -> Range<Int> {
        guard wireType == .lengthDelimited else { throw Self.wrongWireType(wireType, path) }
        return try reader.readLengthDelimited()
    }

    static func wrongWireType(_ wireType: ProtobufWireType, _ path: String) -> StatusError {
        .badRequest("malformed protobuf body: \(path): wrong wire type \(wireType.rawValue)")
    }

    private static func isVarint(_ type: ProtobufValueType) -> Bool {
        switch type {
        case .bool, .int32, .int64: true
        default: false
        }
    }

    private static func isZero(_ value: JSON) -> Bool {
        switch value {
        case .string(let s): s.isEmpty
        case .int(let i): i == 0
        case .bool(let b): !b
        default: false
        }
    }
}
