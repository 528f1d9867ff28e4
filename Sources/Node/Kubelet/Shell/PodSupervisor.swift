import Bus
import Client
import Foundation
import Logging
import Resources
import RuntimeAPI
import Synchronization

/// Keeps one ``PodWorker`` per pod of this node: the pod informer's deltas and the runtime's
/// container events only poke workers (by pod uid); the workers read the cache and the runtime
/// themselves. After the first list it removes what the runtime holds of pods that no longer
/// exist (a kubelet restart adopts the rest: a worker's first look finds its sandbox).
final class PodSupervisor: Sendable {
    let context: KubeletContext
    private let workers = Mutex<[String: PodWorker]>([:])
    private let spawns: AsyncStream<PodWorker>
    private let spawnSink: AsyncStream<PodWorker>.Continuation

    init(context: KubeletContext) {
        self.context = context
        (spawns, spawnSink) = AsyncStream.makeStream(of: PodWorker.self)
    }

    /// Runs the workers until cancelled.
    func run() async {
        await withDiscardingTaskGroup { group in
            for await worker in spawns {
                group.addTask {
                    await worker.run()
                    self.workers.withLock { if $0[worker.uid] === worker { $0[worker.uid] = nil } }
                }
            }
        }
    }

    func shutDown() {
        spawnSink.finish()
        for w in workers.withLock({ Array($0.values) }) { w.stop() }
    }

    /// The informer's handler.
    func handle(_ delta: Informer.Delta) async {
        switch delta {
        case .added(let pod):
            poke(pod, create: true)
        case .modified(let old, let pod):
            // As Kubernetes' kubelet: a change of the status alone (mostly its own write) is no
            // reason to sync; the spec, labels, annotations or a deletion are.
            if Self.onlyStatusChanged(old, pod) { return }
            poke(pod, create: true)
        case .deleted(let pod):
            poke(pod, create: false)
        case .synced:
            await removeLeftovers()
            for w in workers.withLock({ Array($0.values) }) { w.poke() }
        }
    }

    /// Whether `new` differs from `old` only in its status and bookkeeping metadata
    /// (resourceVersion, managedFields).
    static func onlyStatusChanged(_ old: JSON, _ new: JSON) -> Bool {
        func stripped(_ o: JSON) -> JSON {
            var o = o
            o["status"] = nil
            o["metadata"]["resourceVersion"] = nil
            o["metadata"]["managedFields"] = nil
            return o
        }
        return stripped(old) == stripped(new)
    }

    /// Pokes the pod's worker, starting one if needed.
    func poke(_ pod: JSON, create: Bool) {
        guard let uid = pod["metadata"]?["uid"]?.string else { return }
        let key = Informer.Key(pod)
        let worker = workers.withLock { w -> PodWorker? in
            if let existing = w[uid] { return existing }
            guard create else { return nil }
            let new = PodWorker(uid: uid, key: key, context: context)
            w[uid] = new
            spawnSink.yield(new)
            return new
        }
        worker?.poke()
    }

    func poke(uid: String) { workers.withLock { $0[uid] }?.poke() }
    func pokeAll() { for w in workers.withLock({ Array($0.values) }) { w.poke() } }

    /// Removes the runtime's sandboxes (and their containers) of pods this node no longer has.
    func removeLeftovers() async {
        let known = Set(context.pods.list().compactMap { $0["metadata"]?["uid"]?.string })
        let running = workers.withLock { Set($0.keys) }
        guard let sandboxes = try? await context.runtime.listSandboxes() else { return }
        for s in sandboxes where !known.contains(s.config.podUID) && !running.contains(s.config.podUID) {
            context.logger.info("removing the runtime's leftovers of a pod that no longer exists",
                                metadata: ["pod.name": "\(s.config.podNamespace)/\(s.config.podName)", "pod.uid": "\(s.config.podUID)"])
            for c in (try? await context.runtime.listContainers(sandboxID: s.sandboxID)) ?? [] {
                if c.state == .running { try? await context.runtime.stopContainer(c.containerID, timeoutSeconds: 0) }
                try? await context.runtime.removeContainer(c.containerID)
            }
            try? await context.runtime.stopSandbox(s.sandboxID)
            try? await context.runtime.removeSandbox(s.sandboxID)
        }
    }

    /// Follows the runtime's container events and pokes the worker of each event's pod; on a
    /// gap, every worker.
    func followRuntime() async throws {
        let subscriber = try await EventStream.Subscriber(connect: context.configuration.runtimeEventEndpoints,
                                                          streams: [RuntimeMessages.stream], logger: context.logger)
        for await delivery in subscriber.deliveries {
            switch delivery {
            case .live: pokeAll()
            case .resync: pokeAll()
            case .event(let e):
                guard let event = try? JSONDecoder().decode(RuntimeMessages.ContainerEvent.self, from: Data(e.body)) else { continue }
                if let uid = event.status.config.labels["io.kubernetes.pod.uid"] { poke(uid: uid) } else { pokeAll() }
            }
            if Task.isCancelled { break }
        }
        await subscriber.close()
    }
}
