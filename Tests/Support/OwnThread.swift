import Foundation

/// Runs `body` on a thread of its own and awaits its result, so that a test may block (on a
/// ZeroMQ receive or poll) without taking one of the cooperative pool's two threads.
public func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
