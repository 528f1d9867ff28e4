import Resources

/// A successful reply of the API server (SKIFF-API/1): an HTTP status, warnings, and the
/// response body as bytes — the object, list, Status or Scale exactly as the gateway sends it
/// to HTTP clients, so a large list passes through the gateway without being parsed again.
///
/// On the wire: a one-line JSON header (`{"code":201,"warnings":["…"]}`), a newline, the body.
/// Errors are not replies: they travel as RPC errors whose message is a `metav1.Status` (see
/// ``APIError``).
public struct APIReply: Sendable, Hashable {
    public var code: Int
    public var warnings: [String]
    public var body: [UInt8]

    public init(code: Int = 200, warnings: [String] = [], body: [UInt8]) {
        self.code = code
        self.warnings = warnings
        self.body = body
    }

    public init(code: Int = 200, warnings: [String] = [], object: JSON) {
        self.init(code: code, warnings: warnings, body: object.serializedBytes())
    }

    /// The body parsed as JSON.
    public func object() throws(StatusError) -> JSON {
        do { return try JSON.parse(body) } catch { throw .internalError("malformed API reply body: \(error)") }
    }

    public func encoded() -> [UInt8] {
        var header: JSONObject = ["code": .int(Int64(code))]
        if !warnings.isEmpty { header["warnings"] = .array(warnings.map { .string($0) }) }
        var out = JSON.object(header).serializedBytes()
        out.append(0x0A)
        out.append(contentsOf: body)
        return out
    }

    public init(decoding bytes: [UInt8]) throws(StatusError) {
        guard let newline = bytes.firstIndex(of: 0x0A) else {
            throw .internalError("malformed API reply: no header line")
        }
        let header: JSON
        do { header = try JSON.parse(bytes[..<newline]) } catch {
            throw .internalError("malformed API reply header: \(error)")
        }
        guard let code = header["code"]?.int else { throw .internalError("malformed API reply header: no code") }
        self.code = Int(code)
        self.warnings = (header["warnings"]?.array ?? []).compactMap(\.string)
        self.body = Array(bytes[(newline + 1)...])
    }
}
