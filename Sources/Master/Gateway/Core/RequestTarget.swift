/// An HTTP request target (`/api/v1/namespaces/default/pods?limit=500`) split into decoded
/// path segments and query parameters, the way Go's `net/url` reads it.
///
/// - Path segments are percent-decoded one by one, so an encoded `/` (`%2F`) stays inside its
///   segment. A trailing `/` is ignored; an empty segment inside the path is kept (and routes
///   nowhere).
/// - Query parameters are percent-decoded, `+` is a space; a repeated parameter keeps its last
///   value, as ``Client/APIRequest`` documents. Malformed escapes are kept literally.
public struct RequestTarget: Sendable, Hashable {
    public var segments: [String]
    public var query: [String: String]

    public init(segments: [String], query: [String: String] = [:]) {
        self.segments = segments
        self.query = query
    }

    public init(_ target: String) {
        let utf8 = Array(target.utf8)
        let questionMark = utf8.firstIndex(of: UInt8(ascii: "?")) ?? utf8.endIndex
        var segments = utf8[..<questionMark].split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            .map { Self.percentDecoded($0, plusIsSpace: false) }
        if segments.first == "" { segments.removeFirst() }
        if segments.last == "" { segments.removeLast() }
        var query: [String: String] = [:]
        if questionMark < utf8.endIndex {
            for pair in utf8[(questionMark + 1)...].split(separator: UInt8(ascii: "&")) {
                let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
                let key = Self.percentDecoded(parts[0], plusIsSpace: true)
                guard !key.isEmpty else { continue }
                query[key] = parts.count > 1 ? Self.percentDecoded(parts[1], plusIsSpace: true) : ""
            }
        }
        self.segments = segments
        self.query = query
    }

    /// `%41` → `A`; with `plusIsSpace`, `+` → space. Invalid escapes are kept as they are;
    /// invalid UTF-8 is repaired with U+FFFD.
    static func percentDecoded(_ bytes: ArraySlice<UInt8>, plusIsSpace: Bool) -> String {
        guard bytes.contains(where: { $0 == UInt8(ascii: "%") || (plusIsSpace && $0 == UInt8(ascii: "+")) }) else {
            return String(decoding: bytes, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == UInt8(ascii: "%"), i + 2 < bytes.endIndex,
               let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
                continue
            }
            out.append(plusIsSpace && b == UInt8(ascii: "+") ? UInt8(ascii: " ") : b)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
