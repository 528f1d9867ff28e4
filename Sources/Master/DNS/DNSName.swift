/// A domain name as its labels, in wire order (`www`, `example`, `com`); the root is no labels.
///
/// Labels are raw bytes as they travelled; equality and hashing are ASCII case-insensitive, as
/// RFC 4343 requires, while the original spelling is kept for echoing a question back.
public struct DNSName: Hashable, Sendable, CustomStringConvertible {
    public private(set) var labels: [[UInt8]]

    /// The largest encoded name (RFC 1035 §2.3.4), counting length bytes and the root.
    public static let maxLength = 255
    public static let maxLabel = 63

    public init(labels: [[UInt8]]) { self.labels = labels }

    /// Parses a dotted name (`web.default.svc.cluster.local.`, trailing dot optional). Returns
    /// nil for empty labels or over-long names.
    public init?(_ text: String) {
        var t = Substring(text)
        if t.hasSuffix(".") { t = t.dropLast() }
        if t.isEmpty { self.labels = []; return }
        let parts = t.split(separator: ".", omittingEmptySubsequences: false).map { Array($0.utf8) }
        guard parts.allSatisfy({ !$0.isEmpty && $0.count <= Self.maxLabel }) else { return nil }
        self.labels = parts
        guard wireLength <= Self.maxLength else { return nil }
    }

    public static let root = DNSName(labels: [])

    /// Bytes this name takes uncompressed on the wire.
    public var wireLength: Int { labels.reduce(1) { $0 + 1 + $1.count } }

    /// The labels lowercased as strings (non-UTF-8 bytes replaced), for matching.
    public var lowercasedLabels: [String] { labels.map { String(decoding: $0.map(Self.lower), as: UTF8.self) } }

    /// `a.b.c.` with a trailing dot (the root is `.`).
    public var description: String {
        labels.isEmpty ? "." : labels.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ".") + "."
    }

    /// True when `suffix` is this name or one of its ancestors.
    public func isSubdomain(of suffix: DNSName) -> Bool {
        guard suffix.labels.count <= labels.count else { return false }
        return DNSName(labels: Array(labels.suffix(suffix.labels.count))) == suffix
    }

    /// This name with `prefix` labels put in front.
    public func prepending(_ prefix: [String]) -> DNSName {
        DNSName(labels: prefix.map { Array($0.utf8) } + labels)
    }

    static func lower(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b }

    /// The name lowercased, as one key for compression tables and comparisons.
    var canonicalKey: [UInt8] {
        var key: [UInt8] = []
        key.reserveCapacity(wireLength)
        for l in labels { key.append(UInt8(l.count)); key.append(contentsOf: l.map(Self.lower)) }
        return key
    }

    public static func == (a: DNSName, b: DNSName) -> Bool {
        guard a.labels.count == b.labels.count else { return false }
        for (x, y) in zip(a.labels, b.labels) {
            guard x.count == y.count else { return false }
            for (p, q) in zip(x, y) where lower(p) != lower(q) { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(canonicalKey) }
}
