import Resources

/// Times as the kubelet writes them. Every time in the core is nanoseconds since the Unix
/// epoch (the runtime's unit).
public enum KubeletTime {
    public static let second: Int64 = 1_000_000_000

    /// `metav1.Time`: RFC 3339, whole seconds, UTC.
    public static func rfc3339(_ nanos: Int64) -> String {
        MetaTime(seconds: floorDiv(nanos, second)).rfc3339
    }

    /// RFC 3339 with nanoseconds (Go's `time.RFC3339Nano`, trailing zeros dropped): CRI log lines.
    public static func rfc3339Nano(_ nanos: Int64) -> String {
        let base = rfc3339(nanos).dropLast()  // drop Z
        var frac = String(nanos - floorDiv(nanos, second) * second)
        frac = String(repeating: "0", count: 9 - frac.count) + frac
        while frac.hasSuffix("0") { frac.removeLast() }
        return frac.isEmpty ? base + "Z" : base + "." + frac + "Z"
    }

    /// `metav1.MicroTime`: six fractional digits (a Lease's `renewTime`).
    public static func microTime(_ nanos: Int64) -> String {
        let base = rfc3339(nanos).dropLast()
        let micros = (nanos - floorDiv(nanos, second) * second) / 1000
        let s = String(micros)
        return base + "." + String(repeating: "0", count: 6 - s.count) + s + "Z"
    }

    /// Nanoseconds since the epoch of an RFC 3339 time (fraction optional).
    public static func parse(_ text: String) -> Int64? {
        guard let t = MetaTime(rfc3339: text) else { return nil }
        return t.seconds * second + Int64(t.nanoseconds)
    }

    /// A duration as Go's `time.Duration.String()` prints whole seconds: `10s`, `1m20s`, `5m0s`.
    public static func goDuration(_ nanos: Int64) -> String {
        let total = nanos / second
        if total < 60 { return "\(total)s" }
        let h = total / 3600, m = total % 3600 / 60, s = total % 60
        return h > 0 ? "\(h)h\(m)m\(s)s" : "\(m)m\(s)s"
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
}
