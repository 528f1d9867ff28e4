import Foundation

extension BenchStore {
    /// The JSON that `skiff bench store` prints.
    struct Report: Codable, Sendable {
        struct Machine: Codable, Sendable {
            var cpus: Int
            var memory_bytes: Int64
            /// /proc/loadavg when the benchmark started and ended: other work on the machine
            /// skews every figure, so the figures say how busy it was.
            var loadavg_at_start: String?
            var loadavg_at_end: String?

            static func loadAverage() -> String? {
                (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))
                    .map { $0.split(separator: " ").prefix(3).joined(separator: " ") }
            }
        }

        /// Group commit's gain: the many-client durable write rate over the one-client rate.
        struct GroupCommit: Codable, Sendable {
            var one_client_puts_per_s: Double
            var clients: Int
            var many_clients_puts_per_s: Double
            var ratio: Double
            var goal_ratio: Double
            var goal_met: Bool
        }

        /// One client's put against the disk alone: what the RPC, the JSON and the log add.
        struct Floor: Codable, Sendable {
            var fdatasync_p50_ms: Double
            var one_client_put_p50_ms: Double
            var overhead_p50_ms: Double
            var fdatasync_writes_per_s: Double
            var one_client_puts_per_s_over_fdatasync_rate: Double
        }

        var benchmark = "store"
        var machine: Machine
        var disk_fdatasync: StoreBench.DiskFloor.Figures?
        var puts: [StoreBench.PutFigures]?
        var etcd_puts: [StoreBench.PutFigures]?
        var group_commit: GroupCommit?
        var floor: Floor?
        var restart: StoreBench.Restart.Figures?
        var error: String?

        init(machine: Machine) { self.machine = machine }

        mutating func summarize(clientCounts: [Int]) {
            guard let runs = puts, let one = runs.first(where: { $0.clients == 1 }),
                  let many = runs.filter({ $0.clients > 1 }).max(by: { $0.clients < $1.clients }) else { return }
            let ratio = one.puts_per_s > 0 ? many.puts_per_s / one.puts_per_s : 0
            group_commit = GroupCommit(one_client_puts_per_s: one.puts_per_s, clients: many.clients,
                                       many_clients_puts_per_s: many.puts_per_s, ratio: StoreBench.round(ratio, 2),
                                       goal_ratio: 10, goal_met: ratio >= 10)
            if let disk = disk_fdatasync {
                floor = Floor(fdatasync_p50_ms: disk.latency.p50_ms, one_client_put_p50_ms: one.latency.p50_ms,
                              overhead_p50_ms: StoreBench.round(one.latency.p50_ms - disk.latency.p50_ms),
                              fdatasync_writes_per_s: disk.writes_per_s,
                              one_client_puts_per_s_over_fdatasync_rate: StoreBench.round(one.puts_per_s / max(disk.writes_per_s, 1e-9), 2))
            }
        }
    }
}
