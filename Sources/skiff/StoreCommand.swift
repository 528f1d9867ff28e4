import ArgumentParser
import EventLog
import Logging
import ServiceLifecycle
import Store

/// `skiff store`: the store service (DESIGN.md §4, `proto-docs/store.md`).
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Serve the store: the event log over RPC, and its committed-change stream."
    )

    @Option(help: "Data directory (default: $SKIFF_HOME/store, else ./.skiff/store).")
    var dataDir: String?

    @Option(help: "RPC endpoint to bind.")
    var rpc = StoreDefaults.rpcEndpoint

    @Option(help: "Change-stream endpoint to bind.")
    var events = StoreDefaults.eventsEndpoint

    @Option(help: "Write a snapshot after this many committed changes (0 = never).")
    var snapshotEvery = 50_000

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.bootstrap(label: "skiff.store")
        let directory = dataDir ?? StoreDefaults.dataDirectory()
        var configuration = StoreService.Configuration()
        configuration.rpcEndpoints = [rpc]
        configuration.eventsEndpoints = [events]
        configuration.snapshotEvery = snapshotEvery
        let store: StoreService
        do {
            store = try await StoreService.open(directory: directory, configuration: configuration, logger: logger)
        } catch let error as EventLogError {
            Console.error("skiff store: cannot open the store in \(directory): \(error)")
            if case .corrupt = error {
                Console.error("skiff store: nothing was changed; to cut the log at the damaged record run: skiff storectl repair --data-dir \(directory)")
            }
            throw ExitCode(2)
        } catch {
            Console.error("skiff store: cannot start: \(error)")
            throw ExitCode(1)
        }
        let report = store.log.openReport
        if let torn = report.truncatedTail {
            logger.warning("recovered a torn tail: cut \(torn.droppedBytes) bytes of an unfinished write",
                           metadata: ["file": "\(torn.path)", "offset": "\(torn.offset)", "reason": "\(torn.reason)"])
        }
        for skipped in report.skippedSnapshots {
            logger.warning("skipped a damaged snapshot", metadata: ["snapshot": "\(skipped)"])
        }
        logger.info("store recovered", metadata: ["store.revision": "\(report.revision)", "snapshot.revision": "\(report.snapshotRevision)",
                                                   "replayed": "\(report.replayedEntries)", "store.dir": "\(directory)"])
        let ready = ReadyLine(text: "skiff store ready rpc=\(store.rpcEndpoint) events=\(store.eventsEndpoint) revision=\(store.log.revision) dir=\(directory)")
        let group = Combined.group([store, ready], logger: logger)
        try await group.run()
    }
}
