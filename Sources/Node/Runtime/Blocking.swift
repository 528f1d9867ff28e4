import Foundation

/// Runs blocking work (fork and the child's report, cgroupfs and log-file I/O) off Swift's
/// cooperative pool, each job on a thread of its own. (On a concurrent DispatchQueue, libdispatch
/// keeps the number of jobs running near the number of cores, so a burst of pod starts waited
/// in line behind forks blocked on their children's reports; `skiff bench pods` start-up p50
/// dropped by 10–25% with a thread each.) A thread costs far less than the fork it waits for.)
enum Blocking {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            thread.name = "skiff-runtime-blocking"
            thread.start()
        }
    }
}
