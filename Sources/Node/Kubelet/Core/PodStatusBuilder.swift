import Resources
import RuntimeAPI

/// Pod status exactly as the kubelet writes it (`generateAPIPodStatus`, `getPhase`,
/// `GeneratePod*Condition`): phase, conditions with transition times, container statuses with
/// state, lastState, restartCount, ready, started; IPs, startTime, qosClass. Pure.
public struct PodStatusBuilder: Sendable {
    /// Why a container whose latest instance is absent or exited is waiting instead.
    public struct Waiting: Sendable, Equatable {
        public var reason: String
        public var message: String?
        public init(_ reason: String, _ message: String? = nil) {
            self.reason = reason
            self.message = message
        }
    }

    public var pod: PodModel
    public var sandbox: RuntimeMessages.SandboxStatus?
    public var instances: ContainerInstances
    public var waiting: [String: Waiting] = [:]
    public var probes: [String: ProbeTracker] = [:]
    /// The status last written (for transition times, startTime, podIP).
    public var oldStatus: JSON?
    public var hostIP: String
    /// Deleted and every container stopped: no container will run again.
    public var podIsTerminal = false
    /// A terminal phase already reported stays.
    public var stickyPhase: String?
    /// The pod's `status.reason` and `status.message` (DeadlineExceeded), if any.
    public var reason: (reason: String, message: String)?

    public init(pod: PodModel, sandbox: RuntimeMessages.SandboxStatus?, instances: ContainerInstances, hostIP: String) {
        self.pod = pod
        self.sandbox = sandbox
        self.instances = instances
        self.hostIP = hostIP
    }

    // MARK: containers

    func terminated(_ c: RuntimeMessages.ContainerStatus) -> JSON {
        var t: JSONObject = ["exitCode": .int(Int64(c.exitCode))]
        t["reason"] = .string(c.reason.isEmpty ? (c.exitCode == 0 ? "Completed" : "Error") : c.reason)
        if !c.message.isEmpty { t["message"] = .string(c.message) }
        t["startedAt"] = c.startedAt > 0 ? .string(KubeletTime.rfc3339(c.startedAt)) : .null
        t["finishedAt"] = .string(KubeletTime.rfc3339(c.finishedAt > 0 ? c.finishedAt : c.createdAt))
        t["containerID"] = .string("skiff://" + c.containerID)
        return ["terminated": .object(t)]
    }

    /// The status of one container, and whether it is ready.
    func containerStatus(_ spec: ContainerModel, initDone: Bool) -> (status: JSON, ready: Bool) {
        let latest = instances.latest(spec.name)
        var state: JSON
        var lastState: JSON = .emptyObject
        var ready = false, started = false
        if let w = waiting[spec.name] {
            var o: JSONObject = ["reason": .string(w.reason)]
            if let m = w.message { o["message"] = .string(m) }
            state = ["waiting": .object(o)]
            if let latest, latest.state == .exited { lastState = terminated(latest) }
            else if let prev = instances.previous(spec.name), prev.state == .exited { lastState = terminated(prev) }
        } else if let latest {
            switch latest.state {
            case .running:
                state = ["running": ["startedAt": .string(KubeletTime.rfc3339(latest.startedAt))]]
                let tracker = probes[latest.containerID] ?? ProbeTracker(startedAt: latest.startedAt)
                started = tracker.started(spec)
                ready = tracker.ready(spec)
            case .exited, .unknown:
                state = terminated(latest)
            case .created:
                state = ["waiting": ["reason": "ContainerCreating"]]
            }
            if let prev = instances.previous(spec.name), prev.state == .exited { lastState = terminated(prev) }
        } else {
            let reason = spec.isInit || !initDone ? "PodInitializing" : "ContainerCreating"
            state = ["waiting": ["reason": .string(reason)]]
        }
        if spec.isInit && !spec.isSidecar { ready = latest?.state == .exited && latest?.exitCode == 0 && waiting[spec.name] == nil }
        var o: JSONObject = ["name": .string(spec.name), "state": state, "lastState": lastState,
                             "ready": .bool(ready), "restartCount": .int(Int64(latest?.config.attempt ?? 0)),
                             "image": .string(spec.image), "imageID": .string(latest == nil ? "" : spec.image)]
        if let latest { o["containerID"] = .string("skiff://" + latest.containerID) }
        o["started"] = .bool(started)
        return (.object(o), ready)
    }

    // MARK: phase

    /// Kubernetes' `getPhase` (v1.32) over the statuses built.
    /// Sidecars are left out of `initStatuses`; `pendingSidecars` counts those not started yet
    /// while the pod initializes.
    static func phase(initStatuses: [JSON], statuses: [JSON], restartPolicy: PodModel.RestartPolicy, podIsTerminal: Bool,
                      pendingSidecars: Int = 0) -> String {
        var pendingInit = pendingSidecars, failedInit = 0
        for s in initStatuses {
            let state = s["state"]
            if state?["running"] != nil { pendingInit += 1 }
            else if let t = state?["terminated"] { if (t["exitCode"]?.int ?? 0) != 0 { failedInit += 1 } }
            else if state?["waiting"] != nil {
                if let last = s["lastState"]?["terminated"] {
                    if (last["exitCode"]?.int ?? 0) != 0 { failedInit += 1 }
                } else {
                    pendingInit += 1
                }
            } else { pendingInit += 1 }
        }
        var running = 0, waiting = 0, stopped = 0, succeeded = 0
        for s in statuses {
            let state = s["state"]
            if state?["running"] != nil { running += 1 }
            else if let t = state?["terminated"] {
                stopped += 1
                if (t["exitCode"]?.int ?? 0) == 0 { succeeded += 1 }
            } else if s["lastState"]?["terminated"] != nil { stopped += 1 }
            else { waiting += 1 }
        }
        if failedInit > 0 && restartPolicy == .never { return "Failed" }
        if pendingInit > 0 || waiting > 0 { return "Pending" }
        if running > 0 { return "Running" }
        if stopped > 0 {
            if podIsTerminal { return stopped == succeeded ? "Succeeded" : "Failed" }
            if restartPolicy == .always { return "Running" }
            if stopped == succeeded { return "Succeeded" }
            if restartPolicy == .never { return "Failed" }
            return "Running"
        }
        return "Pending"
    }

    // MARK: the whole status

    public func build(now: Int64) -> JSON {
        let old = oldStatus ?? pod.object["status"] ?? .emptyObject
        var initDone = true
        var initStatuses: [JSON] = [], incompleteInit: [String] = []
        var regularInitStatuses: [JSON] = [], unreadySidecars: [String] = []
        // Once an app container exists the pod stays initialized, whatever its sidecars do.
        let mainStarted = pod.containers.contains { instances.latest($0.name) != nil }
        var pendingSidecars = 0
        for c in pod.initContainers {
            let (s, ok) = containerStatus(c, initDone: true)
            initStatuses.append(s)
            if c.isSidecar {
                let started = s["started"]?.bool == true
                if !ok { unreadySidecars.append(c.name) }
                if !started && !mainStarted { initDone = false; incompleteInit.append(c.name); pendingSidecars += 1 }
                continue
            }
            regularInitStatuses.append(s)
            if !ok { initDone = false; incompleteInit.append(c.name) }
        }
        var statuses: [JSON] = [], unready: [String] = []
        for c in pod.containers {
            let (s, ok) = containerStatus(c, initDone: initDone)
            statuses.append(s)
            if !ok { unready.append(c.name) }
        }
        unready = unreadySidecars + unready
        var phase = Self.phase(initStatuses: regularInitStatuses, statuses: statuses, restartPolicy: pod.restartPolicy,
                               podIsTerminal: podIsTerminal, pendingSidecars: pendingSidecars)
        if let sticky = stickyPhase { phase = sticky }
        let terminal = phase == "Succeeded" || phase == "Failed"

        let oldConditions = old["conditions"]?.array ?? []
        func condition(_ type: String, _ status: Bool, reason: String? = nil, message: String? = nil) -> JSON {
            let s = status ? "True" : "False"
            let previous = oldConditions.first { $0["type"]?.string == type }
            let since = previous?["status"]?.string == s ? previous?["lastTransitionTime"] : nil
            var o: JSONObject = ["type": .string(type), "status": .string(s), "lastProbeTime": .null,
                                 "lastTransitionTime": since ?? .string(KubeletTime.rfc3339(now))]
            if let reason { o["reason"] = .string(reason) }
            if let message { o["message"] = .string(message) }
            return .object(o)
        }
        var conditions: [JSON] = []
        conditions.append(condition("PodReadyToStartContainers", sandbox?.state == .ready))
        if phase == "Succeeded" {
            conditions.append(condition("Initialized", true, reason: "PodCompleted"))
        } else if initDone {
            conditions.append(condition("Initialized", true))
        } else {
            conditions.append(condition("Initialized", false, reason: "ContainersNotInitialized",
                                        message: "containers with incomplete status: [\(incompleteInit.joined(separator: " "))]"))
        }
        let containersReady: JSON
        if terminal {
            containersReady = condition("ContainersReady", false, reason: phase == "Failed" ? "PodFailed" : "PodCompleted")
        } else if !initDone {
            containersReady = condition("ContainersReady", false, reason: "ContainersNotReady",
                                        message: "containers with unready status: [\(pod.containers.map(\.name).joined(separator: " "))]")
        } else if unready.isEmpty {
            containersReady = condition("ContainersReady", true)
        } else {
            containersReady = condition("ContainersReady", false, reason: "ContainersNotReady",
                                        message: "containers with unready status: [\(unready.joined(separator: " "))]")
        }
        var ready = containersReady
        ready["type"] = "Ready"
        let readyPrevious = oldConditions.first { $0["type"]?.string == "Ready" }
        ready["lastTransitionTime"] = readyPrevious?["status"] == ready["status"] ? readyPrevious?["lastTransitionTime"]
            : .string(KubeletTime.rfc3339(now))
        conditions.append(ready)
        conditions.append(containersReady)
        for c in oldConditions where !["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady"].contains(c["type"]?.string ?? "") {
            conditions.append(c)
        }
        // A pod that came with its nodeName set was never bound: the kubelet says it is scheduled.
        if !oldConditions.contains(where: { $0["type"]?.string == "PodScheduled" }) {
            conditions.append(condition("PodScheduled", true))
        }

        var status: JSONObject = ["phase": .string(phase), "conditions": .array(conditions)]
        if let reason {
            status["reason"] = .string(reason.reason)
            status["message"] = .string(reason.message)
        }
        status["hostIP"] = .string(hostIP)
        status["hostIPs"] = [["ip": .string(hostIP)]]
        let podIP = sandbox?.ip ?? old["podIP"]?.string
        if let podIP, !podIP.isEmpty {
            status["podIP"] = .string(podIP)
            status["podIPs"] = [["ip": .string(podIP)]]
        }
        status["startTime"] = old["startTime"].flatMap { $0.isNull ? nil : $0 } ?? .string(KubeletTime.rfc3339(now))
        if !initStatuses.isEmpty { status["initContainerStatuses"] = .array(initStatuses) }
        status["containerStatuses"] = .array(statuses)
        status["qosClass"] = .string(Self.qosClass(pod))
        return .object(status)
    }

    /// Guaranteed (every container limits cpu and memory, requests equal to them), BestEffort
    /// (no requests or limits at all), else Burstable.
    public static func qosClass(_ pod: PodModel) -> String {
        var any = false, guaranteed = true
        for c in pod.containers + pod.initContainers {
            let requests = c.object["resources"]?["requests"]?.object ?? JSONObject()
            let limits = c.object["resources"]?["limits"]?.object ?? JSONObject()
            for name in ["cpu", "memory"] {
                let r = requests[name].flatMap { try? Quantity(json: $0) }
                let l = limits[name].flatMap { try? Quantity(json: $0) }
                if (r != nil && r != .zero) || (l != nil && l != .zero) { any = true }
                if l == nil || (r != nil && r != l) { guaranteed = false }
            }
        }
        if !any { return "BestEffort" }
        return guaranteed ? "Guaranteed" : "Burstable"
    }
}
