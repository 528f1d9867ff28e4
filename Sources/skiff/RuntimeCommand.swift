import ArgumentParser
import Foundation
import Logging
import Runtime
import RuntimeAPI
import ServiceLifecycle

/// `skiff runtime`: the container runtime (DESIGN.md §6, `proto-docs/runtime.md`).
struct RuntimeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runtime",
        abstract: "Serve the container runtime: pod sandboxes and containers over SKIFF-CRI/1, lifecycle events on containers/."
    )

    @Option(help: "RPC endpoint to bind.")
    var rpc = NodeDefaults.runtimeRPC

    @Option(help: "Event-stream endpoint to bind.")
    var events = NodeDefaults.runtimeEvents

    @Option(help: "process (host processes, isolated as root) or fake (nothing runs; for hollow nodes).")
    var driver: String = RuntimeService.Driver.process.rawValue

    @Option(help: "State directory (default: $SKIFF_HOME/runtime, else ./.skiff/runtime).")
    var root: String?

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard RuntimeService.Driver(rawValue: driver) != nil else {
            throw ValidationError("--driver must be process or fake, not \(driver)")
        }
    }

    func run() async throws {
        let logger = logging.bootstrap(label: "skiff.runtime")
        var configuration = RuntimeService.Configuration()
        configuration.rpcEndpoints = [rpc]
        configuration.eventsEndpoints = [events]
        configuration.driver = RuntimeService.Driver(rawValue: driver)!
        configuration.root = root ?? ProcessInfo.processInfo.environment["SKIFF_HOME"].map { $0 + "/runtime" } ?? "./.skiff/runtime"
        let service: RuntimeService
        do {
            service = try await RuntimeService.open(configuration: configuration, logger: logger)
        } catch {
            Console.error("skiff runtime: cannot start: \(error)")
            throw ExitCode(1)
        }
        let isolation = await service.runtime.version().isolation
        for note in isolation.notes { logger.info("isolation", metadata: ["note": "\(note)"]) }
        let ready = ReadyLine(text: "skiff runtime ready rpc=\(service.rpcEndpoint) events=\(service.eventsEndpoint) driver=\(driver) root=\(configuration.root)")
        let group = ServiceGroup(services: [service, ready], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }
}
