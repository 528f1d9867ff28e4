/// A point in time as the API writes it (`metav1.Time`, `metav1.MicroTime`): RFC 3339 text such
/// as `2024-05-01T10:00:00Z` or `2024-05-01T12:00:00.123456+02:00`, held as seconds and
/// nanoseconds since the Unix epoch in UTC.
///
/// Pure: parsing and formatting only, no clock. The zero value is Go's zero time
/// (`0001-01-01T00:00:00Z`), which Kubernetes treats as "unset".
public struct MetaTime: Sendable, Hashable, Comparable {
    /// Whole seconds since 1970-01-01T00:00:00Z (negative before it).
    public var seconds: Int64
    /// Nanoseconds past `seconds`, `0..<1_000_000_000`.
    public var nanoseconds: Int32

    public init(seconds: Int64, nanoseconds: Int32 = 0) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    /// Go's zero `time.Time`, 0001-01-01T00:00:00Z: what an unset `metav1.Time` holds.
    public static let zero = MetaTime(seconds: -62_135_596_800)

    /// True for Go's zero time, i.e. an unset timestamp (`metav1.Time.IsZero`).
    public var isZero: Bool { self == .zero }

    public static func < (a: MetaTime, b: MetaTime) -> Bool {
        (a.seconds, a.nanoseconds) < (b.seconds, b.nanoseconds)
    }

    /// Reads a timestamp field the way `metav1.Time` decodes it: a missing field or `null` is
    /// the zero time; so is text that is not RFC 3339 (Go would refuse the whole object).
    public init(json: JSON?) {
        if let text = json?.string, let t = MetaTime(rfc3339: text) {
            self = t
        } else {
            self = .zero
        }
    }

    /// The time from `self` to `later` in nanoseconds, saturating at the `Int64` bounds as Go's
    /// `Time.Sub` does.
    public func nanoseconds(until later: MetaTime) -> Int64 {
        let (secs, o1) = later.seconds.subtractingReportingOverflow(seconds)
        let (scaled, o2) = secs.multipliedReportingOverflow(by: 1_000_000_000)
        let (total, o3) = scaled.addingReportingOverflow(Int64(later.nanoseconds) - Int64(nanoseconds))
        if o1 || o2 || o3 { return later < self ? Int64.min : Int64.max }
        return total
    }
}
