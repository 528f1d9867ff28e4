import Kubelet
import Resources
import RuntimeAPI

/// A runtime in memory that carries out a ``PodWorkerCore``'s actions, with a manual clock:
/// the core's tests step time and make containers exit, then look at what the core does.
struct Simulation {
    static let s = KubeletTime.second
    var core: PodWorkerCore
    var pod: PodModel?
    var now: Int64 = 1_700_000_000 * KubeletTime.second
    var sandbox: RuntimeMessages.SandboxStatus?
    var containers: [RuntimeMessages.ContainerStatus] = []
    var status: JSON?
    var events: [PodWorkerCore.PodEvent] = []
    var probesRun: [(String, ProbeSpec.Kind)] = []
    var stops: [(name: String, grace: Int64, preStop: Handler?)] = []
    var deleted = false
    var removedAll = false
    var wake: Int64?
    var nextID = 0

    init(_ pod: JSON) {
        self.pod = PodModel(pod)
        core = PodWorkerCore(uid: self.pod!.uid)
    }

    var observed: PodWorkerCore.Observed { .init(sandbox: sandbox, containers: containers) }

    /// Syncs until the core changes nothing more in the runtime; returns every action seen.
    @discardableResult
    mutating func sync() -> [PodWorkerCore.Action] {
        var all: [PodWorkerCore.Action] = []
        for _ in 0..<20 {
            let actions = core.sync(pod: pod, observed: observed, now: now)
            all += actions
            var changed = false
            wake = nil
            for a in actions {
                changed = changed || a.changesRuntime
                apply(a, changed: changed)
            }
            if !changed { break }
        }
        return all
    }

    mutating func apply(_ a: PodWorkerCore.Action, changed: Bool) {
        switch a {
        case .runSandbox(let attempt):
            let p = pod!
            sandbox = .init(sandboxID: "sb\(attempt)", config: .init(podUID: p.uid, podName: p.name, podNamespace: p.namespace,
                                                                   attempt: attempt, hostname: p.name, logDirectory: "/logs"),
                            state: .ready, createdAt: now, ip: "10.0.0.5")
            containers = []
        case let .startContainer(name, attempt, sandboxID):
            nextID += 1
            containers.append(.init(containerID: "c\(nextID)", sandboxID: sandboxID,
                                    config: .init(name: name, attempt: attempt, image: pod?.container(named: name)?.image ?? "busybox",
                                                  command: ["true"], logPath: "/x"),
                                    state: .running, createdAt: now, startedAt: now, pid: 100))
        case .removeContainer(let id):
            containers.removeAll { $0.containerID == id }
        case let .stopContainer(id, name, grace, preStop):
            stops.append((name, grace, preStop))
            exit(id: id, code: 143)
        case .runProbe(_, let name, let kind, _):
            probesRun.append((name, kind))
        case .stopSandbox:
            sandbox?.state = .notReady
        case .removeAll:
            removedAll = true
            containers = []
            sandbox = nil
        case .updateStatus(let s):
            if !changed {
                status = s
                core.statusWritten(s)
            }
        case .event(let e):
            events.append(e)
        case .deletePod:
            deleted = true
        case .wake(let at):
            wake = at
        }
    }

    mutating func exit(id: String, code: Int32) {
        guard let i = containers.firstIndex(where: { $0.containerID == id }), containers[i].state == .running else { return }
        containers[i].state = .exited
        containers[i].exitCode = code
        containers[i].finishedAt = now
        containers[i].reason = code == 0 ? "Completed" : "Error"
    }

    /// Makes the running instance of `name` exit.
    mutating func exit(_ name: String, code: Int32) {
        if let c = containers.last(where: { $0.config.name == name && $0.state == .running }) { exit(id: c.containerID, code: code) }
    }

    func running(_ name: String) -> RuntimeMessages.ContainerStatus? {
        containers.last { $0.config.name == name && $0.state == .running }
    }

    func instances(_ name: String) -> Int { containers.filter { $0.config.name == name }.count }

    var phase: String? { status?["phase"]?.string }

    func condition(_ type: String) -> JSON? { status?["conditions"]?.array?.first { $0["type"]?.string == type } }

    func containerStatus(_ name: String, init isInit: Bool = false) -> JSON? {
        status?[isInit ? "initContainerStatuses" : "containerStatuses"]?.array?.first { $0["name"]?.string == name }
    }

    mutating func advance(_ seconds: Double) { now += Int64(seconds * 1e9) }
}

/// A pod as the API server stores it after binding.
func podJSON(name: String = "web", restartPolicy: String = "Always", initContainers: [JSON] = [], containers: [JSON],
             grace: Int64 = 30) -> JSON {
    var spec: JSONObject = ["restartPolicy": .string(restartPolicy), "terminationGracePeriodSeconds": .int(grace),
                            "nodeName": "node-1", "containers": .array(containers)]
    if !initContainers.isEmpty { spec["initContainers"] = .array(initContainers) }
    return ["apiVersion": "v1", "kind": "Pod",
            "metadata": ["name": .string(name), "namespace": "default", "uid": "uid-1", "resourceVersion": "5"],
            "spec": .object(spec),
            "status": ["phase": "Pending", "conditions": [["type": "PodScheduled", "status": "True", "lastProbeTime": nil,
                                                           "lastTransitionTime": "2023-11-14T22:13:00Z"]]]]
}

func container(_ name: String, _ extra: JSONObject = [:]) -> JSON {
    var o: JSONObject = ["name": .string(name), "image": "busybox", "command": ["sh", "-c", "true"]]
    for (k, v) in extra { o[k] = v }
    return .object(o)
}
