import ArgumentParser
import Client
import Logging
import Scheduler
import ServiceLifecycle

/// `skiff scheduler`: binds unscheduled pods to nodes (DESIGN.md §1).
struct SchedulerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheduler",
        abstract: "Bind unscheduled pods to nodes: filter, score, bind."
    )

    @Option(help: "The API server's RPC endpoint.")
    var api = APIDefaults.rpcEndpoint

    @Option(help: "The API server's cluster event stream.")
    var apiEvents = APIDefaults.eventsEndpoint

    @Option(help: "Pods whose spec.schedulerName is this are scheduled here.")
    var schedulerName = "default-scheduler"

    @Option(help: "Bindings in flight at once.")
    var workers = 32

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.bootstrap(label: "skiff.scheduler")
        var configuration = SchedulerService.Configuration()
        configuration.apiEndpoints = [api]
        configuration.eventsEndpoints = [apiEvents]
        configuration.schedulerName = schedulerName
        configuration.workers = workers
        let service: SchedulerService
        do {
            service = try await SchedulerService.start(configuration: configuration, logger: logger)
        } catch {
            Console.error("skiff scheduler: cannot start: \(error)")
            throw ExitCode(1)
        }
        let ready = ReadyLine(text: "skiff scheduler ready api=\(api) api-events=\(apiEvents)") {
            await service.waitUntilSynced()
        }
        let group = Combined.group([service, ready], logger: logger)
        try await group.run()
    }
}
