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

    @Option(help: "The range Services' ClusterIPs are allocated from (IPv4 CIDR).")
    var serviceClusterIPRange = "10.96.0.0/12"

    @Option(help: "The range of node ports, as low-high.")
    var serviceNodePortRange = "30000-32767"

    @Option(help: "Seconds a pod without its own toleration stays on a not-ready node before eviction.")
    var defaultNotReadyTolerationSeconds: Int64 = 300

    @Option(help: "Seconds a pod without its own toleration stays on an unreachable node before eviction.")
    var defaultUnreachableTolerationSeconds: Int64 = 300

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.bootstrap(label: "skiff.apiserver")
        var configuration = APIServerService.Configuration()
        configuration.rpcEndpoints = [rpc]
        configuration.eventsEndpoints = [events]
        configuration.storeEndpoints = [store]
        configuration.storeEventsEndpoints = [storeEvents]
        configuration.watchCacheSize = watchCacheSize
        configuration.serviceClusterIPRange = serviceClusterIPRange
        let ports = serviceNodePortRange.split(separator: "-").compactMap { Int64($0) }
        guard ports.count == 2, ports[0] > 0, ports[0] <= ports[1], ports[1] <= 65535 else {
            Console.error("skiff apiserver: --service-node-port-range must be low-high, like 30000-32767")
            throw ExitCode(2)
        }
        configuration.serviceNodePortRange = ports[0]...ports[1]
        guard defaultNotReadyTolerationSeconds >= 0, defaultUnreachableTolerationSeconds >= 0 else {
            Console.error("skiff apiserver: the default toleration seconds must not be negative")
            throw ExitCode(2)
        }
        configuration.defaultTolerationSeconds.notReady = defaultNotReadyTolerationSeconds
        configuration.defaultTolerationSeconds.unreachable = defaultUnreachableTolerationSeconds
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
        let group = Combined.group([service, ready], logger: logger)
        try await group.run()
    }
}
