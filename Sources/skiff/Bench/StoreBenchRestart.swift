import Bus
import Foundation
import Store
#if canImport(Glibc)
import Glibc
#endif

extension StoreBench {
    /// Restart with many keys: fill a fresh data directory through a real `skiff store` (so the
    /// directory holds what the service writes — segments and its periodic snapshots), stop it
    /// with SIGTERM, start it again and time until it answers `store.status`; read VmRSS.
    enum Restart {
        struct Plan: Sendable {
            var executable: String
            var workDirectory: String
            var keys: Int
            var valueBytes: Int
            var keysPerTxn: Int
            var fillClients: Int
            var keep: Bool
        }

        struct Figures: Codable, Sendable {
            var keys: Int
            var value_bytes: Int
            var fill: String
            var fill_seconds: Double
            var fill_keys_per_s: Double
            var data_dir: String
            var data_dir_bytes: Int64
            var revision: Int64
            var rss_empty_store_bytes: Int64?
            var rss_after_fill_bytes: Int64?
            var shutdown_seconds: Double
            var restart_to_ready_line_seconds: Double
            var restart_to_status_seconds: Double
            var restart_keys: Int
            var rss_after_restart_bytes: Int64?
            var rss_per_million_keys_mib: Double?
            var rss_above_empty_per_million_keys_mib: Double?
            var recovery_log: String?
            var restart_goal_seconds: Double
            var restart_goal_met: Bool
        }

        static func run(_ plan: Plan) async throws -> Figures {
            let directory = plan.workDirectory + "/skiff-bench-restart-\(getpid())"
            try? FileManager.default.removeItem(atPath: directory)
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { if !plan.keep { try? FileManager.default.removeItem(atPath: directory) } }
            let dataDir = directory + "/store"

            // 1. A fresh store on free loopback ports.
            let first = StoreProcess(executable: plan.executable, arguments: [
                "store", "--data-dir", dataDir, "--rpc", "tcp://127.0.0.1:*", "--events", "tcp://127.0.0.1:*",
            ], logPath: directory + "/store-1.log")
            _ = try first.start()
            let firstReady: (line: String, at: UInt64)
            do { firstReady = try await first.ready(timeout: .seconds(60)) } catch { first.signal(SIGKILL); throw error }
            guard let endpoints = endpoints(ofReadyLine: firstReady.line) else {
                first.signal(SIGKILL)
                throw Failure("cannot read the endpoints of: \(firstReady.line)")
            }
            let rssEmpty = residentBytes(pid: first.pid)

            // 2. Fill.
            note("filling \(plan.keys) keys through the store at \(endpoints.rpc)…")
            let fillStart = now()
            let filled: StoreMessages.StatusResponse
            do {
                try await fill(plan, endpoint: endpoints.rpc)
                filled = try await status(endpoint: endpoints.rpc, timeout: .seconds(60))
            } catch {
                first.signal(SIGKILL)
                throw error
            }
            let fillSeconds = seconds(from: fillStart, to: now())
            let rssFilled = residentBytes(pid: first.pid)
            note("filled in \(round(fillSeconds, 1)) s, revision \(filled.revision), \(filled.keys) keys")

            // 3. Stop gracefully.
            let stopStart = now()
            first.signal(SIGTERM)
            let status1 = await first.exit()
            let shutdownSeconds = seconds(from: stopStart, to: now())
            guard status1 == 0 else { throw Failure("the store exited with status \(status1) on SIGTERM; see \(first.logPath)") }
            let bytes = directorySize(dataDir)

            // 4. Restart on the same endpoints; a client asks for status from the spawn on.
            var configuration = RPC.Client.Configuration()
            configuration.reconnectInterval = 5
            configuration.maxReconnectInterval = 5
            configuration.attemptInterval = .milliseconds(250)
            configuration.maxAttemptInterval = .milliseconds(250)
            let client = try await StoreClient(endpoints: [endpoints.rpc], timeout: .seconds(120), configuration: configuration)
            let second = StoreProcess(executable: plan.executable, arguments: [
                "store", "--data-dir", dataDir, "--rpc", endpoints.rpc, "--events", endpoints.events,
            ], logPath: directory + "/store-2.log")
            let spawnedAt = try second.start()
            let restarted: StoreMessages.StatusResponse
            do {
                restarted = try await client.status()
            } catch {
                await client.close()
                second.signal(SIGKILL)
                throw Failure("the restarted store did not answer store.status: \(error); see \(second.logPath)")
            }
            let answeredAt = now()
            await client.close()
            let readyAt = (try? await second.ready(timeout: .seconds(10)))?.at ?? answeredAt
            let rssRestarted = residentBytes(pid: second.pid)
            second.signal(SIGTERM)
            _ = await second.exit()

            let restartSeconds = seconds(from: spawnedAt, to: answeredAt)
            let millions = Double(restarted.keys) / 1e6
            func perMillion(_ rss: Int64?) -> Double? {
                guard let rss, millions > 0 else { return nil }
                return round(Double(rss) / 1_048_576 / millions, 1)
            }
            return Figures(
                keys: plan.keys, value_bytes: plan.valueBytes,
                fill: "through skiff store over RPC: \(plan.fillClients) concurrent clients, \(plan.keysPerTxn) puts per txn",
                fill_seconds: round(fillSeconds, 2), fill_keys_per_s: round(Double(plan.keys) / fillSeconds, 0),
                data_dir: dataDir, data_dir_bytes: bytes, revision: restarted.revision,
                rss_empty_store_bytes: rssEmpty, rss_after_fill_bytes: rssFilled,
                shutdown_seconds: round(shutdownSeconds),
                restart_to_ready_line_seconds: round(seconds(from: spawnedAt, to: readyAt)),
                restart_to_status_seconds: round(restartSeconds),
                restart_keys: restarted.keys, rss_after_restart_bytes: rssRestarted,
                rss_per_million_keys_mib: perMillion(rssRestarted),
                rss_above_empty_per_million_keys_mib: rssRestarted.flatMap { r in rssEmpty.flatMap { perMillion(r - $0) } },
                recovery_log: recoveryLine(second.logPath),
                restart_goal_seconds: 3, restart_goal_met: restartSeconds < 3)
        }

        /// Writes `plan.keys` keys (`/registry/bench/<ns>/<name>`, `valueBytes` each) in
        /// transactions of `keysPerTxn` puts from `fillClients` concurrent clients.
        private static func fill(_ plan: Plan, endpoint: String) async throws {
            let value = Data((0..<plan.valueBytes).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 1) })
            let txns = (plan.keys + plan.keysPerTxn - 1) / plan.keysPerTxn
            let clients = max(1, plan.fillClients)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for c in 0..<clients {
                    group.addTask {
                        let client = try await StoreClient(endpoints: [endpoint], timeout: .seconds(120))
                        do {
                            for t in stride(from: c, to: txns, by: clients) {
                                let first = t * plan.keysPerTxn
                                let last = min(plan.keys, first + plan.keysPerTxn)
                                let ops = (first..<last).map { i in
                                    StoreMessages.Op.put(.init(key: "/registry/bench/ns-\(i % 100)/obj-\(i)", value: value))
                                }
                                _ = try await client.txn(StoreMessages.TxnRequest(success: ops))
                            }
                        } catch {
                            await client.close()
                            throw error
                        }
                        await client.close()
                    }
                }
                try await group.waitForAll()
            }
        }

        private static func status(endpoint: String, timeout: Duration) async throws -> StoreMessages.StatusResponse {
            let client = try await StoreClient(endpoints: [endpoint], timeout: timeout)
            do {
                let status = try await client.status()
                await client.close()
                return status
            } catch {
                await client.close()
                throw error
            }
        }

        /// The store's "store recovered" log line, which says what was loaded and replayed.
        private static func recoveryLine(_ path: String) -> String? {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
            return text.split(separator: "\n").first { $0.contains("store recovered") }.map(String.init)
        }

        static func directorySize(_ path: String) -> Int64 {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return 0 }
            return names.reduce(0) { total, name in
                let size = (try? FileManager.default.attributesOfItem(atPath: path + "/" + name)[.size] as? NSNumber)?.int64Value ?? 0
                return total + size
            }
        }
    }
}
