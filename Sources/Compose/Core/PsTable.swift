/// `ps` output: one row per service, aligned columns like `docker compose ps`.
public enum PsTable {
    public static func render(_ services: [ServiceStatus], wallNow: Double) -> String {
        var rows = [["NAME", "STATE", "PID", "RESTARTS", "HEALTH", "UPTIME"]]
        for s in services {
            rows.append([s.name, s.state, s.pid.map(String.init) ?? "-", String(s.restarts), s.health ?? "-",
                         s.startedAt.map { uptime(wallNow - $0) } ?? "-"])
        }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { i, cell in i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "   ")
        }.joined(separator: "\n")
    }

    /// `42s`, `3m12s`, `2h05m`, `3d4h`.
    public static func uptime(_ seconds: Double) -> String {
        let s = max(0, Int(seconds))
        switch s {
        case ..<60: return "\(s)s"
        case ..<3600: return "\(s / 60)m\(s % 60)s"
        case ..<86400: return "\(s / 3600)h\(String(format2: s % 3600 / 60))m"
        default: return "\(s / 86400)d\(s % 86400 / 3600)h"
        }
    }
}

extension String {
    init(format2 n: Int) { self = n < 10 ? "0\(n)" : "\(n)" }
}
