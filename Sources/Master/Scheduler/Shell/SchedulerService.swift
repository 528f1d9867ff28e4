import Client
import Logging
import Resources
import ServiceLifecycle
import Synchronization

/// `skiff scheduler`'s service: follows pods and nodes through informers, queues the pods it
/// must place, decides with the pure core (``SchedulerCache``, ``Filters``, ``Scores``), and
/// binds through `pods/<name>/binding`.
///
/// Decisions are made one at a time under one lock (so each sees every earlier assumption);
/// bindings, status writes and Events go out concurrently from `workers` workers. A pod that
/// fits nowhere gets its PodScheduled condition set to False/Unschedulable with the
/// ``FitError`` message (through `pods/<name>/status`) and a FailedScheduling Event, and waits
/// in ``PendingPods`` until a node is added or changed or a pod's resources are freed; it then
/// retries after its back-off (`initialBackoff` doubling to `maxBackoff`, kube-scheduler's 1 s
/// and 10 s).
///
/// Against kube-scheduler 1.32's default profile, what is and is not here: filters
/// NodeUnschedulable, TaintToleration, NodeAffinity (with its PreFilter, which pins DaemonSet
/// pods), NodePorts and NodeResourcesFit, in that order; scores TaintToleration (PreferNoSchedule,
/// weight 3), NodeAffinity (preferred terms, 2), NodeResourcesFit LeastAllocated (1),
/// BalancedAllocation (1) and spreading by controlling owner (2, SelectorSpread's formula). Not
/// here: preemption (so no `preemption: …` tail on messages), inter-pod affinity, explicit
/// topology spread constraints, volume filters, ImageLocality, priority ordering of the queue.
/// A node whose Ready condition is not True is treated as carrying the `not-ready` (or
/// `unreachable`) NoSchedule taint the node lifecycle controller would put on it, since Skiff has
/// no such controller yet: the message then names that taint, as a real cluster's does.
public final class SchedulerService: Service, Sendable {
    public struct Configuration: Sendable {
        public var apiEndpoints = [APIDefaults.rpcEndpoint]
        public var eventsEndpoints = [APIDefaults.eventsEndpoint]
        /// Pods whose `spec.schedulerName` is this (or unset) are ours.
        public var schedulerName = "default-scheduler"
        /// Concurrent bindings in flight.
        public var workers = 32
        public var assumedTTL: Duration = .seconds(30)
        public var initialBackoff: Duration = .seconds(1)
        public var maxBackoff: Duration = .seconds(10)
        public init() {}
    }

    struct State {
        var cache: SchedulerCache
        var pending = PendingPods()
        /// Unbound pods this scheduler is to place, as last seen.
        var waiting: [SchedulingPod.Key: SchedulingPod] = [:]
        var rng = SplitMix64()
        var bound = 0
    }

    public let configuration: Configuration
    let client: APIClient
    let podInformer: Informer
    let nodeInformer: Informer
    let queue: WorkQueue<SchedulingPod.Key>
    let recorder: EventRecorder
    let state: Mutex<State>
    let logger: Logger
    private let syncedPods = Atomic<Bool>(false)
    private let syncedNodes = Atomic<Bool>(false)

    public init(configuration: Configuration, client: APIClient, logger: Logger) {
        self.configuration = configuration
        self.client = client
        self.logger = logger
        podInformer = Informer(client: client, events: configuration.eventsEndpoints, source: .init(resource: "pods"), logger: logger)
        nodeInformer = Informer(client: client, events: configuration.eventsEndpoints, source: .init(resource: "nodes"), logger: logger)
        queue = WorkQueue(baseDelay: configuration.initialBackoff, maxDelay: configuration.maxBackoff)
        recorder = EventRecorder(client: client, component: configuration.schedulerName, logger: logger)
        state = Mutex(State(cache: SchedulerCache(assumedTTL: configuration.assumedTTL)))
    }

    /// Connects to the API server (it need not be up yet).
    public static func start(configuration: Configuration, logger: Logger) async throws -> SchedulerService {
        let client = try await APIClient(endpoints: configuration.apiEndpoints, logger: logger)
        return SchedulerService(configuration: configuration, client: client, logger: logger)
    }

    /// True once both informers have listed.
    public var hasSynced: Bool { syncedPods.load(ordering: .acquiring) && syncedNodes.load(ordering: .acquiring) }

    public func waitUntilSynced() async {
        while !hasSynced && !Task.isCancelled { try? await Task.sleep(for: .milliseconds(20)) }
    }

    /// Pods bound by this process so far.
    public var boundCount: Int { state.withLock { $0.bound } }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask {
                    await self.follow(self.nodeInformer, onSync: { self.syncedNodes.store(true, ordering: .releasing) }, self.nodeChanged)
                }
                group.addTask {
                    await self.follow(self.podInformer, onSync: { self.syncedPods.store(true, ordering: .releasing) }, self.podChanged)
                }
                group.addTask { await self.queue.run() }
                group.addTask { await self.recorder.run() }
                group.addTask { await self.housekeeping() }
                for _ in 0..<max(1, self.configuration.workers) {
                    group.addTask {
                        await self.waitUntilSynced()
                        while let key = await self.queue.next() {
                            await self.scheduleOne(key)
                            self.queue.done(key)
                        }
                    }
                }
            }
        }
        await client.close()
    }

    /// Runs an informer until cancelled, starting it again if its stream fails.
    private func follow(_ informer: Informer, onSync: @escaping @Sendable () -> Void,
                        _ handler: @escaping @Sendable (Informer.Delta) -> Void) async {
        while !Task.isCancelled {
            do {
                try await informer.run { delta in
                    if case .synced = delta { onSync() }
                    handler(delta)
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("informer stopped; starting it again", metadata: ["resource": "\(informer.source.resource)", "error": "\(error)"])
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    /// Expires assumptions and flushes pods parked too long, every second.
    private func housekeeping() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            let now = ContinuousClock.now
            let (expired, flushed) = state.withLock { s in (s.cache.expire(now: now), s.pending.flush(now: now)) }
            for key in expired { logger.warning("assumed pod expired: its binding was never seen", metadata: ["pod": "\(key)"]) }
            for key in flushed { queue.addRateLimited(key) }
        }
    }
}
