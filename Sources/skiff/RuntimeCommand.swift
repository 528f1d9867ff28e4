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

    @Flag(help: "On SIGTERM/SIGINT, stop every container (SIGTERM, then SIGKILL after --stop-pods-grace) and remove every sandbox before exiting. Without it pods outlive the runtime and the next one adopts them.")
    var stopPodsOnExit = false

    @Option(help: "Seconds each container gets between SIGTERM and SIGKILL when --stop-pods-on-exit drains (all at once).")
    var stopPodsGrace: Int64 = 5

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard RuntimeService.Driver(rawValue: driver) != nil else {
            throw ValidationError("--driver must be process or fake, not \(driver)")
        }
        guard stopPodsGrace >= 0 else { throw ValidationError("--stop-pods-grace must be 0 or more, not \(stopPodsGrace)") }
    }

    func run() async throws {
        let logger = logging.bootstrap(label: "skiff.runtime")
        var configuration = RuntimeService.Configuration()
        configuration.rpcEndpoints = [rpc]
        configuration.eventsEndpoints = [events]
        configuration.driver = RuntimeService.Driver(rawValue: driver)!
        if stopPodsOnExit { configuration.stopPodsOnExitGraceSeconds = stopPodsGrace }
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
        let group = Combined.group([service, ready], logger: logger)
        try await group.run()
    }
}
