import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

extension StoreBench {
    /// A `skiff store` child process: started with Foundation's `Process`, its ready line read
    /// from standard output by a readability handler, its exit reported by the termination
    /// handler — nothing here blocks a thread of the cooperative pool. Standard error (the
    /// store's log) goes to a file.
    final class StoreProcess: @unchecked Sendable {
        // `Process` is not Sendable; it is only touched in `start()` and read (pid) afterwards.
        private let process = Process()
        private let output = Pipe()
        private let state = Mutex(State())
        let logPath: String

        private struct State {
            var buffer = Data()
            var readyLine: String?
            var readyAt: UInt64 = 0
            var readyWaiter: CheckedContinuation<String, Error>?
            var exitStatus: Int32?
            var exitWaiters: [CheckedContinuation<Int32, Never>] = []
        }

        init(executable: String, arguments: [String], logPath: String) {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            self.logPath = logPath
        }

        var pid: Int32 { process.processIdentifier }

        /// Starts the process; returns the `now()` reading taken just before the spawn.
        func start() throws -> UInt64 {
            guard FileManager.default.createFile(atPath: logPath, contents: nil) else { throw Failure("cannot create \(logPath)") }
            guard let log = FileHandle(forWritingAtPath: logPath) else { throw Failure("cannot write \(logPath)") }
            process.standardOutput = output
            process.standardError = log
            process.standardInput = FileHandle.nullDevice
            output.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                if data.isEmpty { handle.readabilityHandler = nil; return }
                self?.received(data)
            }
            process.terminationHandler = { [weak self] process in
                self?.exited(process.terminationStatus)
            }
            let t0 = now()
            try process.run()
            try? log.close()
            return t0
        }

        private func received(_ data: Data) {
            let waiter: (CheckedContinuation<String, Error>, String)? = state.withLock { s in
                s.buffer.append(data)
                guard s.readyLine == nil else { s.buffer.removeAll(); return nil }
                while let newline = s.buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: s.buffer[s.buffer.startIndex..<newline], as: UTF8.self)
                    s.buffer.removeSubrange(s.buffer.startIndex...newline)
                    if line.hasPrefix("skiff "), line.contains(" ready ") {
                        s.readyLine = line
                        s.readyAt = now()
                        s.buffer.removeAll()
                        if let w = s.readyWaiter { s.readyWaiter = nil; return (w, line) }
                        return nil
                    }
                }
                return nil
            }
            if let (continuation, line) = waiter { continuation.resume(returning: line) }
        }

        private func exited(_ status: Int32) {
            let (ready, waiters) = state.withLock { s in
                s.exitStatus = status
                defer { s.readyWaiter = nil; s.exitWaiters = [] }
                return (s.readyWaiter, s.exitWaiters)
            }
            ready?.resume(throwing: Failure("skiff store exited with status \(status) before it was ready; see \(logPath)"))
            for waiter in waiters { waiter.resume(returning: status) }
        }

        /// Waits for the service's ready line (`skiff <service> ready …`) and returns it with the `now()` at which it
        /// was read. Fails if the process exits first or `timeout` passes.
        func ready(timeout: Duration) async throws -> (line: String, at: UInt64) {
            let timer = Task { [weak self] in
                try await Task.sleep(for: timeout)
                self?.failReady(Failure("the service was not ready within \(timeout); see \(self?.logPath ?? "")"))
            }
            defer { timer.cancel() }
            let line: String = try await withCheckedThrowingContinuation { continuation in
                let immediate: Result<String, Error>? = state.withLock { s in
                    if let line = s.readyLine { return .success(line) }
                    if let status = s.exitStatus { return .failure(Failure("skiff store exited with status \(status); see \(logPath)")) }
                    s.readyWaiter = continuation
                    return nil
                }
                if let immediate { continuation.resume(with: immediate) }
            }
            return (line, state.withLock { $0.readyAt })
        }

        private func failReady(_ error: Error) {
            let waiter = state.withLock { s in defer { s.readyWaiter = nil }; return s.readyWaiter }
            waiter?.resume(throwing: error)
        }

        /// Waits for the process to exit; returns its status.
        func exit() async -> Int32 {
            await withCheckedContinuation { continuation in
                let status: Int32? = state.withLock { s in
                    if let status = s.exitStatus { return status }
                    s.exitWaiters.append(continuation)
                    return nil
                }
                if let status { continuation.resume(returning: status) }
            }
        }

        /// Sends `signal` (SIGTERM: graceful shutdown) unless the process has already exited.
        func signal(_ signal: Int32) {
            let running = state.withLock { $0.exitStatus == nil }
            if running { kill(pid, signal) }
        }

        var hasExited: Bool { state.withLock { $0.exitStatus != nil } }
    }

    /// The `rpc=` and `events=` endpoints of a ready line.
    static func endpoints(ofReadyLine line: String) -> (rpc: String, events: String)? {
        var rpc: String?
        var events: String?
        for field in line.split(separator: " ") {
            if field.hasPrefix("rpc=") { rpc = String(field.dropFirst(4)) }
            if field.hasPrefix("events=") { events = String(field.dropFirst(7)) }
        }
        guard let rpc, let events else { return nil }
        return (rpc, events)
    }
}
