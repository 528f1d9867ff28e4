import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where compose keeps its state: `$SKIFF_HOME` (default `./.skiff`), with
/// `compose/<service>.pid`, `compose/supervisor.pid`, `compose/state.json`,
/// `compose/restart/<service>` (restart requests) and `logs/<service>.log`.
public struct ComposeHome: Sendable {
    public let root: String

    /// `$SKIFF_HOME` when set, else `./.skiff`; always absolute.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let home = environment["SKIFF_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ".skiff"
        root = home.hasPrefix("/") ? home : FileManager.default.currentDirectoryPath + "/" + home
    }

    public var composeDirectory: String { root + "/compose" }
    public var logsDirectory: String { root + "/logs" }
    public var restartDirectory: String { composeDirectory + "/restart" }
    public var stateFile: String { composeDirectory + "/state.json" }
    public var supervisorPIDFile: String { composeDirectory + "/supervisor.pid" }
    public var supervisorLog: String { logsDirectory + "/compose.log" }
    public func pidFile(_ service: String) -> String { composeDirectory + "/\(service).pid" }
    public func logFile(_ service: String) -> String { logsDirectory + "/\(service).log" }

    public func createDirectories() throws {
        for d in [composeDirectory, logsDirectory, restartDirectory] {
            try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        }
    }

    /// The supervisor's pid, when its pid file names a live process.
    public func runningSupervisor() -> Int32? {
        guard let pid = Self.readPID(supervisorPIDFile), Self.isAlive(pid) else { return nil }
        return pid
    }

    public func readState() -> ComposeState? {
        guard let data = FileManager.default.contents(atPath: stateFile) else { return nil }
        return try? JSONDecoder().decode(ComposeState.self, from: data)
    }

    /// Writes `state` atomically (a reader sees the old file or the new one).
    public func write(_ state: ComposeState) {
        guard let data = try? JSONEncoder().encode(state) else { return }
        let temporary = stateFile + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else { return }
        rename(temporary, stateFile)
    }

    public static func readPID(_ path: String) -> Int32? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return Int32(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    public static func writePID(_ pid: Int32, to path: String) {
        _ = FileManager.default.createFile(atPath: path, contents: Data("\(pid)\n".utf8))
    }

    /// Whether `pid` is a live process (a zombie counts as gone).
    public static func isAlive(_ pid: Int32) -> Bool {
        guard pid > 0, kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let stat = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return true }
        let text = String(decoding: stat, as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return true }
        let state = text[text.index(after: close)...].dropFirst().first
        return state != "Z" && state != "X"
    }
}
