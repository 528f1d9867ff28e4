import Foundation
import Synchronization

/// A real child process for end-to-end tests: spawned, its standard output read line by line
/// (standard error collected apart), signalled and awaited — without ever blocking the
/// cooperative pool (pipes are read by threads of their own; the termination handler runs on
/// Foundation's).
public final class ChildProcess: Sendable {
    public struct Failure: Error, CustomStringConvertible { public let description: String }

    private let process: Process
    private let lines: AsyncStream<String>
    private let exitCodes: AsyncStream<Int32>
    private let drained: AsyncStream<Void>
    private let output = Output()
    public let name: String

    /// This package's root directory.
    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The `skiff` binary under test: `$SKIFF_BIN`, else `<package root>/.build/debug/skiff`.
    public static var skiffBinary: URL {
        if let path = ProcessInfo.processInfo.environment["SKIFF_BIN"] { return URL(fileURLWithPath: path) }
        return packageRoot.appendingPathComponent(".build/debug/skiff")
    }

    /// Starts `skiff` with `arguments`.
    public convenience init(skiff arguments: [String], environment: [String: String]? = nil) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.skiffBinary.path) else {
            throw Failure(description: "no skiff binary at \(Self.skiffBinary.path): build it first, or set SKIFF_BIN")
        }
        try self.init(executable: Self.skiffBinary, arguments: arguments, environment: environment,
                      name: "skiff " + arguments.prefix(2).joined(separator: " "))
    }

    /// Starts `executable` with `arguments`, in the package root.
    public init(executable: URL, arguments: [String], environment: [String: String]? = nil, name: String) throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = Self.packageRoot
        if let environment { process.environment = environment }
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        let (lines, lineSink) = AsyncStream.makeStream(of: String.self)
        let (exitCodes, exitSink) = AsyncStream.makeStream(of: Int32.self, bufferingPolicy: .bufferingNewest(1))
        let (drained, drainedSink) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let openPipes = Mutex(2)
        let closedOne: @Sendable () -> Void = {
            if openPipes.withLock({ n in n -= 1; return n == 0 }) { drainedSink.yield(); drainedSink.finish() }
        }
        let partial = Mutex<[UInt8]>([])
        let output = self.output
        // Each pipe is read by a thread of its own with plain blocking read(2): FileHandle's
        // readabilityHandler crashed libdispatch's event loop here when children were SIGKILLed.
        let outHandle = stdout.fileHandleForReading, errHandle = stderr.fileHandleForReading
        Self.readUntilEOF(outHandle) { data in
            guard let data else {
                // A last line without a newline (`kubectl -o jsonpath=…`) is still a line.
                let rest = partial.withLock { buffer in
                    defer { buffer.removeAll() }
                    return buffer.isEmpty ? nil : String(decoding: buffer, as: UTF8.self)
                }
                if let rest {
                    output.lines.withLock { $0.append(rest) }
                    lineSink.yield(rest)
                }
                lineSink.finish()
                closedOne()
                return
            }
            let complete: [String] = partial.withLock { buffer in
                buffer.append(contentsOf: data)
                var found: [String] = []
                while let newline = buffer.firstIndex(of: 0x0a) {
                    found.append(String(decoding: buffer[..<newline], as: UTF8.self))
                    buffer.removeSubrange(...newline)
                }
                return found
            }
            for line in complete {
                output.lines.withLock { $0.append(line) }
                lineSink.yield(line)
            }
        }
        Self.readUntilEOF(errHandle) { data in
            guard let data else { return closedOne() }
            output.errors.withLock { $0.append(contentsOf: data) }
        }
        process.terminationHandler = { p in
            exitSink.yield(p.terminationStatus)
            exitSink.finish()
        }
        try process.run()
        self.process = process
        self.lines = lines
        self.exitCodes = exitCodes
        self.drained = drained
        self.name = name
    }

    public var pid: Int32 { process.processIdentifier }

    /// True until the process has ended.
    public var isRunning: Bool { process.isRunning }

    /// Calls `chunk` with each block read from `handle` on a thread of its own, then with nil at EOF.
    private static func readUntilEOF(_ handle: FileHandle, _ chunk: @escaping @Sendable ([UInt8]?) -> Void) {
        let fd = handle.fileDescriptor
        Thread {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                chunk(Array(buffer[..<n]))
            }
            chunk(nil)
            try? handle.close()
        }.start()
    }
    /// Standard output so far.
    public var stdout: String { output.lines.withLock { $0.joined(separator: "\n") } }
    /// Standard error so far.
    public var stderr: String { output.errors.withLock { String(decoding: $0, as: UTF8.self) } }

    /// The first stdout line containing `text`, waiting at most `timeout`.
    public func line(containing text: String, timeout: Duration = .seconds(60)) async throws -> String {
        let lines = self.lines
        return try await Self.within(timeout, "\(name) printed no line containing \"\(text)\"") {
            for await line in lines where line.contains(text) { return line }
            return nil
        } orElse: { "\($0)\nstdout:\n\(self.stdout)\nstderr:\n\(self.stderr)" }
    }

    /// Sends a signal (SIGKILL, SIGTERM).
    public func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits (bounded) for the process to end; its exit status, or 128+signal when killed.
    public func exit(timeout: Duration = .seconds(60)) async throws -> Int32 {
        let codes = exitCodes
        let status = try await Self.within(timeout, "\(name) did not exit") {
            for await code in codes { return code }
            return nil
        } orElse: { "\($0)\nstderr:\n\(self.stderr)" }
        // Read what it wrote just before exiting: wait for end-of-file on both pipes.
        let drained = self.drained
        _ = try? await Self.within(.seconds(10), "pipes") { for await _ in drained { return true }; return true }
        return process.terminationReason == .uncaughtSignal ? 128 + status : status
    }

    /// Runs `skiff arguments` to completion: exit status, stdout, stderr.
    public static func run(_ arguments: [String], timeout: Duration = .seconds(120)) async throws -> (status: Int32, stdout: String, stderr: String) {
        let child = try ChildProcess(skiff: arguments)
        let status = try await child.exit(timeout: timeout)
        return (status, child.stdout, child.stderr)
    }

    public static func within<T: Sendable>(_ timeout: Duration, _ message: String, _ body: @escaping @Sendable () async -> T?,
                                    orElse detail: (String) -> String = { $0 }) async throws -> T {
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
        guard let result else { throw Failure(description: detail(message)) }
        return result
    }
}

/// What a child printed, shared with the pipe handlers.
final class Output: Sendable {
    let lines = Mutex<[String]>([])
    let errors = Mutex<[UInt8]>([])
}

/// The `key=value` fields of a service's ready line (`skiff store ready rpc=… events=…`).
public func readyFields(_ line: String) -> [String: String] {
    var fields: [String: String] = [:]
    for field in line.split(separator: " ") {
        let parts = field.split(separator: "=", maxSplits: 1)
        if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
    }
    return fields
}

/// A fresh temporary directory.
public func temporaryDirectory(_ name: String = "store") -> String {
    let path = NSTemporaryDirectory() + "skiff-\(name)-\(UInt32.random(in: 0...UInt32.max))"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Waits until `condition` holds, checking every 20 ms, at most `timeout`.
public func eventually(_ timeout: Duration = .seconds(90), _ what: String, _ condition: @Sendable () async -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while !(await condition()) {
        guard ContinuousClock.now < deadline else { throw ChildProcess.Failure(description: "timed out waiting for \(what)") }
        try await Task.sleep(for: .milliseconds(20))
    }
}
