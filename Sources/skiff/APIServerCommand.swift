import APIServer
import ArgumentParser
import Client
import Logging
import ServiceLifecycle
import Store

/// `skiff apiserver`: the API server (DESIGN.md §5, `proto-docs/apiserver.md`).
struct APIServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apiserver",
        abstract: "Serve the Kubernetes API semantics over the bus, on top of the store."
    )

    @Option(help: "RPC endpoint to bind (SKIFF-API/1).")
    var rpc = APIDefaults.rpcEndpoint

    @Option(help: "Cluster event-stream endpoint to bind.")
    var events = APIDefaults.eventsEndpoint

    @Option(help: "The store's RPC endpoint.")
    var store = StoreDefaults.rpcEndpoint

    @Option(help: "The store's change-stream endpoint.")
    var storeEvents = StoreDefaults.eventsEndpoint

    @Option(help: "Changes kept per resource for watches that start in the past.")
    var watchCacheSize = 10_000

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.bootstrap(label: "skiff.apiserver")
        var configuration = APIServerService.Configuration()
        configuration.rpcEndpoints = [rpc]
        configuration.eventsEndpoints = [events]
        configuration.storeEndpoints = [store]
        configuration.storeEventsEndpoints = [storeEvents]
        configuration.watchCacheSize = watchCacheSize
        let service: APIServerService
        do {
            service = try await APIServerService.start(configuration: configuration, logger: logger)
        } catch {
            Console.error("skiff apiserver: cannot start: \(error)")
            throw ExitCode(1)
        }
        let ready = ReadyLine(text: "skiff apiserver ready rpc=\(service.rpcEndpoint) events=\(service.eventsEndpoint) store=\(store)") {
            await service.waitUntilBootstrapped()
        }
        let group = ServiceGroup(services: [service, ready], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }
}
