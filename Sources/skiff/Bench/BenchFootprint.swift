import ArgumentParser
import Foundation

/// `skiff bench footprint`: the resident memory of every service of an idle cluster (issue 5,
/// "Speed": summed, goal under 150 MiB). Without `--home`, brings up the default cluster
/// (`--nodes` nodes) through `skiff compose up -d --wait` with this skiff, lets it idle for
/// `--settle` seconds, reads /proc/<pid>/status and /proc/<pid>/smaps_rollup of each service
/// (from its compose pid file), takes it down and prints JSON.
///
/// Both sums are printed: VmRSS counts the pages of the one shared `skiff` binary and its
/// libraries again in every process; Pss divides each shared page among the processes mapping
/// it, so the Pss sum is what the cluster really holds in memory.
struct BenchFootprint: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "footprint",
        abstract: "Measure the summed resident memory (RSS and PSS) of every service of an idle cluster."
    )

    @Option(help: "Nodes of the cluster started by the benchmark.")
    var nodes = 2

    @Option(help: "SKIFF_HOME of a running cluster to measure instead of starting one.")
    var home: String?

    @Option(help: "Seconds to let the cluster idle before reading.")
    var settle = 15.0

    @Option(help: "The skiff executable to start (default: this one).")
    var skiffBin: String?

    @Option(help: "The compose file of the started cluster, with the default file's ports (e.g. compose/skiff-compose.compact.yaml; default: the embedded default).")
    var file: String?

    @Option(help: "Extra environment for the cluster's services, NAME=VALUE (repeatable), e.g. MALLOC_ARENA_MAX=2.")
    var env: [String] = []

    func validate() throws {
        guard settle >= 0 else { throw ValidationError("--settle must be 0 or more") }
        for e in env where !e.contains("=") { throw ValidationError("--env takes NAME=VALUE, not \(e)") }
    }

    func run() async throws {
        let executable = skiffBin ?? BenchStore.ownExecutable()
        var report: [(String, BenchJSON)] = [("build", .string(BenchPods.buildKind))]
        let size = (try? FileManager.default.attributesOfItem(atPath: executable)[.size] as? Int) ?? 0
        report.append(("binary", .object([("path", .string(executable)), ("mib", .number(Double(size) / 1_048_576, digits: 1))])))
        var cluster: PodsBenchCluster?
        let measured: String
        if let home {
            measured = home
            report.append(("cluster", .string("existing, SKIFF_HOME \(home)")))
        } else {
            var extra: [String: String] = [:]
            for e in env {
                let parts = e.split(separator: "=", maxSplits: 1)
                extra[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
            }
            let c = try PodsBenchCluster(executable: executable, nodes: nodes, environment: extra, file: file)
            Console.error("bench footprint: starting a \(nodes)-node cluster in \(c.home)…")
            do { try await c.up() } catch {
                await c.down()
                throw error
            }
            cluster = c
            measured = c.home
            report.append(("cluster", .string("own: skiff compose up -d --wait, \(nodes) nodes, process driver, \(file ?? "the default compose file")")))
            if !env.isEmpty { report.append(("environment", .array(env.map { .string($0) }))) }
        }
        Console.error("bench footprint: idle for \(settle) s…")
        try? await Task.sleep(for: .seconds(settle))
        report.append(("footprint", BenchPods.footprint(home: measured)))
        if let cluster { await cluster.down() }
        Console.line(BenchJSON.object(report).render())
    }
}
