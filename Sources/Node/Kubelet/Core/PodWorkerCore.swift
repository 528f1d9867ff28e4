import Resources
import RuntimeAPI

/// One pod's lifecycle on this node as a pure state machine (STYLE.md §2–4): each call takes
/// the desired pod, what the runtime holds for it, and the time, and returns what to do —
/// create the sandbox, start a container's next attempt, stop one, run a probe, write the
/// status, record an Event, or wake again at a time. The shell (``PodWorker``) carries the
/// actions out and calls back with their results.
///
/// Guarantees: init containers run one at a time, in order, each to exit 0 before the next;
/// app containers start only after the last one; a container is restarted only as the pod's
/// restartPolicy allows, after its back-off; a pod being deleted never starts anything and
/// is deleted from the API server only once nothing of it runs; a terminal phase never changes.
public struct PodWorkerCore: Sendable {
    public enum Action: Sendable, Equatable {
        case runSandbox(attempt: Int)
        /// Create and start attempt `attempt` of container `name` in `sandboxID`.
        case startContainer(name: String, attempt: Int, sandboxID: String)
        case removeContainer(id: String)
        /// Run `preStop` (if any), then stop with SIGTERM and SIGKILL after the rest of the grace period.
        case stopContainer(id: String, name: String, gracePeriodSeconds: Int64, preStop: Handler?)
        case runProbe(containerID: String, name: String, kind: ProbeSpec.Kind, probe: ProbeSpec)
        case stopSandbox(id: String)
        /// Remove every container and sandbox of the pod from the runtime.
        case removeAll
        case updateStatus(JSON)
        case event(PodEvent)
        /// Delete the pod through the API server with grace 0 (its uid as precondition).
        case deletePod
        case wake(at: Int64)

        /// Whether the action changes the runtime (a fresh sync should follow it).
        public var changesRuntime: Bool {
            switch self {
            case .runSandbox, .startContainer, .removeContainer, .stopContainer, .stopSandbox, .removeAll: true
            default: false
            }
        }
    }

    /// A core/v1 Event about the pod.
    public struct PodEvent: Sendable, Equatable {
        public var type: String
        public var reason: String
        public var message: String
        public var fieldPath: String?
        public init(_ type: String, _ reason: String, _ message: String, fieldPath: String? = nil) {
            self.type = type
            self.reason = reason
            self.message = message
            self.fieldPath = fieldPath
        }
    }

    /// What the runtime holds for the pod: its newest sandbox and that sandbox's containers.
    public struct Observed: Sendable, Equatable {
        public var sandbox: RuntimeMessages.SandboxStatus?
        public var containers: [RuntimeMessages.ContainerStatus]
        public init(sandbox: RuntimeMessages.SandboxStatus? = nil, containers: [RuntimeMessages.ContainerStatus] = []) {
            self.sandbox = sandbox
            self.containers = containers
        }
    }

    public let uid: String
    public let hostIP: String
    public var backOff = BackOff()
    /// Probe state per running container ID.
    public private(set) var probes: [String: ProbeTracker] = [:]
    /// Containers that could not be started for a reason of configuration, and when to retry.
    private var startErrors: [String: (waiting: PodStatusBuilder.Waiting, retryAt: Int64)] = [:]
    /// Container IDs a stop was issued for.
    private var stopping: Set<String> = []
    /// Events already recorded, by a key that says what they were about.
    private var emitted: Set<String> = []
    private var pendingEvents: [PodEvent] = []
    /// The status last written, and the terminal phase once reached.
    public private(set) var lastWritten: JSON?
    public private(set) var terminalPhase: String?
    private var deleteIssued = false
    /// The pod left the API server and its runtime objects were removed: the worker may end.
    public private(set) var finished = false

    public init(uid: String, hostIP: String = "127.0.0.1") {
        self.uid = uid
        self.hostIP = hostIP
    }

    // MARK: events from the shell

    /// A probe finished. Records an Unhealthy event on failure.
    public mutating func probeFinished(containerID: String, container: ContainerModel, kind: ProbeSpec.Kind,
                                       success: Bool, output: String, now: Int64) {
        guard var tracker = probes[containerID] else { return }
        tracker.record(kind, success: success, container, now: now)
        probes[containerID] = tracker
        if !success {
            let detail = output.trimmingCharacters(in: .whitespacesAndNewlines)
            pendingEvents.append(PodEvent("Warning", "Unhealthy", "\(kind.rawValue) probe failed: \(detail)",
                                          fieldPath: container.fieldPath))
        }
    }

    /// A container could not be created (its env, volumes or command could not be resolved):
    /// it waits with `reason` (`CreateContainerConfigError`, `CreateContainerError`) and is
    /// retried after `retryAfter`.
    public mutating func startFailed(name: String, reason: String, message: String, now: Int64,
                                     retryAfter: Int64 = 2 * KubeletTime.second) {
        startErrors[name] = (PodStatusBuilder.Waiting(reason, message), now + retryAfter)
    }

    public mutating func started(name: String) { startErrors[name] = nil }

    public mutating func statusWritten(_ status: JSON) { lastWritten = status }

    /// The final delete failed: issue it again on the next sync.
    public mutating func deleteFailed() { deleteIssued = false }

    /// A stop did not complete: allow it again.
    public mutating func stopFailed(id: String) { stopping.remove(id) }

    // MARK: sync

    public mutating func sync(pod: PodModel?, observed: Observed, now: Int64) -> [Action] {
        var actions = pendingEvents.map(Action.event)
        pendingEvents = []
        guard let pod else { return actions + teardown(observed) }
        if terminalPhase == nil, let phase = pod.object["status"]?["phase"]?.string, phase == "Succeeded" || phase == "Failed",
           lastWritten == nil {
            terminalPhase = phase  // reported before a restart of the kubelet
        }
        if pod.deletionRequested { return actions + terminate(pod, observed, now: now) }
        let instances = ContainerInstances(observed.containers)
        var waiting: [String: PodStatusBuilder.Waiting] = [:]
        var wake: Int64?
        func wakeAt(_ t: Int64) { wake = min(wake ?? t, t) }

        for old in instances.garbage() { actions.append(.removeContainer(id: old.containerID)) }
        let liveIDs = Set(observed.containers.filter { $0.state == .running }.map(\.containerID))
        probes = probes.filter { liveIDs.contains($0.key) }
        stopping = stopping.filter { id in observed.containers.contains { $0.containerID == id && $0.isLive } }

        if terminalPhase == nil {
            guard let sandbox = observed.sandbox, sandbox.state == .ready else {
                actions.append(.runSandbox(attempt: observed.sandbox.map { $0.config.attempt + 1 } ?? 0))
                return actions
            }
            /// Start (or wait to start) attempt `attempt` of `c`.
            func start(_ c: ContainerModel, attempt: Int) {
                if let e = startErrors[c.name], e.retryAt > now {
                    waiting[c.name] = e.waiting
                    wakeAt(e.retryAt)
                    return
                }
                actions.append(.startContainer(name: c.name, attempt: attempt, sandboxID: sandbox.sandboxID))
            }
            /// `c` exited and its policy restarts it: now, or after its back-off.
            func restart(_ c: ContainerModel, _ latest: RuntimeMessages.ContainerStatus) {
                if let until = backOff.backOffUntil(c.name, finishedAt: latest.finishedAt, now: now) {
                    let delay = KubeletTime.goDuration(backOff.delay(c.name) ?? 0)
                    waiting[c.name] = .init("CrashLoopBackOff",
                                            "back-off \(delay) restarting failed container=\(c.name) pod=\(pod.fullName)")
                    if emitted.insert("backoff/\(latest.containerID)").inserted {
                        actions.append(.event(PodEvent("Warning", "BackOff",
                                                       "Back-off restarting failed container \(c.name) in pod \(pod.fullName)",
                                                       fieldPath: c.fieldPath)))
                    }
                    wakeAt(until)
                } else {
                    backOff.next(c.name, now: now)
                    start(c, attempt: latest.config.attempt + 1)
                }
            }

            var initDone = true
            for c in pod.initContainers {
                guard let latest = instances.latest(c.name) else {
                    start(c, attempt: 0)
                    initDone = false
                    break
                }
                if latest.state == .running { initDone = false; break }
                if latest.state == .created {
                    actions.append(.removeContainer(id: latest.containerID))
                    start(c, attempt: latest.config.attempt + 1)
                    initDone = false
                    break
                }
                if latest.exitCode == 0 && latest.state == .exited { continue }
                initDone = false
                if pod.restartPolicy != .never { restart(c, latest) }
                break
            }
            if initDone {
                for c in pod.containers {
                    guard let latest = instances.latest(c.name) else {
                        start(c, attempt: 0)
                        continue
                    }
                    switch latest.state {
                    case .created:
                        actions.append(.removeContainer(id: latest.containerID))
                        start(c, attempt: latest.config.attempt + 1)
                    case .running:
                        actions += probe(c, latest, pod: pod, now: now, wakeAt: wakeAt)
                    case .exited, .unknown:
                        let again = pod.restartPolicy == .always || (pod.restartPolicy == .onFailure && latest.exitCode != 0)
                        if again { restart(c, latest) }
                    }
                }
            }
        }

        var builder = PodStatusBuilder(pod: pod, sandbox: observed.sandbox, instances: instances, hostIP: hostIP)
        builder.waiting = waiting
        builder.probes = probes
        builder.oldStatus = lastWritten
        builder.stickyPhase = terminalPhase
        let status = builder.build(now: now)
        let phase = status["phase"]?.string ?? "Pending"
        if terminalPhase == nil, phase == "Succeeded" || phase == "Failed" { terminalPhase = phase }
        if terminalPhase != nil {
            for c in observed.containers where c.isLive && stopping.insert(c.containerID).inserted {
                actions.append(.stopContainer(id: c.containerID, name: c.config.name,
                                              gracePeriodSeconds: pod.terminationGracePeriodSeconds, preStop: nil))
            }
            if let s = observed.sandbox, s.state == .ready { actions.append(.stopSandbox(id: s.sandboxID)) }
        }
        // A finished pod whose containers the runtime no longer has keeps the status it reported.
        let forgotten = terminalPhase != nil && observed.containers.isEmpty
        if !forgotten, !Self.sameStatus(status, lastWritten ?? pod.object["status"] ?? .null) { actions.append(.updateStatus(status)) }
        if let wake { actions.append(.wake(at: wake)) }
        return actions
    }

    /// Probes of a running container; a failed liveness or startup probe stops it.
    private mutating func probe(_ c: ContainerModel, _ latest: RuntimeMessages.ContainerStatus, pod: PodModel, now: Int64,
                                wakeAt: (Int64) -> Void) -> [Action] {
        var tracker = probes[latest.containerID] ?? ProbeTracker(startedAt: latest.startedAt)
        defer { probes[latest.containerID] = tracker }
        if let failed = tracker.failedRestartProbe(c) {
            guard stopping.insert(latest.containerID).inserted else { return [] }
            let spec = failed == .liveness ? c.livenessProbe : c.startupProbe
            let grace = spec?.terminationGracePeriodSeconds ?? pod.terminationGracePeriodSeconds
            return [.event(PodEvent("Normal", "Killing",
                                    "Container \(c.name) failed \(failed.rawValue.lowercased()) probe, will be restarted",
                                    fieldPath: c.fieldPath)),
                    .stopContainer(id: latest.containerID, name: c.name, gracePeriodSeconds: grace, preStop: c.preStop)]
        }
        let (run, wake) = tracker.due(c, now: now)
        if let wake { wakeAt(wake) }
        return run.compactMap { kind in
            let spec: ProbeSpec? = switch kind {
            case .liveness: c.livenessProbe
            case .readiness: c.readinessProbe
            case .startup: c.startupProbe
            }
            return spec.map { .runProbe(containerID: latest.containerID, name: c.name, kind: kind, probe: $0) }
        }
    }

    /// The pod is being deleted: stop everything within the grace period, report the final
    /// status, then delete the pod for good.
    private mutating func terminate(_ pod: PodModel, _ observed: Observed, now: Int64) -> [Action] {
        var actions: [Action] = []
        let live = observed.containers.filter(\.isLive)
        for c in live where stopping.insert(c.containerID).inserted {
            let spec = pod.container(named: c.config.name)
            actions.append(.event(PodEvent("Normal", "Killing", "Stopping container \(c.config.name)",
                                           fieldPath: spec?.fieldPath)))
            actions.append(.stopContainer(id: c.containerID, name: c.config.name, gracePeriodSeconds: pod.gracePeriodSeconds,
                                          preStop: c.state == .running ? spec?.preStop : nil))
        }
        if !live.isEmpty { return actions }
        if let s = observed.sandbox, s.state == .ready { return actions + [.stopSandbox(id: s.sandboxID)] }
        var builder = PodStatusBuilder(pod: pod, sandbox: observed.sandbox.map { var s = $0; s.state = .notReady; return s },
                                       instances: ContainerInstances(observed.containers), hostIP: hostIP)
        builder.oldStatus = lastWritten
        builder.podIsTerminal = true
        builder.stickyPhase = terminalPhase
        let status = builder.build(now: now)
        if !Self.sameStatus(status, lastWritten ?? pod.object["status"] ?? .null) { actions.append(.updateStatus(status)) }
        if !deleteIssued {
            deleteIssued = true
            actions.append(.deletePod)
        }
        return actions
    }

    /// The pod is gone from the API server: stop and remove what is left.
    private mutating func teardown(_ observed: Observed) -> [Action] {
        guard !finished else { return [] }
        var actions: [Action] = []
        for c in observed.containers where c.isLive && stopping.insert(c.containerID).inserted {
            actions.append(.stopContainer(id: c.containerID, name: c.config.name, gracePeriodSeconds: 2, preStop: nil))
        }
        actions.append(.removeAll)
        finished = true
        return actions
    }

    /// Equal but for heartbeat-like noise: compares the JSON as is (times change only on
    /// transitions, so an unchanged pod gives an identical status).
    static func sameStatus(_ a: JSON, _ b: JSON) -> Bool { a == b }
}
