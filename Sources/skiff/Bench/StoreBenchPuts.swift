import Foundation
import Synchronization

extension StoreBench {
    /// The unthrottled put test: `clients` closed-loop writers (each sends its next put as soon
    /// as the previous one is acknowledged), random keys from a fixed key space, timed per put,
    /// over `warmup` then `duration` seconds. Only puts started after the warm-up count.
    struct PutWorkload: Sendable {
        var clients: Int
        var connections: Int
        var valueBytes: Int
        var warmup: Double
        var duration: Double
        var keyPrefix: String
        var keySpace: Int
    }

    /// One put: (connection index, key, value). Throws on an error reply.
    typealias Put = @Sendable (Int, String, [UInt8]) async throws -> Void

    struct PutFigures: Codable, Sendable {
        var clients: Int
        var connections: Int
        var value_bytes: Int
        var seconds: Double
        var puts: Int
        var errors: Int
        var first_error: String?
        var puts_per_s: Double
        var latency: Latency
        /// Filled in for the store from `store.status` before and after: group commit at work.
        var store_fdatasyncs: Int?
        var store_batches: Int?
        var puts_per_fdatasync: Double?
    }

    private struct ClientTally: Sendable {
        var samples: [UInt64] = []
        var errors = 0
        var firstError: String?
        var lastEnd: UInt64 = 0
    }

    static func runPuts(_ work: PutWorkload, put: @escaping Put) async -> PutFigures {
        let value = [UInt8]((0..<work.valueBytes).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        let start = now()
        let measureFrom = start + UInt64(work.warmup * 1e9)
        let end = measureFrom + UInt64(work.duration * 1e9)
        let tallies = await withTaskGroup(of: ClientTally.self) { group in
            for client in 0..<work.clients {
                group.addTask {
                    var tally = ClientTally()
                    tally.samples.reserveCapacity(Int(work.duration * 2000))
                    let connection = client % max(1, work.connections)
                    var t0 = now()
                    while t0 < end {
                        let key = work.keyPrefix + String(Int.random(in: 0..<max(1, work.keySpace)))
                        do {
                            try await put(connection, key, value)
                            let t1 = now()
                            if t0 >= measureFrom {
                                tally.samples.append(t1 - t0)
                                tally.lastEnd = max(tally.lastEnd, t1)
                            }
                        } catch {
                            if t0 >= measureFrom { tally.errors += 1 }
                            if tally.firstError == nil { tally.firstError = "\(error)" }
                            try? await Task.sleep(for: .milliseconds(10))
                        }
                        t0 = now()
                    }
                    return tally
                }
            }
            var all: [ClientTally] = []
            for await tally in group { all.append(tally) }
            return all
        }
        let samples = tallies.flatMap(\.samples)
        let lastEnd = tallies.map(\.lastEnd).max() ?? end
        let seconds = seconds(from: measureFrom, to: max(lastEnd, measureFrom + 1))
        return PutFigures(
            clients: work.clients, connections: work.connections, value_bytes: work.valueBytes,
            seconds: round(seconds), puts: samples.count, errors: tallies.reduce(0) { $0 + $1.errors },
            first_error: tallies.lazy.compactMap(\.firstError).first,
            puts_per_s: round(Double(samples.count) / seconds, 1), latency: Latency(nanoseconds: samples))
    }
}
