import ArgumentParser
import CAdvisor
import Client
import Logging
import ServiceLifecycle

/// `skiff cadvisor`: measures the node and its containers and reports to the API server
/// (DESIGN.md §6, `proto-docs/cadvisor.md`).
struct CAdvisorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cadvisor",
        abstract: "Measure CPU, memory and IO of the node and its containers; report them to the API server."
    )

    @Option(help: "The node's name, as its kubelet registers it.")
    var nodeName: String

    @Option(help: "The runtime's RPC endpoint (SKIFF-CRI/1).")
    var runtime = CAdvisorService.Configuration(nodeName: "").runtimeEndpoints[0]

    @Option(help: "The API server's RPC endpoint.")
    var api = APIDefaults.rpcEndpoint

    @Option(help: "RPC endpoint to bind (answers _ping and _metrics).")
    var rpc = CAdvisorService.Configuration(nodeName: "").rpcEndpoints[0]

    @Option(help: "How often to measure and report: 10s, 500ms, 1m.")
    var interval = "10s"

    @Option(help: "Serve Prometheus text at http://127.0.0.1:<port>/metrics (0 picks a free port; none: no HTTP).")
    var metricsPort: Int?

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard IntervalText.parse(interval) != nil else {
            throw ValidationError("--interval must be a positive duration such as 10s, 500ms or 1m, not \(interval)")
        }
        if let metricsPort, !(0...65535).contains(metricsPort) {
            throw ValidationError("--metrics-port must be 0...65535, not \(metricsPort)")
        }
    }

    func run() async throws {
        let logger = logging.bootstrap(label: "skiff.cadvisor")
        var configuration = CAdvisorService.Configuration(nodeName: nodeName)
        configuration.runtimeEndpoints = [runtime]
        configuration.apiEndpoints = [api]
        configuration.rpcEndpoints = [rpc]
        configuration.interval = IntervalText.parse(interval)!
        let service: CAdvisorService
        do {
            service = try await CAdvisorService.start(configuration: configuration, logger: logger)
        } catch {
            Console.error("skiff cadvisor: cannot start: \(error)")
            throw ExitCode(1)
        }
        var services: [any Service] = [service]
        let httpURL = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(1))
        if let metricsPort {
            services.append(MetricsHTTPServer(port: metricsPort, logger: logger, text: { service.prometheusText() }) { url in
                httpURL.continuation.yield(url)
                httpURL.continuation.finish()
            })
        } else {
            httpURL.continuation.finish()
        }
        let line = "skiff cadvisor ready node=\(nodeName) rpc=\(service.rpcEndpoint) runtime=\(runtime) api=\(api) interval=\(interval)"
        services.append(CAdvisorReadyLine(line: line, httpURL: httpURL.stream, service: service))
        let group = Combined.group(services, logger: logger)
        try await group.run()
    }
}

/// The ready line, once the HTTP endpoint (if any) listens and the first reading is done; the
/// line then names the `/metrics` URL too. List it last in the group (see ``ReadyLine``).
private struct CAdvisorReadyLine: Service {
    let line: String
    let httpURL: AsyncStream<String>
    let service: CAdvisorService

    func run() async throws {
        let (httpURL, service) = (self.httpURL, self.service)
        let url = await cancelWhenGracefulShutdown { () async -> String? in
            var found: String?
            for await url in httpURL { found = url }
            await service.waitUntilFirstReading()
            return found
        }
        let text = line + (url.map { " metrics=\($0)" } ?? "")
        if Task.isCancelled || Task.isShuttingDownGracefully { return }
        Console.line(text)
        try? await gracefulShutdown()
    }
}
