import ArgumentParser
import Foundation
import Client
import Gateway
import Logging
import ServiceLifecycle

/// `skiff gateway`: the Kubernetes REST API over HTTP (DESIGN.md §5).
struct GatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gateway",
        abstract: "Serve the Kubernetes REST API over HTTP, translated to the API server's bus RPC and event stream."
    )

    @Option(help: "HTTP address to listen on, host:port (port 0 picks a free port).")
    var bind = "127.0.0.1:8001"

    @Option(help: "The API server's RPC endpoint.")
    var api = APIDefaults.rpcEndpoint

    @Option(help: "The API server's cluster event stream endpoint.")
    var events = APIDefaults.eventsEndpoint

    @Option(help: "Where to write the kubeconfig (default: $SKIFF_HOME/kubeconfig, else ./.skiff/kubeconfig).")
    var kubeconfig: String?

    @Option(help: .hidden)
    var bookmarkIntervalMs = 60_000

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.bootstrap(label: "skiff.gateway")
        guard let colon = bind.lastIndex(of: ":"), let port = Int(bind[bind.index(after: colon)...]),
              (0...65535).contains(port) else {
            Console.error("skiff gateway: --bind must be host:port, not \(bind)")
            throw ExitCode(2)
        }
        var host = String(bind[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        var configuration = GatewayService.Configuration(apiEndpoints: [api], eventEndpoints: [events])
        configuration.host = host.isEmpty ? "0.0.0.0" : host
        configuration.port = port
        configuration.kubeconfigPath = kubeconfig ?? Kubeconfig.defaultPath(environment: ProcessInfo.processInfo.environment)
        configuration.skiffVersion = SkiffVersion.string
        configuration.bookmarkInterval = .milliseconds(bookmarkIntervalMs)
        let api = self.api, events = self.events, path = configuration.kubeconfigPath ?? ""
        let gateway = GatewayService(configuration: configuration, logger: logger) { url in
            Console.line("skiff gateway ready http=\(url) api=\(api) events=\(events) kubeconfig=\(path)")
        }
        let group = Combined.group([gateway], logger: logger)
        try await group.run()
    }
}
