import Client
import Logging
import Resources
import ServiceLifecycle

/// `skiff controller-manager`'s service: shared informers for every resource the enabled
/// controllers read, and per controller a key-only ``WorkQueue`` with its workers, started once
/// the controller's informers have synced.
public struct ControllerManager: Service {
    /// Every controller this binary knows, in the order they start. Add new controllers here.
    public static let all: [any Controller.Type] = [
        ReplicaSetController.self,
        ReplicationControllerController.self,
        DeploymentController.self,
        DaemonSetController.self,
        EndpointsController.self,
        EndpointSliceController.self,
        JobController.self,
        CronJobController.self,
        StatefulSetController.self,
        LocalVolumeController.self,
        NodeLifecycleController.self,
    ]

    /// The controllers `--controllers` selects: `*` is all, `-name` removes one, names add.
    public static func selected(_ list: String) -> [any Controller.Type] {
        let items = list.split(separator: ",").map { String($0.filter { $0 != " " }) }.filter { !$0.isEmpty }
        var names = Set<String>()
        for item in items {
            if item == "*" { names.formUnion(all.map { $0.name }) }
            else if item.hasPrefix("-") { names.remove(String(item.dropFirst())) }
            else { names.insert(item) }
        }
        return all.filter { names.contains($0.name) }
    }

    let client: APIClient
    let events: [String]
    let controllers: [any Controller.Type]
    let logger: Logger
    let onReady: @Sendable () -> Void

    public init(client: APIClient, events: [String], controllers: [any Controller.Type], logger: Logger,
                onReady: @escaping @Sendable () -> Void = {}) {
        self.client = client
        self.events = events
        self.controllers = controllers
        self.logger = logger
        self.onReady = onReady
    }

    public func run() async throws {
        let kinds = Set(controllers.flatMap { $0.resources })
        let informers = SharedInformers(kinds: kinds, client: client, events: events, logger: logger)
        let recorder = EventRecorder(client: client, logger: logger)
        let context = ControllerContext(client: client, informers: informers, recorder: recorder, logger: logger)
        let runners = controllers.map { ControllerRunner($0.init(context: context), informers: informers, logger: logger) }
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await informers.run() }
                for runner in runners { group.addTask { await runner.run() } }
                group.addTask {
                    await informers.waitForSync(Array(kinds))
                    if !Task.isCancelled { onReady() }
                }
            }
        }
    }
}

/// Runs one controller: registers its handlers, waits for its caches, then its workers.
struct ControllerRunner: Sendable {
    let controller: any Controller
    let queue = WorkQueue<Informer.Key>()
    let informers: SharedInformers
    let logger: Logger

    init(_ controller: any Controller, informers: SharedInformers, logger: Logger) {
        self.controller = controller
        self.informers = informers
        var logger = logger
        logger[metadataKey: "controller"] = "\(type(of: controller).name)"
        self.logger = logger
        for kind in type(of: controller).resources {
            informers.addHandler(kind) { [controller, queue] delta in
                for key in controller.keys(for: delta, of: kind) { queue.add(key) }
            }
        }
    }

    func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await queue.run() }
            await informers.waitForSync(type(of: controller).resources)
            for _ in 0..<max(1, controller.workers) {
                group.addTask { await work() }
            }
        }
    }

    private func work() async {
        while let key = await queue.next() {
            do {
                switch try await controller.sync(key) {
                case .done: queue.forget(key)
                case .requeue(let after):
                    queue.forget(key)
                    queue.add(key, after: after)
                }
            } catch {
                let delay = queue.addRateLimited(key)
                logger.info("sync failed; retrying", metadata: ["key": "\(key)", "error": "\(error)", "retry.after": "\(delay)"])
            }
            queue.done(key)
        }
    }
}
