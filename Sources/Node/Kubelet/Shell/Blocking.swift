import Foundation

/// Runs blocking work (file reads, socket connects) on a thread of its own, never on the
/// cooperative pool, and awaits its result.
enum Blocking {
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }
}
