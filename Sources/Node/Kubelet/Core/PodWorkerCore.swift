import Resources
import RuntimeAPI

/// One pod's lifecycle on this node as a pure state machine (STYLE.md §2–4): each call takes
/// the desired pod, what the runtime holds for it, and the time, and returns what to do —
/// create the sandbox, start a container's next attempt, stop one, run a probe, write the
/// status, record an Event, or wake again at a time. The shell (``PodWorker``) carries the
/// actions out and calls back with their results.
///
/// Guarantees: init containers run one at a time, in order, each to exit 0 before the next —
/// except sidecars (`restartPolicy: Always`), which count once started and keep running; app
/// containers start only after the last one; a container is restarted only as the pod's
/// restartPolicy allows, after its back-off (a sidecar always), or at once when its image
/// changed (it is stopped first, whatever the policy); a pod being deleted never starts
/// anything, stops its sidecars only after its other containers, and is deleted from the API
/// server only once nothing of it runs; a pod past its `activeDeadlineSeconds` is Failed with
/// reason DeadlineExceeded and its containers are stopped; a terminal phase never changes.
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
    /// Running containers stopped because their spec's image changed: started again at once.
    private var specChanged: Set<String> = []
    /// When this worker first saw the pod (its start time until the status carries one).
    private var firstSeen: Int64?
    /// The pod ran past `activeDeadlineSeconds`.
    public private(set) var deadlineExceeded = false

    public static let deadlineReason = "DeadlineExceeded"
    public static let deadlineMessage = "Pod was active on the node longer than the specified deadline"
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
        specChanged = specChanged.filter { id in observed.containers.contains { $0.containerID == id } }
        if firstSeen == nil { firstSeen = now }

        if terminalPhase == nil, let deadline = pod.activeDeadlineSeconds {
            let startTime = (lastWritten ?? pod.object["status"])?["startTime"]?.string.flatMap(KubeletTime.parse) ?? firstSeen ?? now
            let end = startTime + deadline * KubeletTime.second
            if now >= end {
                terminalPhase = "Failed"
                deadlineExceeded = true
                actions.append(.event(PodEvent("Normal", Self.deadlineReason, Self.deadlineMessage)))
            } else {
                wakeAt(end)
            }
        }

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

            /// Keeps `c` running: starts it, restarts it when it exited and `restarts` says so (after
            /// its back-off), restarts it at once when its image changed, probes it. True when its
            /// latest instance runs and has started (its startup probe passed).
            func keepRunning(_ c: ContainerModel, restarts: (RuntimeMessages.ContainerStatus) -> Bool) -> Bool {
                guard let latest = instances.latest(c.name) else {
                    start(c, attempt: 0)
                    return false
                }
                switch latest.state {
                case .created:
                    actions.append(.removeContainer(id: latest.containerID))
                    start(c, attempt: latest.config.attempt + 1)
                    return false
                case .running:
                    if latest.config.image != c.image {
                        if stopping.insert(latest.containerID).inserted {
                            specChanged.insert(latest.containerID)
                            actions.append(.event(PodEvent("Normal", "Killing", "Container \(c.name) definition changed, will be restarted",
                                                           fieldPath: c.fieldPath)))
                            actions.append(.stopContainer(id: latest.containerID, name: c.name,
                                                          gracePeriodSeconds: pod.terminationGracePeriodSeconds, preStop: c.preStop))
                        }
                        return false
                    }
                    actions += probe(c, latest, pod: pod, now: now, wakeAt: wakeAt)
                    return (probes[latest.containerID] ?? ProbeTracker(startedAt: latest.startedAt)).started(c)
                case .exited, .unknown:
                    if specChanged.contains(latest.containerID) {
                        start(c, attempt: latest.config.attempt + 1)  // whatever the restart policy, no back-off
                    } else if restarts(latest) {
                        restart(c, latest)
                    }
                    return false
                }
            }

            // Once an app container exists the pod is initialized: only sidecars still need care.
            let mainStarted = pod.containers.contains { instances.latest($0.name) != nil }
            var initDone = true
            for c in pod.initContainers {
                if c.isSidecar {
                    let running = keepRunning(c) { _ in true }
                    if running || mainStarted { continue }
                    initDone = false
                    break
                }
                if mainStarted { continue }
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
                    _ = keepRunning(c) { latest in
                        pod.restartPolicy == .always || (pod.restartPolicy == .onFailure && latest.exitCode != 0)
                    }
                }
            }
        }

        var builder = PodStatusBuilder(pod: pod, sandbox: observed.sandbox, instances: instances, hostIP: hostIP)
        builder.waiting = waiting
        builder.probes = probes
        builder.oldStatus = lastWritten
        builder.stickyPhase = terminalPhase
        if deadlineExceeded { builder.reason = (Self.deadlineReason, Self.deadlineMessage) }
        let status = builder.build(now: now)
        let phase = status["phase"]?.string ?? "Pending"
        // A pod that is starting a container (a restart for a changed image) is not finished,
        // whatever the status of the instance being replaced says.
        let starting = actions.contains { if case .startContainer = $0 { true } else { false } }
        if terminalPhase == nil, !starting, phase == "Succeeded" || phase == "Failed" { terminalPhase = phase }
        if terminalPhase != nil {
            let stops = stopsInOrder(pod, observed, grace: pod.terminationGracePeriodSeconds, preStop: false)
            actions += stops
            if stops.isEmpty, !observed.containers.contains(where: \.isLive), let s = observed.sandbox, s.state == .ready {
                actions.append(.stopSandbox(id: s.sandboxID))
            }
        }
        // A finished pod whose containers the runtime no longer has keeps the status it reported.
        // (Not so a deadline just passed: that Failed is news.)
        let forgotten = terminalPhase != nil && observed.containers.isEmpty && !deadlineExceeded
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

    /// Stops for the live containers of the pod that may stop now: every container but the
    /// sidecars first; once none of those is live, the sidecars one at a time in reverse order
    /// (Kubernetes 1.29+). With `preStop`, each gets a Killing Event and runs its preStop hook.
    private mutating func stopsInOrder(_ pod: PodModel, _ observed: Observed, grace: Int64, preStop: Bool) -> [Action] {
        let sidecars = pod.initContainers.filter(\.isSidecar).map(\.name)
        let live = observed.containers.filter(\.isLive)
        let others = live.filter { !sidecars.contains($0.config.name) }
        var due = others
        if others.isEmpty {
            // The last sidecar in spec order that still lives, alone.
            for name in sidecars.reversed() {
                let theirs = live.filter { $0.config.name == name }
                if !theirs.isEmpty { due = theirs; break }
            }
        }
        var actions: [Action] = []
        for c in due where stopping.insert(c.containerID).inserted {
            let spec = pod.container(named: c.config.name)
            if preStop {
                actions.append(.event(PodEvent("Normal", "Killing", "Stopping container \(c.config.name)", fieldPath: spec?.fieldPath)))
            }
            actions.append(.stopContainer(id: c.containerID, name: c.config.name, gracePeriodSeconds: grace,
                                          preStop: preStop && c.state == .running ? spec?.preStop : nil))
        }
        return actions
    }

    /// The pod is being deleted: stop everything within the grace period (sidecars last),
    /// report the final status, then delete the pod for good.
    private mutating func terminate(_ pod: PodModel, _ observed: Observed, now: Int64) -> [Action] {
        var actions = stopsInOrder(pod, observed, grace: pod.gracePeriodSeconds, preStop: true)
        if observed.containers.contains(where: \.isLive) { return actions }
        if let s = observed.sandbox, s.state == .ready { return actions + [.stopSandbox(id: s.sandboxID)] }
        var builder = PodStatusBuilder(pod: pod, sandbox: observed.sandbox.map { var s = $0; s.state = .notReady; return s },
                                       instances: ContainerInstances(observed.containers), hostIP: hostIP)
        builder.oldStatus = lastWritten
        builder.podIsTerminal = true
        builder.stickyPhase = terminalPhase
        if deadlineExceeded { builder.reason = (Self.deadlineReason, Self.deadlineMessage) }
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
