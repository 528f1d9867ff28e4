import Bus
import Client
import Logging
import Resources
import RuntimeAPI
import ServiceLifecycle
import Synchronization

/// `skiff kubelet` (DESIGN.md §6): registers its Node and keeps it alive (Lease, Ready), runs
/// this node's pods through the runtime (``PodSupervisor``), and serves their logs
/// (SKIFF-KUBELET/1).
///
/// Stopping the kubelet leaves the containers running: a new kubelet adopts them.
public final class KubeletService: Service, Sendable {
    public let configuration: KubeletConfiguration
    /// The RPC endpoints bound, wildcard ports resolved.
    public let rpcEndpoints: [String]
    let context: KubeletContext
    let supervisor: PodSupervisor
    let server: RPC.Server
    private let registered = Mutex<(done: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    private init(configuration: KubeletConfiguration, context: KubeletContext, server: RPC.Server) {
        self.configuration = configuration
        self.context = context
        self.server = server
        self.rpcEndpoints = server.endpoints
        self.supervisor = PodSupervisor(context: context)
    }

    /// Connects to the API server and the runtime and binds the RPC endpoint.
    public static func start(configuration: KubeletConfiguration, logger: Logger) async throws -> KubeletService {
        let api = try await APIClient(endpoints: configuration.apiEndpoints, timeout: .seconds(30), logger: logger)
        let runtime = try await RuntimeClient(endpoints: configuration.runtimeEndpoints, logger: logger)
        let pods = Informer(client: api, events: configuration.apiEventEndpoints,
                            source: .pods(onNode: configuration.nodeName), logger: logger)
        let machine = MachineProbe.read(cpuMillis: configuration.cpuMillis, memoryBytes: configuration.memoryBytes,
                                        maxPods: configuration.maxPods, root: configuration.root)
        let context = KubeletContext(configuration: configuration, api: api, runtime: runtime, pods: pods, machine: machine,
                                     logger: logger)
        let logs = LogServer(context: context)
        let server = try await RPC.Server(bind: configuration.rpcEndpoints, methods: [KubeletMessages.Method.logs: logs.handler],
                                          logger: logger)
        return KubeletService(configuration: configuration, context: context, server: server)
    }

    /// Returns once the Node is registered.
    public func waitUntilRegistered() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = registered.withLock { s -> Bool in
                if s.done { return true }
                s.waiters.append(c)
                return false
            }
            if now { c.resume() }
        }
    }

    private func markRegistered() {
        let waiters = registered.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.done = true
            defer { s.waiters = [] }
            return s.waiters
        }
        for w in waiters { w.resume() }
    }

    public func run() async throws {
        let context = self.context, supervisor = self.supervisor
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { try? await self.server.run() }
                group.addTask {
                    let version = await Self.runtimeVersion(context)
                    let node = NodeObject(name: context.nodeName, machine: context.machine, labels: context.configuration.labels,
                                          taints: context.configuration.taints,
                                          rpcEndpoint: self.rpcEndpoints.first ?? "", runtimeVersion: version)
                    let heartbeat = NodeHeartbeat(context: context, node: node)
                    let uid = await heartbeat.register()
                    self.markRegistered()
                    await heartbeat.run(nodeUID: uid)
                }
                group.addTask { await supervisor.run() }
                group.addTask { await context.recorder.run() }
                group.addTask {
                    // Every pod is looked at again now and then, whatever was missed.
                    while !Task.isCancelled {
                        try? await Task.sleep(for: context.configuration.resyncInterval)
                        supervisor.pokeAll()
                    }
                }
                group.addTask {
                    while !Task.isCancelled {
                        do { try await supervisor.followRuntime() } catch {
                            context.logger.warning("runtime events", metadata: ["error": "\(error)"])
                        }
                        try? await Task.sleep(for: .seconds(1))
                    }
                }
                group.addTask { await context.services.follow { _ in } }
                group.addTask { await context.pods.follow { delta in await supervisor.handle(delta) } }
                await withTaskCancellationHandler {
                    while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
                } onCancel: {
                    supervisor.shutDown()
                }
                group.cancelAll()
            }
        }
        markRegistered()
        await context.runtime.close()
        await context.api.close()
    }

    /// `skiff-runtime://<version>`, waiting for the runtime to answer.
    static func runtimeVersion(_ context: KubeletContext) async -> String {
        var delay = Duration.milliseconds(100)
        while !Task.isCancelled {
            if let v = try? await context.runtime.version() { return "skiff-runtime://\(v.runtimeVersion)" }
            context.logger.notice("waiting for the container runtime")
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(2))
        }
        return "skiff-runtime://unknown"
    }
}
