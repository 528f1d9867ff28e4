import Bus
import Foundation
import Logging
import RuntimeAPI
import ServiceLifecycle
import Synchronization

/// `skiff runtime`: SKIFF-CRI/1 over SKIFF-RPC/1 (`runtime.*`) and container lifecycle events
/// on stream `containers/` (`proto-docs/runtime.md`).
///
/// Guarantees: `run()` serves until graceful shutdown or cancellation; containers keep running
/// when the runtime stops (the process driver's monitors outlive it) and are adopted by the next
/// runtime started on the same `--root`.
public final class RuntimeService: Service, Sendable {
    public static let version = "0.1.0"

    public enum Driver: String, Sendable, CaseIterable { case process, fake }

    public struct Configuration: Sendable {
        public var rpcEndpoints = [NodeDefaults.runtimeRPC]
        public var eventsEndpoints = [NodeDefaults.runtimeEvents]
        public var driver = Driver.process
        public var root = "./.skiff/runtime"
        public var heartbeatInterval: Duration = .seconds(1)
        /// On a graceful shutdown, stop every container (SIGTERM, SIGKILL after this many seconds)
        /// and remove every sandbox — `skiff runtime --stop-pods-on-exit`, which compose's `down`
        /// relies on. Nil (the default): pods outlive the runtime and the next one adopts them.
        public var stopPodsOnExitGraceSeconds: Int64? = nil
        public init() {}
    }

    public let server: RPC.Server
    public let publisher: EventStream.Publisher
    public let runtime: Runtime
    let driver: any RuntimeDriver
    let logger: Logger
    let drainGraceSeconds: Int64?

    /// Loads the records under `root`, adopts what still runs, binds the sockets.
    public static func open(configuration: Configuration, logger: Logger) async throws -> RuntimeService {
        var pubConfig = EventStream.Publisher.Configuration()
        pubConfig.streams = [RuntimeMessages.stream]
        pubConfig.heartbeatInterval = configuration.heartbeatInterval
        let publisher = try await EventStream.Publisher(bind: configuration.eventsEndpoints, configuration: pubConfig, logger: logger)
        let revision = Atomic<UInt64>(0)
        let driver: any RuntimeDriver
        let store: StateStore?
        do {
            switch configuration.driver {
            case .fake:
                driver = FakeDriver()
                store = nil
            case .process:
                let s = try StateStore(root: configuration.root)
                store = s
                // Probing namespaces forks and waits, and cgroup detection writes to cgroupfs: off the pool.
                driver = try await Blocking.run { ProcessDriver(store: s, logger: logger) }
            }
        } catch {
            await publisher.close()
            throw error
        }
        let runtime = Runtime(driver: driver, store: store, logger: logger) { [publisher] event in
            guard let body = try? RuntimeHandlers.encode(event) else { return }
            publisher.publish(topic: event.topic, revision: revision.add(1, ordering: .relaxed).newValue, body: body)
        }
        await runtime.recover()
        let server: RPC.Server
        do {
            server = try await RPC.Server(bind: configuration.rpcEndpoints, methods: RuntimeHandlers(runtime: runtime).methods, logger: logger)
        } catch {
            await publisher.close()
            driver.shutdown()
            throw error
        }
        return RuntimeService(server: server, publisher: publisher, runtime: runtime, driver: driver, logger: logger,
                              drainGraceSeconds: configuration.stopPodsOnExitGraceSeconds)
    }

    private init(server: RPC.Server, publisher: EventStream.Publisher, runtime: Runtime, driver: any RuntimeDriver, logger: Logger,
                 drainGraceSeconds: Int64?) {
        self.drainGraceSeconds = drainGraceSeconds
        self.server = server
        self.publisher = publisher
        self.runtime = runtime
        self.driver = driver
        self.logger = logger
    }

    public var rpcEndpoint: String { server.endpoints[0] }
    public var eventsEndpoint: String { publisher.endpoints[0] }

    public func run() async throws {
        let runtime = self.runtime
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await self.publisher.run() }
            group.addTask {
                for await id in self.driver.exits { await runtime.containerExited(id) }
            }
            group.addTask {
                await withDiscardingTaskGroup { timers in
                    for await timer in runtime.timers {
                        timers.addTask {
                            let wait = timer.at - Runtime.wallClock()
                            if wait > 0 { try? await Task.sleep(for: .nanoseconds(wait)) }
                            await runtime.killDeadline(timer.containerID)
                        }
                    }
                }
            }
            try await server.run()
            if let grace = drainGraceSeconds {
                // The exit watcher and the kill timers (tasks above) still run: stops complete.
                let report = await runtime.drain(graceSeconds: grace)
                logger.info("stopped every pod before exiting", metadata: [
                    "containers.stopped": "\(report.containersStopped)", "sandboxes.removed": "\(report.sandboxesRemoved)"])
                for failure in report.failures { logger.warning("could not stop", metadata: ["what": "\(failure)"]) }
            }
            await runtime.shutdown()
            group.cancelAll()
        }
    }
}
