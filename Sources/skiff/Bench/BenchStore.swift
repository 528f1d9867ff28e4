import ArgumentParser
import Foundation
import Store
#if canImport(Glibc)
import Glibc
#endif

/// `skiff bench store`: the store's speed (issue 3, "Speed"), printed as JSON on standard output
/// (progress on standard error). Against a running store (`--rpc`): the unthrottled put test
/// with 1 and 64 clients; the disk's own append+fdatasync latency in the store's data directory
/// (`--data-dir`) as the floor; and, with stores of its own, restart time and memory with 1M keys.
struct BenchStore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Benchmark the store: put throughput and latency, the fdatasync floor, restart with 1M keys."
    )

    @Option(help: "RPC endpoint of the running store for the put test.")
    var rpc = StoreDefaults.rpcEndpoint

    @Option(help: "The store's data directory: the fdatasync floor is measured on a file there.")
    var dataDir: String?

    @Option(help: "Concurrent clients of the put test, comma-separated.")
    var clients = "1,64"

    @Option(help: "At most this many RPC connections per run; clients share them round-robin.")
    var connections = 8

    @Option(help: "Value size of the put test and the fdatasync floor, bytes.")
    var valueSize = 256

    @Option(help: "Keys of the put test are drawn at random from this many.")
    var keySpace = 10_000

    @Option(help: "Warm-up seconds before each put run (not counted).")
    var warmup = 1.0

    @Option(help: "Measured seconds of each put run and of the fdatasync floor.")
    var duration = 10.0

    @Option(help: "Also run the put test against etcd's JSON gateway at this URL (e.g. http://127.0.0.1:2379).")
    var etcd: String?

    @Option(help: "Keys for the restart test (0 skips it).")
    var restartKeys = 1_000_000

    @Option(help: "Puts per transaction when filling the restart test's store.")
    var fillTxn = 1000

    @Option(help: "Concurrent clients filling the restart test's store.")
    var fillClients = 4

    @Option(help: "Directory for the restart test's stores (default: the system temporary directory).")
    var workDir: String?

    @Option(help: "The skiff executable to start for the restart test (default: this one).")
    var skiffBin: String?

    @Flag(inversion: .prefixedNo, help: "Run the put test against --rpc.")
    var puts = true

    @Flag(inversion: .prefixedNo, help: "Measure the fdatasync floor in --data-dir.")
    var disk = true

    @Flag(help: "Keep the restart test's data directory.")
    var keep = false

    func run() async throws {
        let clientCounts = clients.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !clientCounts.isEmpty, clientCounts.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("--clients takes positive numbers, e.g. 1,64")
        }
        var report = Report(machine: .init(cpus: ProcessInfo.processInfo.activeProcessorCount,
                                           memory_bytes: Int64(ProcessInfo.processInfo.physicalMemory),
                                           loadavg_at_start: Report.Machine.loadAverage()))
        do {
            if disk {
                let directory = dataDir ?? StoreDefaults.dataDirectory()
                StoreBench.note("fdatasync floor in \(directory) for \(duration) s…")
                report.disk_fdatasync = try await StoreBench.DiskFloor.run(directory: directory, bytes: valueSize, duration: duration)
            }
            if puts {
                report.puts = try await storePuts(clientCounts)
            }
            if let etcd {
                report.etcd_puts = try await etcdPuts(clientCounts, endpoint: etcd)
            }
            report.summarize(clientCounts: clientCounts)
            if restartKeys > 0 {
                report.restart = try await StoreBench.Restart.run(.init(
                    executable: skiffBin ?? Self.ownExecutable(), workDirectory: workDir ?? NSTemporaryDirectory(),
                    keys: restartKeys, valueBytes: valueSize, keysPerTxn: max(1, fillTxn), fillClients: fillClients, keep: keep))
            }
        } catch {
            StoreBench.note("failed: \(error)")
            report.error = "\(error)"
            report.machine.loadavg_at_end = Report.Machine.loadAverage()
            try StoreBench.printJSON(report)
            throw ExitCode(1)
        }
        report.machine.loadavg_at_end = Report.Machine.loadAverage()
        try StoreBench.printJSON(report)
    }

    private func workload(clients: Int) -> StoreBench.PutWorkload {
        StoreBench.PutWorkload(clients: clients, connections: min(clients, max(1, connections)), valueBytes: valueSize,
                               warmup: warmup, duration: duration, keyPrefix: "/bench/put/", keySpace: keySpace)
    }

    private func storePuts(_ clientCounts: [Int]) async throws -> [StoreBench.PutFigures] {
        var runs: [StoreBench.PutFigures] = []
        let control = try await StoreClient(endpoints: [rpc], timeout: .seconds(10))
        do {
            _ = try await control.status()
            for count in clientCounts {
                let work = workload(clients: count)
                StoreBench.note("store put test: \(count) clients on \(work.connections) connections, \(warmup)+\(duration) s…")
                var pool: [StoreClient] = []
                for _ in 0..<work.connections { pool.append(try await StoreClient(endpoints: [rpc], timeout: .seconds(30))) }
                let before = try await control.status()
                let connections = pool
                var figures = await StoreBench.runPuts(work) { connection, key, value in
                    try await connections[connection].put(key, value)
                }
                let after = try await control.status()
                for client in pool { await client.close() }
                figures.store_fdatasyncs = after.syncs - before.syncs
                figures.store_batches = after.batches - before.batches
                let writes = after.revision - before.revision
                figures.puts_per_fdatasync = figures.store_fdatasyncs.map { $0 > 0 ? StoreBench.round(Double(writes) / Double($0), 2) : 0 }
                StoreBench.note("  \(figures.puts_per_s) puts/s, p50 \(figures.latency.p50_ms) ms, p99 \(figures.latency.p99_ms) ms")
                runs.append(figures)
            }
            _ = try? await control.delete(prefix: "/bench/put/")
            await control.close()
        } catch {
            await control.close()
            throw error
        }
        return runs
    }

    private func etcdPuts(_ clientCounts: [Int], endpoint: String) async throws -> [StoreBench.PutFigures] {
        var runs: [StoreBench.PutFigures] = []
        for count in clientCounts {
            let work = workload(clients: count)
            StoreBench.note("etcd put test: \(count) clients, \(warmup)+\(duration) s…")
            let putter = try StoreBench.EtcdPutter(endpoint: endpoint, connections: count)
            var figures = await StoreBench.runPuts(work) { _, key, value in try await putter.put(key, value) }
            putter.close()
            figures.connections = count
            StoreBench.note("  \(figures.puts_per_s) puts/s, p50 \(figures.latency.p50_ms) ms, p99 \(figures.latency.p99_ms) ms")
            runs.append(figures)
        }
        return runs
    }

    /// The path of the running executable (/proc/self/exe), to start `skiff store` with.
    static func ownExecutable() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if n > 0 { return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        return CommandLine.arguments[0]
    }
}
