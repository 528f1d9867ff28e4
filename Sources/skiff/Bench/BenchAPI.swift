import ArgumentParser
import Client
import Foundation
import Resources
import Synchronization

/// `skiff bench api`: the API server's and gateway's speed (issue 4, "Speed") as JSON on
/// standard output, progress on standard error. Against a running store + API server + gateway
/// (`--api`, `--gateway`), or, with `--start`, against ones it starts itself in a scratch
/// directory.
struct BenchAPI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "Benchmark the API server and gateway: call latency, sustained rate, large lists, watch fan-out."
    )

    @Option(help: "The API server's RPC endpoint.")
    var api = APIDefaults.rpcEndpoint

    @Option(help: "The gateway's base URL.")
    var gateway = "http://127.0.0.1:8001"

    @Flag(help: "Start a store, API server and gateway of its own on spare ports (in a scratch directory).")
    var start = false

    @Option(help: "Seconds of each steady and max-rate run.")
    var duration = 10.0

    @Option(help: "Mutations per second of the steady runs.")
    var rate = 100.0

    @Option(help: "Concurrent callers of the max-rate runs.")
    var callers = 16

    @Option(help: "Pods in the large-list test.")
    var pods = 5000

    @Option(help: "Concurrent HTTP watchers in the fan-out test.")
    var watchers = 100

    @Option(help: "Objects written during the fan-out test.")
    var watchWrites = 200

    @Option(help: "The skiff executable to start with --start (default: this one).")
    var skiffBin: String?

    static func note(_ text: String) { Console.error("bench api: " + text) }

    func run() async throws {
        var cluster: BenchCluster? = nil
        var apiEndpoint = api, gatewayURL = gateway
        if start {
            var c = try BenchCluster(executable: skiffBin ?? BenchStore.ownExecutable(), name: "api")
            try await c.startMaster()
            let g = try await c.launch("gateway", ["gateway", "--bind", "127.0.0.1:0", "--api", c.apiRPC, "--events", c.apiEvents])
            cluster = c
            apiEndpoint = c.apiRPC
            gatewayURL = g["http"] ?? ""
        }
        guard let url = URL(string: gatewayURL), let port = url.port.map(UInt16.init) else {
            throw ValidationError("--gateway must be a URL with a port, like http://127.0.0.1:8001")
        }
        let client = try await APIClient(endpoints: [apiEndpoint])
        var report: [(String, BenchJSON)] = [
            ("machine", .object([("cpus", .int(ProcessInfo.processInfo.activeProcessorCount))])),
            ("api", .string(apiEndpoint)), ("gateway", .string(gatewayURL)),
        ]
        do {
            let runner = APIBenchRunner(client: client, port: port, duration: duration)
            try await runner.prepare()
            Self.note("steady \(rate) mutations/s over the bus…")
            report.append(("bus_steady", try await runner.steadyBus(rate: rate)))
            Self.note("steady \(rate) mutations/s over HTTP…")
            report.append(("http_steady", try await runner.steadyHTTP(rate: rate)))
            Self.note("max rate over the bus, \(callers) callers…")
            report.append(("bus_max", try await runner.maxBus(callers: callers)))
            Self.note("max rate over HTTP, \(callers) callers…")
            report.append(("http_max", try await runner.maxHTTP(callers: callers)))
            Self.note("LIST of \(pods) pods…")
            report.append(("list_pods", try await runner.listPods(pods)))
            Self.note("\(watchers) HTTP watchers, \(watchWrites) writes…")
            report.append(("watch_fanout", try await runner.watchFanout(watchers: watchers, writes: watchWrites)))
        } catch {
            Self.note("failed: \(error)")
            report.append(("error", .string("\(error)")))
        }
        await client.close()
        if let cluster { await cluster.stop() }
        Console.line(BenchJSON.object(report).render())
    }
}
