import Dispatch

/// Runs blocking file work (a snapshot chunk read, a directory listing) on a dispatch queue,
/// never on Swift's cooperative pool.
enum Blocking {
    static let queue = DispatchQueue(label: "skiff.store.blocking", attributes: .concurrent)

    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
