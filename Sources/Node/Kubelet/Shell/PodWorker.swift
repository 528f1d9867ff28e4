import Bus
import Client
import Foundation
import Logging
import Resources
import RuntimeAPI
import Synchronization

/// The shell of one pod's ``PodWorkerCore``: on every trigger (the pod changed, one of its
/// containers changed in the runtime, a probe finished, a timer fell due) it reads the pod from
/// the informer's cache and the runtime's view of it, asks the core what to do, and does it.
///
/// Guarantees: one sync at a time per pod; a batch of actions that changed the runtime is
/// followed at once by a fresh sync (its status is not written, being already stale); stops of
/// several containers run concurrently; probes run beside the worker and report back.
final class PodWorker: Sendable {
    enum Trigger: Sendable {
        case sync
        case wake(at: Int64)
        case probe(containerID: String, name: String, kind: ProbeSpec.Kind, result: Prober.Result, at: Int64)
    }

    let uid: String
    let key: Informer.Key
    let context: KubeletContext
    private let triggers: AsyncStream<Trigger>
    private let inbox: AsyncStream<Trigger>.Continuation
    /// A `.sync` is queued and not begun: further pokes add nothing (one sync reads everything).
    private let syncQueued = Atomic<Bool>(false)

    init(uid: String, key: Informer.Key, context: KubeletContext) {
        self.uid = uid
        self.key = key
        self.context = context
        (triggers, inbox) = AsyncStream.makeStream(of: Trigger.self)
    }

    /// Asks for a sync. Pokes that come while one is queued are folded into it: a start-up
    /// burst (binding, the runtime's CREATED and STARTED, the kubelet's own status write) costs
    /// one sync, not one per poke.
    func poke() {
        if !syncQueued.exchange(true, ordering: .acquiringAndReleasing) { inbox.yield(.sync) }
    }
    /// Ends the worker after its current sync (shutdown).
    func stop() { inbox.finish() }

    var logger: Logger {
        var l = context.logger
        l[metadataKey: "pod.name"] = "\(key)"
        return l
    }

    /// The pod with this worker's uid, from the cache.
    func currentPod() -> PodModel? {
        guard let o = context.pods.get(key), o["metadata"]?["uid"]?.string == uid else { return nil }
        return PodModel(o)
    }

    /// Mutable state of a running worker, owned by `run()`.
    struct Local {
        var core: PodWorkerCore
        var sandboxID: String?
        var nextWake: Int64?
        /// The last pod seen, for Events once the pod is gone.
        var lastPod: PodModel?
        /// What the runtime's replies of the last sync already said (a sandbox just run, or
        /// containers just started): the next sync starts from it instead of asking again. Any
        /// later change in the runtime comes as an event and brings a sync that asks.
        var known: PodWorkerCore.Observed?
    }

    func run() async {
        var local = Local(core: PodWorkerCore(uid: uid, hostIP: "127.0.0.1"))
        inbox.yield(.sync)
        await withDiscardingTaskGroup { group in
            for await trigger in triggers {
                switch trigger {
                case .sync: syncQueued.store(false, ordering: .releasing)  // pokes from now on need a new sync
                case .wake(let at): if local.nextWake == at { local.nextWake = nil }
                case let .probe(containerID, name, kind, result, at):
                    if let pod = currentPod(), let c = pod.container(named: name) {
                        local.core.probeFinished(containerID: containerID, container: c, kind: kind, success: result.success,
                                                 output: result.output, now: at)
                    }
                }
                // Replies carry over only to the sync right after them, never to one a new trigger
                // (a runtime event, say) brought: that one asks the runtime.
                local.known = nil
                var again = true
                for _ in 0..<10 where again {
                    again = await syncOnce(&local, group: &group)
                }
                if again { inbox.yield(.sync) }  // still settling: go on after what is queued
                if local.core.finished { break }
            }
            group.cancelAll()
        }
    }

    /// One sync; true when it changed the runtime and another should follow at once.
    private func syncOnce(_ local: inout Local, group: inout DiscardingTaskGroup) async -> Bool {
        let pod = currentPod()
        if let pod { local.lastPod = pod }
        let observed: PodWorkerCore.Observed
        do {
            observed = try await observe(&local)
        } catch {
            logger.warning("cannot read the pod's state from the runtime", metadata: ["error": "\(error)"])
            schedule(KubeletContext.now() + KubeletTime.second, &local, group: &group)
            return false
        }
        let now = KubeletContext.now()
        let actions = local.core.sync(pod: pod, observed: observed, now: now)
        var changed = false, failed = false
        // Replies that say what the runtime holds now, and whether anything else changed it.
        var ranSandbox: RuntimeMessages.SandboxStatus?
        var startedContainers: [RuntimeMessages.ContainerStatus] = []
        var otherChanges = false

        // Stops first, all at once (a deleted pod's containers share one grace period).
        let stops = actions.compactMap { a -> (String, String, Int64, Handler?)? in
            if case let .stopContainer(id, name, grace, preStop) = a { return (id, name, grace, preStop) }
            return nil
        }
        if !stops.isEmpty {
            let ip = observed.sandbox?.ip ?? "127.0.0.1"
            let failedIDs = await withTaskGroup(of: String?.self) { stopGroup in
                for (id, name, grace, preStop) in stops {
                    stopGroup.addTask { await self.stopContainer(id: id, name: name, grace: grace, preStop: preStop, podIP: ip) ? nil : id }
                }
                var failed: [String] = []
                for await r in stopGroup { if let r { failed.append(r) } }
                return failed
            }
            for id in failedIDs { local.core.stopFailed(id: id) }
            changed = true
            otherChanges = true
            failed = failed || !failedIDs.isEmpty
        }
        for action in actions {
            switch action {
            case .stopContainer: break
            case .runSandbox(let attempt):
                guard let pod else { break }
                do {
                    let hostNetwork = pod.object["spec"]?["hostNetwork"]?.bool ?? false
                    let configuration = context.configuration
                    let net = hostNetwork ? nil : await context.podNetwork()
                    let config = RuntimeMessages.SandboxConfig(
                        podUID: uid, podName: pod.name, podNamespace: pod.namespace, attempt: attempt, hostname: pod.name,
                        logDirectory: context.files.logDirectory(pod),
                        labels: Self.stringMap(pod.object["metadata"]?["labels"]),
                        annotations: Self.stringMap(pod.object["metadata"]?["annotations"]),
                        hostNetwork: hostNetwork, network: net,
                        dns: PodDNS.config(pod: pod.object, clusterDNS: configuration.clusterDNS,
                                           clusterDomain: configuration.clusterDomain, node: KubeletContext.nodeDNS))
                    try? FileManager.default.createDirectory(atPath: context.files.logDirectory(pod), withIntermediateDirectories: true)
                    let reply = try await context.runtime.runSandbox(config)
                    local.sandboxID = reply.sandboxID
                    ranSandbox = reply.status
                    for w in reply.warnings {
                        let reason = w.hasPrefix(RuntimeMessages.podNetworkWarningPrefix) ? "HostNetwork" : "IsolationNotEnforced"
                        context.recorder.record(.init("Warning", reason, w), pod: pod.object, now: now)
                    }
                    changed = true
                } catch {
                    logger.warning("cannot create the pod sandbox", metadata: ["error": "\(error)"])
                    context.recorder.record(.init("Warning", "FailedCreatePodSandBox",
                                                        "Failed to create pod sandbox: \(error)"), pod: pod.object, now: now)
                    failed = true
                }
            case let .startContainer(name, attempt, sandboxID):
                guard let pod else { break }
                let outcome = await startContainer(pod, name: name, attempt: attempt, sandboxID: sandboxID,
                                                   podIP: observed.sandbox?.ip ?? "127.0.0.1", core: &local.core)
                changed = changed || outcome.changed
                failed = failed || outcome.failed
                if let status = outcome.status { startedContainers.append(status) } else if outcome.changed { otherChanges = true }
            case .removeContainer(let id):
                do { try await context.runtime.removeContainer(id) } catch { failed = true }
                changed = true
                otherChanges = true
            case .runProbe(let containerID, let name, let kind, let probe):
                let ip = observed.sandbox?.ip ?? "127.0.0.1"
                let prober = context.prober, inbox = self.inbox
                group.addTask {
                    let result = await prober.run(probe.handler, containerID: containerID, podIP: ip, timeoutSeconds: probe.timeoutSeconds)
                    inbox.yield(.probe(containerID: containerID, name: name, kind: kind, result: result, at: KubeletContext.now()))
                }
            case .stopSandbox(let id):
                do { try await context.runtime.stopSandbox(id) } catch { failed = true }
                changed = true
                otherChanges = true
            case .removeAll:
                await removeAll(pod ?? local.lastPod)
                changed = true
                otherChanges = true
            case .updateStatus(let status):
                guard !changed, let pod else { break }
                do {
                    _ = try await context.api.call(APIRequest(
                        .patch, resource: "pods", subresource: "status", namespace: pod.namespace, name: pod.name,
                        patchType: "application/merge-patch+json", body: ["status": status]))
                    local.core.statusWritten(status)
                } catch {
                    logger.warning("cannot write the pod's status", metadata: ["error": "\(error)"])
                    failed = true
                }
            case .event(let e):
                if let p = pod ?? local.lastPod { context.recorder.record(e, pod: p.object, now: now) }
            case .deletePod:
                guard let pod else { break }
                let deleted = await context.api.result(APIRequest(
                    .delete, resource: "pods", namespace: pod.namespace, name: pod.name, query: ["gracePeriodSeconds": "0"],
                    body: ["apiVersion": "v1", "kind": "DeleteOptions", "gracePeriodSeconds": 0,
                           "preconditions": ["uid": .string(uid)]]))
                // 404: gone already; 409: another pod took the name.
                if case .failure(let e) = deleted, e.code != 404, e.code != 409 {
                    local.core.deleteFailed()
                    failed = true
                }
            case .wake(let at):
                schedule(at, &local, group: &group)
            }
        }
        if failed {
            schedule(KubeletContext.now() + KubeletTime.second, &local, group: &group)
            return false
        }
        if changed && !otherChanges {
            if let ranSandbox, startedContainers.isEmpty {
                local.known = .init(sandbox: ranSandbox, containers: [])
            } else if ranSandbox == nil, !startedContainers.isEmpty, let sandbox = observed.sandbox {
                let started = Set(startedContainers.map(\.containerID))
                local.known = .init(sandbox: sandbox, containers: observed.containers.filter { !started.contains($0.containerID) } + startedContainers)
            }
        }
        return changed && !local.core.finished
    }

    private func schedule(_ at: Int64, _ local: inout Local, group: inout DiscardingTaskGroup) {
        let now = KubeletContext.now()
        if let next = local.nextWake, next <= at, next > now { return }
        local.nextWake = at
        let inbox = self.inbox
        group.addTask {
            try? await Task.sleep(for: .nanoseconds(max(0, at - now)))
            inbox.yield(.wake(at: at))
        }
    }

    /// The runtime's sandbox of this pod (adopted on the first look) and its containers.
    private func observe(_ local: inout Local) async throws -> PodWorkerCore.Observed {
        if let known = local.known {
            local.known = nil
            return known
        }
        if let id = local.sandboxID {
            if let both = try await observe(sandboxID: id) { return both }
            local.sandboxID = nil
        }
        let sandbox = try await context.runtime.listSandboxes(podUID: uid)
            .max { ($0.config.attempt, $0.createdAt) < ($1.config.attempt, $1.createdAt) }
        local.sandboxID = sandbox?.sandboxID
        guard let sandbox else { return .init() }
        return .init(sandbox: sandbox, containers: try await context.runtime.listContainers(sandboxID: sandbox.sandboxID))
    }

    /// The sandbox's status and its containers, both asked at once.
    private func observe(sandboxID id: String) async throws -> PodWorkerCore.Observed? {
        async let status = try? context.runtime.sandboxStatus(id)
        async let containers = context.runtime.listContainers(sandboxID: id)
        guard let sandbox = await status else {
            _ = try? await containers
            return nil
        }
        return .init(sandbox: sandbox, containers: try await containers)
    }

    static func message(_ error: any Error) -> String {
        if let b = error as? Bus.BusError { return b.message }
        return "\(error)"
    }

    static func stringMap(_ json: JSON?) -> [String: String] {
        var out: [String: String] = [:]
        for (k, v) in json?.object ?? JSONObject() { if let s = v.string { out[k] = s } }
        return out
    }
}
