import Dispatch
import Foundation

/// Runs blocking work (fork and the child's report, cgroupfs and log-file I/O) off Swift's
/// cooperative pool.
enum Blocking {
    static let queue = DispatchQueue(label: "skiff.runtime.blocking", attributes: .concurrent)

    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// For long waits (an exec that may run until its timeout): a thread of its own, so that
    /// many of them never starve the queue.
    static func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            thread.name = "skiff-runtime-exec"
            thread.start()
        }
    }
}
