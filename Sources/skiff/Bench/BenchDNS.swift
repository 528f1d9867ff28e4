import ArgumentParser
import Client
import Foundation
import Resources
#if canImport(Glibc)
import Glibc
#endif

/// `skiff bench dns`: `dnsperf` against `skiff dns` for cluster names (issue 7, "Speed"), as
/// JSON on standard output, progress on standard error. Starts a store, an API server and
/// `skiff dns` of its own in a scratch directory, creates `--services` ClusterIP services and a
/// tenth as many headless ones (three endpoints each), and asks their names (A, some SRV, a few
/// missing names). The anchor is CoreDNS's published ~16,800 queries/s per vCPU for cluster
/// names; the comparable figure here is queries answered per CPU-second the DNS process used.
struct BenchDNS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dns",
        abstract: "Benchmark skiff dns with dnsperf: queries/s, latency, queries per CPU-second vs CoreDNS."
    )

    @Option(help: "ClusterIP services to create (plus a tenth as many headless ones).")
    var services = 200

    @Option(help: "Seconds dnsperf runs.")
    var duration = 10

    @Option(help: "dnsperf clients (-c).")
    var clients = 4

    @Option(help: "dnsperf outstanding queries (-q).")
    var outstanding = 100

    @Option(help: "The skiff executable to start (default: this one).")
    var skiffBin: String?

    static let anchor = 16_800.0

    static func note(_ text: String) { Console.error("bench dns: " + text) }

    func run() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/dnsperf") else {
            throw BenchError("dnsperf is missing: apt-get install -y dnsperf")
        }
        let executable = skiffBin ?? BenchStore.ownExecutable()
        var cluster = try BenchCluster(executable: executable, name: "dns")
        let directory = cluster.directory
        var report: [(String, BenchJSON)] = []
        do {
            try await cluster.startMaster()
            let client = try await APIClient(endpoints: [cluster.apiRPC])
            let headless = max(1, services / 10)
            Self.note("creating \(services) services and \(headless) headless ones…")
            for i in 0..<services {
                _ = try await client.call(APIRequest(.create, resource: "services", namespace: "default", body: try JSON.parse(
                    #"{"metadata":{"name":"svc-\#(i)"},"spec":{"ports":[{"name":"http","port":80}]}}"#)))
            }
            for i in 0..<headless {
                _ = try await client.call(APIRequest(.create, resource: "services", namespace: "default", body: try JSON.parse(
                    #"{"metadata":{"name":"db-\#(i)"},"spec":{"clusterIP":"None","ports":[{"name":"pg","port":5432}]}}"#)))
                let addresses = (0..<3).map { #"{"ip":"10.244.\#(i % 250).\#($0 + 1)","hostname":"db-\#(i)-\#($0)"}"# }.joined(separator: ",")
                _ = try await client.call(APIRequest(.create, resource: "endpoints", namespace: "default", body: try JSON.parse(
                    #"{"metadata":{"name":"db-\#(i)"},"subsets":[{"addresses":[\#(addresses)],"ports":[{"name":"pg","port":5432}]}]}"#)))
            }
            await client.close()
            let d = try await cluster.launch("dns", ["dns", "--listen", "127.0.0.1:0", "--api", cluster.apiRPC,
                                                      "--api-events", cluster.apiEvents, "--upstream", "none"])
            let dnsPID = cluster.process("dns")?.pid ?? 0
            let port = d["listen"]?.split(separator: ":").last.map(String.init) ?? ""
            // The query mix: mostly service A lookups, then headless A, SRV and missing names.
            var lines: [String] = []
            for i in 0..<services { lines.append("svc-\(i).default.svc.cluster.local A") }
            for i in 0..<headless {
                lines.append("db-\(i).default.svc.cluster.local A")
                lines.append("_pg._tcp.db-\(i).default.svc.cluster.local SRV")
                lines.append("missing-\(i).default.svc.cluster.local A")
            }
            let queryFile = "\(directory)/queries.txt"
            try (lines.joined(separator: "\n") + "\n").write(toFile: queryFile, atomically: true, encoding: .utf8)
            Self.note("dnsperf for \(duration) s against 127.0.0.1:\(port)…")
            let cpuBefore = BenchCluster.cpuSeconds(pid: dnsPID)
            let output = await onThread("dnsperf") {
                Self.runDNSPerf(["-s", "127.0.0.1", "-p", port, "-d", queryFile, "-l", "\(duration)", "-c", "\(clients)",
                                 "-q", "\(outstanding)", "-T", "1"])
            }
            let cpu = BenchCluster.cpuSeconds(pid: dnsPID) - cpuBefore
            let fields = Self.parse(output)
            let completed = fields["Queries completed"] ?? 0
            let perCPU = cpu > 0 ? completed / cpu : 0
            report = [
                ("machine", .object([("cpus", .int(ProcessInfo.processInfo.activeProcessorCount))])),
                ("services", .int(services)), ("headless_services", .int(headless)), ("query_names", .int(lines.count)),
                ("duration_s", .int(duration)), ("clients", .int(clients)), ("outstanding", .int(outstanding)),
                ("queries_completed", .int(Int(completed))), ("queries_lost", .int(Int(fields["Queries lost"] ?? 0))),
                ("qps", .number(fields["Queries per second"] ?? 0, digits: 1)),
                ("latency_avg_ms", .number((fields["Average Latency (s)"] ?? 0) * 1000, digits: 3)),
                ("latency_stddev_ms", .number((fields["Latency StdDev (s)"] ?? 0) * 1000, digits: 3)),
                ("dns_cpu_seconds", .number(cpu, digits: 2)),
                ("qps_per_dns_cpu_second", .number(perCPU, digits: 1)),
                ("coredns_anchor_qps_per_vcpu", .number(Self.anchor, digits: 0)),
                ("ratio_to_anchor", .ratio(perCPU, Self.anchor)),
            ]
            if completed == 0 { Self.note("dnsperf output:\n\(output)") }
        } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
        print(BenchJSON.object(report).render())
    }

    /// Runs dnsperf to completion on the calling (dedicated) thread; its standard output.
    static func runDNSPerf(_ arguments: [String]) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/dnsperf")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return "dnsperf: \(error)" }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// `  Name:  number …` lines of dnsperf's summary.
    static func parse(_ output: String) -> [String: Double] {
        var out: [String: Double] = [:]
        for line in output.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].split(separator: " ").first.flatMap { Double($0) }
            if let value { out[key] = value }
        }
        return out
    }
}
