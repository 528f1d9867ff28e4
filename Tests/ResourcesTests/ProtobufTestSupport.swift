import Testing
@testable import Resources

/// One body kubectl sent, and what it printed for the same command with `--dry-run=client -o json`.
struct KubectlCapture: Sendable, CustomTestStringConvertible {
    /// Which capture, e.g. `deployment`.
    let name: String
    /// The raw request body.
    let body: [UInt8]
    /// The dry-run JSON, or nil for commands without a dry run (`debug`).
    let dryRun: String?

    /// `body` is base64 and `dryRun` compact JSON, both possibly wrapped over lines: raw line
    /// breaks are dropped (compact JSON escapes the ones inside strings).
    init(name: String, body: String, dryRun: String?) {
        self.name = name
        self.body = TestBase64.decode(body.filter { $0 != "\n" && $0 != " " })
        self.dryRun = dryRun?.filter { $0 != "\n" }
    }

    var testDescription: String { name }

    /// The dry-run JSON, parsed.
    func expected() throws -> JSON { try JSON.parse(try #require(dryRun)) }
}

/// Base64 decoding for fixtures (the library only encodes).
enum TestBase64 {
    static func decode(_ text: String) -> [UInt8] {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var value: [UInt8: UInt32] = [:]
        for (i, c) in alphabet.enumerated() { value[c] = UInt32(i) }
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for c in text.utf8 where c != UInt8(ascii: "=") {
            buffer = buffer << 6 | value[c]!
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        return out
    }
}

/// Builds protobuf bytes by hand for edge cases: `PB.message(PB.string(1, "web"), PB.varint(7, 3))`.
enum PB {
    static func varintBytes(_ v: UInt64) -> [UInt8] {
        var v = v
        var out: [UInt8] = []
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
        return out
    }
    static func tag(_ number: Int, _ wireType: UInt8) -> [UInt8] { varintBytes(UInt64(number) << 3 | UInt64(wireType)) }
    static func varint(_ number: Int, _ v: Int64) -> [UInt8] { tag(number, 0) + varintBytes(UInt64(bitPattern: v)) }
    static func bytes(_ number: Int, _ payload: [UInt8]) -> [UInt8] { tag(number, 2) + varintBytes(UInt64(payload.count)) + payload }
    static func string(_ number: Int, _ s: String) -> [UInt8] { bytes(number, Array(s.utf8)) }
    static func message(_ number: Int, _ parts: [UInt8]...) -> [UInt8] { bytes(number, parts.flatMap { $0 }) }
    static func fixed32(_ number: Int) -> [UInt8] { tag(number, 5) + [1, 2, 3, 4] }
    static func fixed64(_ number: Int) -> [UInt8] { tag(number, 1) + [1, 2, 3, 4, 5, 6, 7, 8] }
    static func entry(_ number: Int, _ key: String, _ value: [UInt8]) -> [UInt8] { message(number, string(1, key), value) }

    /// A whole body: magic, then `runtime.Unknown` with the type and the object's bytes.
    static func body(apiVersion: String, kind: String, _ object: [UInt8]...) -> [UInt8] {
        KubernetesProtobuf.magic
            + message(1, string(1, apiVersion), string(2, kind))
            + bytes(2, object.flatMap { $0 })
            + string(3, "") + string(4, "")
    }
}
