import CZeroMQ
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Shared pieces of `skiff bench bus`: one clock, percentiles, dedicated threads, ordered JSON.
enum BenchClock {
    /// CLOCK_MONOTONIC in nanoseconds. Every figure of the benchmark (Bus and raw) uses this one
    /// clock, so publish-to-receive latencies compare timestamps taken on different threads.
    @inline(__always)
    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    static func nanos(_ seconds: Double) -> UInt64 { UInt64(max(0, seconds) * 1e9) }

    /// Sleeps the calling (dedicated, non-pool) thread.
    static func sleepThread(nanoseconds: UInt64) {
        var request = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}

/// Latency percentiles of a set of samples in nanoseconds.
struct LatencySummary: Sendable {
    var count: Int
    var p50: Double
    var p99: Double
    var max: Double
    var mean: Double

    init(_ samples: [UInt64]) {
        count = samples.count
        guard !samples.isEmpty else { p50 = 0; p99 = 0; max = 0; mean = 0; return }
        let sorted = samples.sorted()
        func at(_ q: Double) -> Double {
            Double(sorted[Swift.min(sorted.count - 1, Int((Double(sorted.count) * q).rounded(.down)))])
        }
        p50 = at(0.50)
        p99 = at(0.99)
        max = Double(sorted[sorted.count - 1])
        mean = Double(sorted.reduce(0, &+)) / Double(sorted.count)
    }

    /// Figures in microseconds.
    var json: BenchJSON {
        .object([
            ("p50_us", .number(p50 / 1000, digits: 1)),
            ("p99_us", .number(p99 / 1000, digits: 1)),
            ("max_us", .number(max / 1000, digits: 1)),
            ("mean_us", .number(mean / 1000, digits: 1)),
            ("samples", .int(count)),
        ])
    }
}

/// Runs `body` on a new dedicated thread and waits for its result without blocking the
/// caller's thread (the raw baseline blocks in libzmq on threads of its own, never on the pool).
func onThread<T: Sendable>(_ name: String, _ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
        let thread = Thread {
            Thread.current.name = name  // set from the thread itself, or Linux never sees it
            continuation.resume(returning: body())
        }
        thread.name = name
        thread.start()
    }
}

/// A value handed from one thread to one waiting task.
final class Rendezvous<T: Sendable>: Sendable {
    private struct State: @unchecked Sendable {  // guarded by the mutex
        var value: T?
        var waiter: CheckedContinuation<T, Never>?
    }
    private let state = Mutex(State())

    func put(_ value: T) {
        let waiter = state.withLock { state -> CheckedContinuation<T, Never>? in
            if let waiter = state.waiter { state.waiter = nil; return waiter }
            state.value = value
            return nil
        }
        waiter?.resume(returning: value)
    }

    func take() async -> T {
        await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
            let value = state.withLock { state -> T? in
                if let value = state.value { return value }
                state.waiter = continuation
                return nil
            }
            if let value { continuation.resume(returning: value) }
        }
    }
}

/// A flag and counters shared between a driver task and the threads or tasks it watches.
final class Progress: Sendable {
    let count = Atomic<Int>(0)
    let ready = Atomic<Bool>(false)
    let stop = Atomic<Bool>(false)
}

/// Waits (sleeping the task, not the thread) until every `progress` reaches `target`, or until
/// none moved for `idle` once `publishedAll` — messages were then lost — and returns whether
/// all arrived.
func awaitDeliveries(_ progress: [Progress], target: Int, idle: Duration = .seconds(2)) async -> Bool {
    var last = progress.map { $0.count.load(ordering: .relaxed) }
    var lastMove = ContinuousClock.now
    while true {
        let now = progress.map { $0.count.load(ordering: .relaxed) }
        if now.allSatisfy({ $0 >= target }) { return true }
        if now != last { last = now; lastMove = .now }
        if ContinuousClock.now - lastMove > idle { return false }
        try? await Task.sleep(for: .milliseconds(5))
    }
}

/// Sleeps the task until every flag is ready, at most `timeout`.
func awaitReady(_ progress: [Progress], timeout: Duration = .seconds(10)) async throws {
    let deadline = ContinuousClock.now + timeout
    while !progress.allSatisfy({ $0.ready.load(ordering: .acquiring) }) {
        guard ContinuousClock.now < deadline else { throw BenchError("subscribers not ready within \(timeout)") }
        try await Task.sleep(for: .milliseconds(1))
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

// MARK: Raw libzmq helpers (C calls only)

/// A raw libzmq context, shared by the baseline's threads (libzmq contexts are thread-safe).
final class RawContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    init(ioThreads: Int32 = 1) {
        handle = zmq_ctx_new()!
        _ = zmq_ctx_set(handle, ZMQ_IO_THREADS, ioThreads)
    }

    func terminate() { while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {} }
}

enum RawZMQ {
    static func check(_ rc: Int32, _ what: String) {
        if rc != 0 { fatalError("\(what): \(String(cString: zmq_strerror(zmq_errno())))") }
    }

    static func setInt(_ socket: UnsafeMutableRawPointer, _ option: Int32, _ value: Int32) {
        var value = value
        check(zmq_setsockopt(socket, option, &value, MemoryLayout<Int32>.size), "setsockopt \(option)")
    }

    static func lastEndpoint(_ socket: UnsafeMutableRawPointer) -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        var size = buffer.count
        check(zmq_getsockopt(socket, ZMQ_LAST_ENDPOINT, &buffer, &size), "getsockopt last endpoint")
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    static var version: String {
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        zmq_version(&major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }
}

// MARK: Ordered JSON

/// Just enough JSON to print figures with their keys in a readable order.
indirect enum BenchJSON: Sendable {
    case object([(String, BenchJSON)])
    case array([BenchJSON])
    case string(String)
    case int(Int)
    case number(Double, digits: Int)
    case bool(Bool)
    case null

    static func ratio(_ bus: Double, _ raw: Double) -> BenchJSON {
        raw > 0 && bus > 0 && bus.isFinite ? .number(bus / raw, digits: 3) : .null
    }

    func render(indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent + 1)
        let end = String(repeating: "  ", count: indent)
        switch self {
        case let .object(fields):
            if fields.isEmpty { return "{}" }
            let body = fields.map { "\(pad)\(BenchJSON.string($0.0).render()): \($0.1.render(indent: indent + 1))" }
            return "{\n" + body.joined(separator: ",\n") + "\n\(end)}"
        case let .array(items):
            if items.isEmpty { return "[]" }
            return "[\n" + items.map { pad + $0.render(indent: indent + 1) }.joined(separator: ",\n") + "\n\(end)]"
        case let .string(text):
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                default:
                    if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
                }
            }
            return out + "\""
        case let .int(value):
            return String(value)
        case let .number(value, digits):
            guard value.isFinite else { return "null" }
            return String(format: "%.\(digits)f", value)
        case let .bool(value):
            return value ? "true" : "false"
        case .null:
            return "null"
        }
    }
}
