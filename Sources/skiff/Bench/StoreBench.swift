import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The pieces of `skiff bench store` (issue 3, "Speed"). A namespace, so that its helpers do not
/// collide with those of the other benchmarks in this target.
enum StoreBench {
    /// CLOCK_MONOTONIC in nanoseconds: the one clock of every figure here.
    @inline(__always)
    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    /// Seconds between two `now()` readings.
    static func seconds(from start: UInt64, to end: UInt64) -> Double { Double(end &- start) / 1e9 }

    /// Rounds `value` to `digits` decimals, for readable JSON.
    static func round(_ value: Double, _ digits: Int = 3) -> Double {
        guard value.isFinite else { return 0 }
        let scale = pow(10, Double(digits))
        return (value * scale).rounded() / scale
    }

    /// Resident memory of process `pid` in bytes (VmRSS in /proc/<pid>/status), nil if unknown.
    static func residentBytes(pid: Int32) -> Int64? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, let kib = Int64(fields[1]) else { return nil }
            return kib * 1024
        }
        return nil
    }

    /// Prints `value` as pretty JSON with sorted keys on standard output.
    static func printJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        Console.line(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// Progress on standard error, so that standard output stays pure JSON.
    static func note(_ text: String) { Console.error("bench store: " + text) }
}

extension StoreBench {
    /// Percentiles of latency samples (nanoseconds in, milliseconds out).
    struct Latency: Codable, Sendable {
        var samples: Int
        var p50_ms: Double
        var p99_ms: Double
        var max_ms: Double
        var mean_ms: Double

        init(nanoseconds: [UInt64]) {
            samples = nanoseconds.count
            guard !nanoseconds.isEmpty else { p50_ms = 0; p99_ms = 0; max_ms = 0; mean_ms = 0; return }
            let sorted = nanoseconds.sorted()
            func at(_ q: Double) -> Double {
                Double(sorted[Swift.min(sorted.count - 1, Int((Double(sorted.count) * q).rounded(.down)))]) / 1e6
            }
            p50_ms = StoreBench.round(at(0.50))
            p99_ms = StoreBench.round(at(0.99))
            max_ms = StoreBench.round(Double(sorted[sorted.count - 1]) / 1e6)
            mean_ms = StoreBench.round(Double(sorted.reduce(0, &+)) / Double(sorted.count) / 1e6)
        }
    }
}

extension StoreBench {
    /// A benchmark step that could not run, with the reason.
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
