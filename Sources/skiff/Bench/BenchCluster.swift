import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Services a benchmark starts for itself on spare ports, in a scratch `SKIFF_HOME`: the store
/// and API server (`startMaster`), then whatever it `launch`es. Stopped newest first.
struct BenchCluster: Sendable {
    /// Newest first.
    private(set) var processes: [(name: String, process: StoreBench.StoreProcess)] = []
    let executable: String
    let directory: String
    private(set) var apiRPC = ""
    private(set) var apiEvents = ""

    /// `name` names the scratch directory (`skiff-bench-<name>-…`).
    init(executable: String, name: String) throws {
        self.executable = executable
        directory = NSTemporaryDirectory() + "skiff-bench-\(name)-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        setenv("SKIFF_HOME", directory, 1)
    }

    /// Starts one process and returns the fields of its ready line; on failure stops everything.
    @discardableResult
    mutating func launch(_ name: String, _ arguments: [String]) async throws -> [String: String] {
        let p = StoreBench.StoreProcess(executable: executable, arguments: arguments, logPath: "\(directory)/\(name).log")
        _ = try p.start()
        processes.insert((name, p), at: 0)
        let line: String
        do {
            line = try await p.ready(timeout: .seconds(60)).line
        } catch {
            await stop()
            throw error
        }
        var fields: [String: String] = [:]
        for f in line.split(separator: " ") {
            let kv = f.split(separator: "=", maxSplits: 1)
            if kv.count == 2 { fields[String(kv[0])] = String(kv[1]) }
        }
        return fields
    }

    mutating func startMaster(apiserverArguments: [String] = []) async throws {
        let s = try await launch("store", ["store", "--data-dir", "\(directory)/store", "--rpc", "tcp://127.0.0.1:*",
                                           "--events", "tcp://127.0.0.1:*"])
        let a = try await launch("apiserver", ["apiserver", "--rpc", "tcp://127.0.0.1:*", "--events", "tcp://127.0.0.1:*",
                                               "--store", s["rpc"] ?? "", "--store-events", s["events"] ?? ""] + apiserverArguments)
        apiRPC = a["rpc"] ?? ""
        apiEvents = a["events"] ?? ""
    }

    /// The process started as `name`.
    func process(_ name: String) -> StoreBench.StoreProcess? { processes.first { $0.name == name }?.process }

    /// User + system CPU seconds of each process so far, from /proc.
    func cpuSeconds() -> [(String, Double)] {
        processes.map { ($0.name, Self.cpuSeconds(pid: $0.process.pid)) }
    }

    static func cpuSeconds(pid: Int32) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the command: state is field 3, utime 14 and stime 15 (1-based) → 11 and 12 here.
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    static func ownCPUSeconds() -> Double { cpuSeconds(pid: getpid()) }

    func stop() async {
        for (_, p) in processes {
            p.signal(SIGTERM)
            _ = await p.exit()
        }
        try? FileManager.default.removeItem(atPath: directory)
    }
}
