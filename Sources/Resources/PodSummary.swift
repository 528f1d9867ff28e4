/// The Ready / Status / Restarts arithmetic of `printPod`, step for step.
struct PodSummary {
    let pod: JSON
    var readyContainers = 0
    var totalContainers = 0
    var restarts: Int64 = 0
    var lastRestart = MetaTime.zero
    var reason: String

    /// The status phase; the API server sets `Pending` on create, so a missing one reads so.
    var phase: String { pod["status"]["phase"]?.string ?? "Pending" }

    init(_ pod: JSON) {
        self.pod = pod
        let statusReason = pod["status"]["reason"].text
        reason = statusReason.isEmpty ? (pod["status"]["phase"]?.string ?? "Pending") : statusReason
        computeStatus()
    }

    private static func isRestartable(_ container: JSON?) -> Bool {
        container?["restartPolicy"]?.string == "Always"
    }

    private static func finishedAt(_ status: JSON) -> MetaTime? {
        guard status["lastTerminationState"]["terminated"].isSet else { return nil }
        return MetaTime(json: status["lastTerminationState"]["terminated"]["finishedAt"])
    }

    private static func terminationReason(_ terminated: JSON?, prefix: String) -> String {
        if !terminated["reason"].text.isEmpty { return prefix + terminated["reason"].text }
        let signal = terminated["signal"].number
        return signal != 0 ? "\(prefix)Signal:\(signal)" : "\(prefix)ExitCode:\(terminated["exitCode"].number)"
    }

    private mutating func computeStatus() {
        let spec = pod["spec"], status = pod["status"]
        let conditions = status["conditions"].elements
        for c in conditions where c["type"]?.string == "PodScheduled" && c["reason"]?.string == "SchedulingGated" {
            reason = "SchedulingGated"
        }

        let initSpecs = spec["initContainers"].elements
        var initByName: [String: JSON] = [:]
        for c in initSpecs {
            initByName[c["name"].text] = c  // a Go map: the last container of a name wins
        }
        totalContainers = spec["containers"].elements.count + initSpecs.filter { Self.isRestartable($0) }.count

        var restartableRestarts: Int64 = 0
        var lastRestartableRestart = MetaTime.zero
        var initializing = false
        initLoop: for (i, container) in status["initContainerStatuses"].elements.enumerated() {
            let restartable = Self.isRestartable(initByName[container["name"].text])
            restarts += container["restartCount"].number
            if let finished = Self.finishedAt(container), lastRestart < finished { lastRestart = finished }
            if restartable {
                restartableRestarts += container["restartCount"].number
                if let finished = Self.finishedAt(container), lastRestartableRestart < finished {
                    lastRestartableRestart = finished
                }
            }
            let state = container["state"]
            let terminated = state["terminated"], waiting = state["waiting"]
            if terminated.isSet && terminated["exitCode"].number == 0 {
                continue
            } else if restartable && container["started"]?.bool == true {
                if container["ready"]?.bool == true { readyContainers += 1 }
                continue
            } else if terminated.isSet {
                reason = Self.terminationReason(terminated, prefix: "Init:")
            } else if waiting.isSet, !waiting["reason"].text.isEmpty, waiting["reason"].text != "PodInitializing" {
                reason = "Init:" + waiting["reason"].text
            } else {
                reason = "Init:\(i)/\(initSpecs.count)"
            }
            initializing = true
            break initLoop
        }

        let initialized = conditions.first { $0["type"]?.string == "Initialized" }?["status"]?.string == "True"
        if !initializing || initialized {
            restarts = restartableRestarts
            lastRestart = lastRestartableRestart
            var hasRunning = false
            for container in status["containerStatuses"].elements.reversed() {
                restarts += container["restartCount"].number
                if let finished = Self.finishedAt(container), lastRestart < finished { lastRestart = finished }
                let state = container["state"]
                if state["waiting"].isSet, !state["waiting"]["reason"].text.isEmpty {
                    reason = state["waiting"]["reason"].text
                } else if state["terminated"].isSet {
                    reason = Self.terminationReason(state["terminated"], prefix: "")
                } else if container["ready"]?.bool == true, state["running"].isSet {
                    hasRunning = true
                    readyContainers += 1
                }
            }
            if reason == "Completed" && hasRunning {
                let ready = conditions.contains { $0["type"]?.string == "Ready" && $0["status"]?.string == "True" }
                reason = ready ? "Running" : "NotReady"
            }
        }

        if pod["metadata"]["deletionTimestamp"].isSet {
            if status["reason"]?.string == "NodeLost" {
                reason = "Unknown"
            } else if phase != "Failed" && phase != "Succeeded" {
                reason = "Terminating"
            }
        }
    }

    /// The Restarts cell: `2`, or `2 (5m ago)` when a last termination time is known.
    func restartsCell(_ context: TableContext) -> String {
        restarts != 0 && !lastRestart.isZero ? "\(restarts) (\(context.since(lastRestart)) ago)" : "\(restarts)"
    }

    /// The Readiness Gates cell: `<none>`, or true gates over all gates.
    var readinessGates: String {
        let gates = pod["spec"]["readinessGates"].elements
        guard !gates.isEmpty else { return "<none>" }
        let conditions = pod["status"]["conditions"].elements
        let trueCount = gates.filter { gate in
            conditions.first { $0["type"].text == gate["conditionType"].text }?["status"]?.string == "True"
        }.count
        return "\(trueCount)/\(gates.count)"
    }

    /// The IP cell: the first pod IP (the API reads `status.podIP` as `podIPs[0]`).
    var ip: String {
        let ip = pod["status"]["podIP"].text.isEmpty ? pod["status"]["podIPs"][0]["ip"].text : pod["status"]["podIP"].text
        return ip.isEmpty ? "<none>" : ip
    }

    func row(_ context: TableContext) -> TableRowContent {
        func orNone(_ s: String) -> String { s.isEmpty ? "<none>" : s }
        var conditions: [JSON] = []
        switch phase {
        case "Succeeded":
            conditions = [["type": "Completed", "status": "True", "reason": "Succeeded", "message": "The pod has completed successfully."]]
        case "Failed":
            conditions = [["type": "Completed", "status": "True", "reason": "Failed", "message": "The pod failed."]]
        default: break
        }
        let cells: [JSON] = [
            .string(pod["metadata"]["name"].text), .string("\(readyContainers)/\(totalContainers)"), .string(reason),
            .string(restartsCell(context)), .string(context.age(pod)),
            .string(ip), .string(orNone(pod["spec"]["nodeName"].text)),
            .string(orNone(pod["status"]["nominatedNodeName"].text)), .string(readinessGates),
        ]
        return TableRowContent(cells, conditions: conditions)
    }
}
