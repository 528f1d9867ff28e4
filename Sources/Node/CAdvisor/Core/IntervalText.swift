/// Durations as Go and kubectl spell them on command lines: `10s`, `500ms`, `1m`, `1m30s`, `1.5s`.
public enum IntervalText {
    /// Nil for anything else, and for zero or negative durations.
    public static func parse(_ text: String) -> Duration? {
        var rest = Substring(text)
        var total: Duration = .zero
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(unit.count)
            let scale: Double
            switch unit {
            case "ms": scale = 0.001
            case "s": scale = 1
            case "m": scale = 60
            case "h": scale = 3600
            default: return nil
            }
            total += .milliseconds(Int64((value * scale * 1000).rounded()))
        }
        return total > .zero ? total : nil
    }
}
