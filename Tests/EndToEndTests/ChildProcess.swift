import Foundation
import Synchronization

/// A real child process for end-to-end tests: started from the built `skiff` (or any
/// executable), its output read line by line, signalled, and awaited — all without blocking
/// the cooperative thread pool (Foundation's handlers run on their own threads).
final class ChildProcess: Sendable {
    struct Timeout: Error, CustomStringConvertible {
        let description: String
    }

    private let process: Process
    private let lines: AsyncStream<String>
    private let exitCode: AsyncStream<Int32>
    private let log = Lines()

    final class Lines: Sendable {
        let all = Mutex<[String]>([])
    }
    let name: String

    final class Partial: Sendable {
        let bytes = Mutex<[UInt8]>([])
    }

    /// The `skiff` binary under test: `SKIFF_BIN`, or `.build/debug/skiff` in this package.
    static var skiffBinary: URL {
        if let path = ProcessInfo.processInfo.environment["SKIFF_BIN"] { return URL(fileURLWithPath: path) }
        return packageRoot.appendingPathComponent(".build/debug/skiff")
    }

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Starts `executable` with `arguments`. Standard output and error are read as lines.
    init(_ executable: URL, _ arguments: [String], name: String? = nil) throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = Self.packageRoot
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let (lines, lineSink) = AsyncStream.makeStream(of: String.self)
        let (exitCode, exitSink) = AsyncStream.makeStream(of: Int32.self, bufferingPolicy: .bufferingNewest(1))
        let partial = Partial()
        let log = self.log
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                lineSink.finish()
                return
            }
            let complete: [String] = partial.bytes.withLock { buffer in
                buffer.append(contentsOf: data)
                var out: [String] = []
                while let newline = buffer.firstIndex(of: 0x0a) {
                    out.append(String(decoding: buffer[..<newline], as: UTF8.self))
                    buffer.removeSubrange(...newline)
                }
                return out
            }
            for line in complete {
                log.all.withLock { $0.append(line) }
                lineSink.yield(line)
            }
        }
        process.terminationHandler = { process in
            exitSink.yield(process.terminationStatus)
            exitSink.finish()
        }
        try process.run()
        self.process = process
        self.lines = lines
        self.exitCode = exitCode
        self.name = name ?? executable.lastPathComponent
    }

    /// Starts `skiff` with `arguments`.
    static func skiff(_ arguments: [String]) throws -> ChildProcess {
        try ChildProcess(skiffBinary, arguments, name: "skiff \(arguments.first ?? "")")
    }

    var pid: Int32 { process.processIdentifier }

    /// Everything the process printed so far.
    var output: String { log.all.withLock { $0.joined(separator: "\n") } }

    /// Waits for the first line containing `text` (bounded by `timeout`) and returns it.
    func line(containing text: String, timeout: Duration = .seconds(60)) async throws -> String {
        let lines = self.lines
        return try await Self.within(timeout, "\(name) printed no line containing \"\(text)\"; it printed:\n\(output)") {
            for await line in lines where line.contains(text) { return line }
            return nil
        }
    }

    /// Sends `signal` (SIGKILL, SIGTERM, …).
    func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the process to exit (bounded) and returns its status.
    func exit(timeout: Duration = .seconds(60)) async throws -> Int32 {
        let codes = exitCode
        return try await Self.within(timeout, "\(name) did not exit; it printed:\n\(output)") {
            for await code in codes { return code }
            return nil
        }
    }

    /// Runs `body` with a deadline; a nil result or the deadline throws `Timeout`.
    static func within<T: Sendable>(_ timeout: Duration, _ message: @autoclosure () -> String,
                                    _ body: @escaping @Sendable () async -> T?) async throws -> T {
        let result = await withTaskGroup(of: T?.self) { group in
            group.addTask { await body() }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let result else { throw Timeout(description: message()) }
        return result
    }
}
