import Foundation

/// A process as the runtime records it: its pid and its start time (clock ticks since boot,
/// field 22 of `/proc/<pid>/stat`), so that a pid reused by another process is never mistaken
/// for it — after a restart of the runtime, say.
public struct ProcessIdentity: Sendable, Codable, Equatable {
    public var pid: Int32
    public var startTime: UInt64

    public init(pid: Int32, startTime: UInt64) {
        self.pid = pid
        self.startTime = startTime
    }

    /// The identity of the live process `pid`, or nil if there is none.
    public static func of(_ pid: Int32) -> ProcessIdentity? {
        guard let start = startTime(of: pid) else { return nil }
        return ProcessIdentity(pid: pid, startTime: start)
    }

    /// Whether this very process still exists (a zombie counts as gone).
    public var isAlive: Bool {
        guard let stat = Self.stat(pid), let start = Self.startTime(fromStat: stat) else { return false }
        return start == startTime && Self.state(fromStat: stat) != "Z"
    }

    static func stat(_ pid: Int32) -> String? {
        try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
    }

    static func startTime(of pid: Int32) -> UInt64? {
        stat(pid).flatMap(startTime(fromStat:))
    }

    /// Fields after the command name (which may hold spaces and parentheses) start after the last ')'.
    static func fields(_ stat: String) -> [Substring]? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ")
    }

    static func startTime(fromStat stat: String) -> UInt64? {
        guard let fields = fields(stat), fields.count > 19 else { return nil }
        return UInt64(fields[19])  // field 22 overall; fields[0] is field 3 (state)
    }

    static func state(fromStat stat: String) -> Substring? {
        fields(stat)?.first
    }
}
