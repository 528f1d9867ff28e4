import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Prefixed service output on the terminal, docker compose style (`store      | line`), colored
/// when standard output is a terminal and `NO_COLOR` is unset. Lines from different services
/// never interleave within a line.
public final class ComposeConsole: Sendable {
    private let width: Int
    private let colored: Bool
    private let colors: [String: String]
    private let lock = Mutex(())

    static let palette = ["36", "33", "32", "35", "34", "96", "93", "92", "95", "94"]

    public init(names: [String], colored: Bool = isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil) {
        width = names.map(\.count).max() ?? 0
        self.colored = colored
        var colors: [String: String] = [:]
        for (i, name) in names.enumerated() { colors[name] = Self.palette[i % Self.palette.count] }
        self.colors = colors
    }

    /// One line of `service`'s output.
    public func line(_ service: String, _ text: String) {
        let padded = service.padding(toLength: max(width, service.count), withPad: " ", startingAt: 0)
        let prefix = colored ? "\u{1b}[\(colors[service] ?? "0")m\(padded) |\u{1b}[0m " : "\(padded) | "
        write(1, prefix + text + "\n")
    }

    /// A line as it is, on standard output.
    public func plain(_ text: String) { write(1, text + "\n") }

    /// A line of compose's own on standard error.
    public func notice(_ text: String) { write(2, "skiff compose: " + text + "\n") }

    private func write(_ fd: Int32, _ text: String) {
        lock.withLock { _ in
            var bytes = Array(text.utf8)[...]
            while !bytes.isEmpty {
                let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
                if n < 0 { if errno == EINTR { continue } else { return } }
                bytes = bytes.dropFirst(n)
            }
        }
    }
}
