import ArgumentParser
import Bus
import Foundation
import Store
import Synchronization

extension StoreCtl {
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check properties of the store.", subcommands: [Perf.self])
    }

    /// `check perf`, defined as etcdctl 3.4's: for 60 s, `clients` concurrent writers put
    /// 1024-byte values under 256-byte keys below the prefix, paced to `limit` writes/s (no
    /// catching up after a stall); PASS needs no errors, throughput above 90% of the limit, the
    /// slowest request within 0.5 s and a standard deviation within 0.1 s. The prefix must be
    /// empty first, and is deleted after. One difference: etcdctl opens one connection per
    /// client; here the clients share a few RPC connections, each carrying many calls at once.
    struct Perf: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check the store's write performance as etcdctl check perf does.")
        @OptionGroup var store: StoreCtlOptions
        @Option(help: "Load: s (small), m (medium), l (large), xl (xLarge).") var load = "s"
        @Option(help: "The prefix for the check's keys.") var prefix = "/etcdctl-check-perf/"
        @Option(help: "Seconds to run (etcdctl always runs 60).") var duration = 60
        @Option(help: "RPC connections the clients share.") var connections = 8

        func run() async throws {
            guard let cfg = PerfLoad.named(load) else {
                Console.error("Error: unknown load option \(load)")
                throw ExitCode(64)
            }
            try await storectl {
                var passed = true
                try await store.withClient { first in
                    if try await first.list(prefix: prefix, limit: 1).count > 0 {
                        Console.error("Error: prefix \"\(prefix)\" has keys. Delete with skiff storectl del --prefix \(prefix) first")
                        throw ExitCode(3)
                    }
                    Console.line("check perf --load=\(load): \(cfg.limit) writes/s, \(cfg.clients) clients, \(duration) s, "
                        + "\(PerfLoad.keySize)-byte keys, \(PerfLoad.valueSize)-byte values")
                    // The verdict first: a failed clean-up must not hide it.
                    passed = try await runLoad(cfg).report().passed
                    try await deleteAll(first, prefix: prefix)
                }
                if !passed { throw ExitCode(1) }
            }
        }

        /// Deletes the check's keys in transactions of 1000: one transaction of them all (up to
        /// 900k keys at xl) would be over the RPC request size limit.
        private func deleteAll(_ client: StoreClient, prefix: String) async throws {
            while true {
                let keys = try await client.list(prefix: prefix, limit: 1000).kvs.map(\.key)
                if keys.isEmpty { return }
                _ = try await client.txn(StoreMessages.TxnRequest(success: keys.map { .delete(.init(key: $0)) }))
            }
        }

        private func runLoad(_ cfg: PerfLoad) async throws -> PerfResult {
            var clients: [StoreClient] = []
            for _ in 0..<max(1, min(connections, cfg.clients)) {
                clients.append(try await StoreClient(endpoints: store.endpointList, timeout: .seconds(30)))
            }
            let pacer = Pacer(rate: cfg.limit, duration: .seconds(duration))
            let value = [UInt8](repeating: 0, count: PerfLoad.valueSize)
            let prefix = self.prefix
            let start = ContinuousClock.now
            let samples = await withTaskGroup(of: PerfResult.self) { group in
                for i in 0..<cfg.clients {
                    let client = clients[i % clients.count]
                    group.addTask {
                        var mine = PerfResult()
                        while let slot = pacer.next() {
                            try? await Task.sleep(until: slot)
                            let key = prefix + PerfLoad.randomKey()
                            let t0 = ContinuousClock.now
                            do {
                                try await client.put(key, value)
                                mine.latencies.append((ContinuousClock.now - t0).seconds)
                            } catch {
                                mine.errors["\(error)", default: 0] += 1
                            }
                        }
                        return mine
                    }
                }
                var all = PerfResult()
                for await part in group { all.merge(part) }
                return all
            }
            var result = samples
            result.elapsed = (ContinuousClock.now - start).seconds
            result.limit = cfg.limit
            for client in clients { await client.close() }
            return result
        }
    }
}

/// etcdctl 3.4's check-perf loads.
struct PerfLoad: Sendable {
    var limit: Int
    var clients: Int

    static let keySize = 256
    static let valueSize = 1024

    static func named(_ name: String) -> PerfLoad? {
        switch name {
        case "s", "small": PerfLoad(limit: 150, clients: 50)
        case "m", "medium": PerfLoad(limit: 1000, clients: 200)
        case "l", "large": PerfLoad(limit: 8000, clients: 500)
        case "xl", "xLarge": PerfLoad(limit: 15000, clients: 1000)
        default: nil
        }
    }

    /// A random 256-byte key suffix (hex of a random number, zero-padded; etcdctl uses binary
    /// varint bytes, which are not UTF-8).
    static func randomKey() -> String {
        let hex = String(UInt64.random(in: 0...UInt64(Int64.max)), radix: 16)
        return hex + String(repeating: "0", count: keySize - hex.count)
    }
}

/// Hands out send times at `rate` per second, like a token bucket of burst 1: a slot missed is
/// not made up later. Returns nil once the duration is over.
final class Pacer: Sendable {
    private let state: Mutex<ContinuousClock.Instant>
    private let interval: Duration
    private let end: ContinuousClock.Instant

    init(rate: Int, duration: Duration) {
        let now = ContinuousClock.now
        state = Mutex(now)
        interval = .seconds(1) / rate
        end = now + duration
    }

    func next() -> ContinuousClock.Instant? {
        state.withLock { next in
            let slot = max(next, .now)
            guard slot < end else { return nil }
            next = slot + interval
            return slot
        }
    }
}

/// Latencies and errors of a check, and etcdctl's pass rules over them.
struct PerfResult: Sendable {
    var latencies: [Double] = []
    var errors: [String: Int] = [:]
    var elapsed: Double = 0
    var limit = 1

    mutating func merge(_ other: PerfResult) {
        latencies += other.latencies
        for (k, v) in other.errors { errors[k, default: 0] += v }
    }

    /// Prints etcdctl's PASS/FAIL lines (and a latency summary) and says whether it passed.
    func report() -> (passed: Bool, lines: [String]) {
        var ok = true
        var lines: [String] = []
        let n = Double(max(latencies.count, 1))
        let rps = Double(latencies.count + errors.values.reduce(0, +)) / max(elapsed, 1e-9)
        let mean = latencies.reduce(0, +) / n
        let stddev = (latencies.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
        let sorted = latencies.sorted()
        let slowest = sorted.last ?? 0
        func pct(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        if !errors.isEmpty {
            lines.append("FAIL: too many errors")
            for (k, v) in errors.sorted(by: { $0.key < $1.key }) { lines.append("FAIL: ERROR(\(k)) -> \(v)") }
            ok = false
        }
        if rps / Double(limit) <= 0.9 {
            lines.append("FAIL: Throughput too low: \(Int(rps) + 1) writes/s")
            ok = false
        } else {
            lines.append("PASS: Throughput is \(Int(rps) + 1) writes/s")
        }
        if slowest > 0.5 {
            lines.append("Slowest request took too long: \(fmt(slowest))s")
            ok = false
        } else {
            lines.append("PASS: Slowest request took \(fmt(slowest))s")
        }
        if stddev > 0.1 {
            lines.append("Stddev too high: \(fmt(stddev))s")
            ok = false
        } else {
            lines.append("PASS: Stddev is \(fmt(stddev))s")
        }
        lines.append("Latency: mean \(fmt(mean))s p50 \(fmt(pct(0.5)))s p99 \(fmt(pct(0.99)))s over \(latencies.count) writes")
        lines.append(ok ? "PASS" : "FAIL")
        for line in lines { Console.line(line) }
        return (ok, lines)
    }

    private func fmt(_ v: Double) -> String { String(format: "%.6f", v) }
}

extension Duration {
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
