import Foundation

/// SKIFF-CRI/1: the container runtime's RPC (`skiff runtime`, `proto-docs/runtime.md`), in the
/// shape of Kubernetes' CRI — pod sandboxes holding containers — with JSON bodies. The kubelet
/// is its client; the runtime knows nothing of the API server.
///
/// Methods (RPC method names): `runtime.version`, `runtime.sandbox.run`, `runtime.sandbox.stop`,
/// `runtime.sandbox.remove`, `runtime.sandbox.status`, `runtime.sandbox.list`,
/// `runtime.container.create`, `runtime.container.start`, `runtime.container.stop`,
/// `runtime.container.remove`, `runtime.container.status`, `runtime.container.list`,
/// `runtime.container.exec`, `runtime.container.logs`. Events: stream `containers/`, topic
/// `containers/<sandboxID>/<containerID>`, body ``RuntimeMessages/ContainerEvent``.
public enum RuntimeMessages {
    /// How a sandbox warning about its network begins (the kubelet records those as
    /// `HostNetwork` events, the others as `IsolationNotEnforced`).
    public static let podNetworkWarningPrefix = "pod network:"
    public static let stream = "containers/"

    public enum Method {
        public static let version = "runtime.version"
        public static let runSandbox = "runtime.sandbox.run"
        public static let stopSandbox = "runtime.sandbox.stop"
        public static let removeSandbox = "runtime.sandbox.remove"
        public static let sandboxStatus = "runtime.sandbox.status"
        public static let listSandboxes = "runtime.sandbox.list"
        public static let createContainer = "runtime.container.create"
        public static let startContainer = "runtime.container.start"
        public static let stopContainer = "runtime.container.stop"
        public static let removeContainer = "runtime.container.remove"
        public static let containerStatus = "runtime.container.status"
        public static let listContainers = "runtime.container.list"
        public static let exec = "runtime.container.exec"
        public static let logs = "runtime.container.logs"
    }

    // MARK: version

    public struct VersionResponse: Codable, Sendable, Equatable {
        public var runtimeName: String
        public var runtimeVersion: String
        /// `process` or `fake`.
        public var driver: String
        /// What this runtime enforces here (root: namespaces, cgroups), for the kubelet to report.
        public var isolation: Isolation
        public init(runtimeName: String, runtimeVersion: String, driver: String, isolation: Isolation) {
            self.runtimeName = runtimeName
            self.runtimeVersion = runtimeVersion
            self.driver = driver
            self.isolation = isolation
        }
    }

    public struct Isolation: Codable, Sendable, Equatable {
        public var pidNamespace: Bool
        public var mountNamespace: Bool
        public var utsNamespace: Bool
        public var ipcNamespace: Bool
        public var cgroupCPU: Bool
        public var cgroupMemory: Bool
        /// Pods get their own network namespace (absent: no).
        public var podNetwork: Bool?
        /// Human-readable reasons for what is not enforced ("not root: no namespaces").
        public var notes: [String]
        public init(pidNamespace: Bool = false, mountNamespace: Bool = false, utsNamespace: Bool = false,
                    ipcNamespace: Bool = false, cgroupCPU: Bool = false, cgroupMemory: Bool = false, notes: [String] = []) {
            self.pidNamespace = pidNamespace
            self.mountNamespace = mountNamespace
            self.utsNamespace = utsNamespace
            self.ipcNamespace = ipcNamespace
            self.cgroupCPU = cgroupCPU
            self.cgroupMemory = cgroupMemory
            self.notes = notes
        }
    }

    // MARK: sandboxes

    /// What the kubelet knows of the pod when it asks for its sandbox.
    public struct SandboxConfig: Codable, Sendable, Equatable {
        public var podUID: String
        public var podName: String
        public var podNamespace: String
        /// Increases each time the sandbox is re-created for the same pod.
        public var attempt: Int
        public var hostname: String
        /// Container log files go under this directory (`<logDirectory>/<container>/<attempt>.log`).
        public var logDirectory: String
        public var labels: [String: String]
        public var annotations: [String: String]
        /// Pod-level limits (sum of the containers'), if any.
        public var cpuMillis: Int64?
        public var memoryBytes: Int64?
        /// `spec.hostNetwork`: the pod shares the node's network (absent: false).
        public var hostNetwork: Bool?
        /// The pod's own network (absent: the node's): its node's podCIDR and the routes to set.
        public var network: PodNetwork?
        /// The pod's /etc/resolv.conf (absent: the node's).
        public var dns: DNSConfig?
        public init(podUID: String, podName: String, podNamespace: String, attempt: Int = 0, hostname: String,
                    logDirectory: String, labels: [String: String] = [:], annotations: [String: String] = [:],
                    cpuMillis: Int64? = nil, memoryBytes: Int64? = nil, hostNetwork: Bool? = nil,
                    network: PodNetwork? = nil, dns: DNSConfig? = nil) {
            self.hostNetwork = hostNetwork
            self.network = network
            self.dns = dns
            self.podUID = podUID
            self.podName = podName
            self.podNamespace = podNamespace
            self.attempt = attempt
            self.hostname = hostname
            self.logDirectory = logDirectory
            self.labels = labels
            self.annotations = annotations
            self.cpuMillis = cpuMillis
            self.memoryBytes = memoryBytes
        }
    }

    /// What a pod's network namespace gets: an address from `podCIDR` (the node's range; the
    /// bridge has its first address) and a route for each of `routes` via the bridge. No
    /// default route: pods reach only the cluster's ranges.
    public struct PodNetwork: Codable, Sendable, Equatable {
        public var podCIDR: String
        public var routes: [String]
        public init(podCIDR: String, routes: [String]) {
            self.podCIDR = podCIDR
            self.routes = routes
        }
    }

    /// CRI's DNSConfig: the lines of the pod's /etc/resolv.conf.
    public struct DNSConfig: Codable, Sendable, Equatable {
        public var servers: [String]
        public var searches: [String]
        public var options: [String]
        public init(servers: [String], searches: [String] = [], options: [String] = []) {
            self.servers = servers
            self.searches = searches
            self.options = options
        }

        public var resolvConf: String {
            var lines: [String] = []
            if !searches.isEmpty { lines.append("search " + searches.joined(separator: " ")) }
            lines += servers.map { "nameserver " + $0 }
            if !options.isEmpty { lines.append("options " + options.joined(separator: " ")) }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    /// How a sandbox is networked: `mode` `pod` (its own namespace: `eth0` with `ip` on
    /// `bridge`, host end `hostInterface`) or `host` (the node's network, `reason` says why).
    public struct SandboxNetwork: Codable, Sendable, Equatable {
        public enum Mode: String, Codable, Sendable { case pod, host }
        public var mode: Mode
        public var bridge: String?
        public var hostInterface: String?
        public var gateway: String?
        public var prefixLength: Int?
        public var reason: String?
        public init(mode: Mode, bridge: String? = nil, hostInterface: String? = nil, gateway: String? = nil,
                    prefixLength: Int? = nil, reason: String? = nil) {
            self.mode = mode
            self.bridge = bridge
            self.hostInterface = hostInterface
            self.gateway = gateway
            self.prefixLength = prefixLength
            self.reason = reason
        }
    }

    public struct RunSandboxRequest: Codable, Sendable, Equatable {
        public var config: SandboxConfig
        public init(config: SandboxConfig) { self.config = config }
    }

    public struct RunSandboxResponse: Codable, Sendable, Equatable {
        public var sandboxID: String
        /// What could not be enforced for this pod (isolation, limits), for the pod's Events.
        public var warnings: [String]
        /// The sandbox as `runtime.sandbox.status` would report it now (READY), so that the
        /// caller need not ask.
        public var status: SandboxStatus?
        public init(sandboxID: String, warnings: [String] = [], status: SandboxStatus? = nil) {
            self.sandboxID = sandboxID
            self.warnings = warnings
            self.status = status
        }
    }

    /// The body of `runtime.sandbox.stop`, `.remove`, `.status` and `runtime.container.list`
    /// (optional) — a sandbox by id.
    public struct SandboxRef: Codable, Sendable, Equatable {
        public var sandboxID: String
        public init(sandboxID: String) { self.sandboxID = sandboxID }
    }

    public enum SandboxState: String, Codable, Sendable { case ready = "READY", notReady = "NOTREADY" }

    public struct SandboxStatus: Codable, Sendable, Equatable {
        public var sandboxID: String
        public var config: SandboxConfig
        public var state: SandboxState
        /// Nanoseconds since the Unix epoch.
        public var createdAt: Int64
        /// The pod's IP: its network namespace's address, or the node's without pod networking.
        public var ip: String?
        /// How the pod is networked (absent in records of older runtimes: the node's network).
        public var network: SandboxNetwork?
        public init(sandboxID: String, config: SandboxConfig, state: SandboxState, createdAt: Int64, ip: String? = nil,
                    network: SandboxNetwork? = nil) {
            self.network = network
            self.sandboxID = sandboxID
            self.config = config
            self.state = state
            self.createdAt = createdAt
            self.ip = ip
        }
    }

    public struct SandboxList: Codable, Sendable, Equatable {
        public var sandboxes: [SandboxStatus]
        public init(sandboxes: [SandboxStatus]) { self.sandboxes = sandboxes }
    }

    // MARK: containers

    public struct KeyValue: Codable, Sendable, Equatable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public struct Mount: Codable, Sendable, Equatable {
        public var hostPath: String
        public var containerPath: String
        public var readOnly: Bool
        public init(hostPath: String, containerPath: String, readOnly: Bool = false) {
            self.hostPath = hostPath
            self.containerPath = containerPath
            self.readOnly = readOnly
        }
    }

    public struct ContainerConfig: Codable, Sendable, Equatable {
        public var name: String
        /// Increases with each restart of the container in its pod (`restartCount`).
        public var attempt: Int
        /// Recorded, not pulled: the process driver runs `command` + `args` on the host.
        public var image: String
        public var command: [String]
        public var args: [String]
        public var workingDir: String?
        /// Already resolved by the kubelet (values, ConfigMaps, Secrets, downward API).
        public var env: [KeyValue]
        public var mounts: [Mount]
        /// The CRI-format log file to write stdout and stderr to.
        public var logPath: String
        public var labels: [String: String]
        public var annotations: [String: String]
        public var cpuMillis: Int64?
        public var memoryBytes: Int64?
        public init(name: String, attempt: Int = 0, image: String, command: [String], args: [String] = [],
                    workingDir: String? = nil, env: [KeyValue] = [], mounts: [Mount] = [], logPath: String,
                    labels: [String: String] = [:], annotations: [String: String] = [:],
                    cpuMillis: Int64? = nil, memoryBytes: Int64? = nil) {
            self.name = name
            self.attempt = attempt
            self.image = image
            self.command = command
            self.args = args
            self.workingDir = workingDir
            self.env = env
            self.mounts = mounts
            self.logPath = logPath
            self.labels = labels
            self.annotations = annotations
            self.cpuMillis = cpuMillis
            self.memoryBytes = memoryBytes
        }
    }

    public struct CreateContainerRequest: Codable, Sendable, Equatable {
        public var sandboxID: String
        public var config: ContainerConfig
        public init(sandboxID: String, config: ContainerConfig) {
            self.sandboxID = sandboxID
            self.config = config
        }
    }

    /// A container by id: the body of `.start`, `.remove`, `.status`, and the reply of `.create`.
    public struct ContainerRef: Codable, Sendable, Equatable {
        public var containerID: String
        public init(containerID: String) { self.containerID = containerID }
    }

    public struct StopContainerRequest: Codable, Sendable, Equatable {
        public var containerID: String
        /// SIGTERM, then SIGKILL after this many seconds (0: SIGKILL at once).
        public var timeoutSeconds: Int64
        public init(containerID: String, timeoutSeconds: Int64) {
            self.containerID = containerID
            self.timeoutSeconds = timeoutSeconds
        }
    }

    public enum ContainerState: String, Codable, Sendable {
        case created = "CREATED", running = "RUNNING", exited = "EXITED", unknown = "UNKNOWN"
    }

    public struct ContainerStatus: Codable, Sendable, Equatable {
        public var containerID: String
        public var sandboxID: String
        public var config: ContainerConfig
        public var state: ContainerState
        /// Nanoseconds since the Unix epoch; 0 when not reached.
        public var createdAt: Int64
        public var startedAt: Int64
        public var finishedAt: Int64
        public var exitCode: Int32
        /// `Completed` (exit 0), `Error`, `OOMKilled`, or `StartError` when the command could not run.
        public var reason: String
        public var message: String
        /// The main process, while running (for cAdvisor).
        public var pid: Int32?
        /// The container's cgroup directory, when it has one (for cAdvisor).
        public var cgroupPath: String?
        public init(containerID: String, sandboxID: String, config: ContainerConfig, state: ContainerState,
                    createdAt: Int64, startedAt: Int64 = 0, finishedAt: Int64 = 0, exitCode: Int32 = 0,
                    reason: String = "", message: String = "", pid: Int32? = nil, cgroupPath: String? = nil) {
            self.containerID = containerID
            self.sandboxID = sandboxID
            self.config = config
            self.state = state
            self.createdAt = createdAt
            self.startedAt = startedAt
            self.finishedAt = finishedAt
            self.exitCode = exitCode
            self.reason = reason
            self.message = message
            self.pid = pid
            self.cgroupPath = cgroupPath
        }
    }

    /// `runtime.sandbox.list`'s request: only the sandboxes of one pod when `podUID` is given.
    public struct ListSandboxesRequest: Codable, Sendable, Equatable {
        public var podUID: String?
        public init(podUID: String? = nil) { self.podUID = podUID }
    }

    public struct ListContainersRequest: Codable, Sendable, Equatable {
        public var sandboxID: String?
        public var state: ContainerState?
        public init(sandboxID: String? = nil, state: ContainerState? = nil) {
            self.sandboxID = sandboxID
            self.state = state
        }
    }

    public struct ContainerList: Codable, Sendable, Equatable {
        public var containers: [ContainerStatus]
        public init(containers: [ContainerStatus]) { self.containers = containers }
    }

    public struct ExecRequest: Codable, Sendable, Equatable {
        public var containerID: String
        public var command: [String]
        public var timeoutSeconds: Int64
        public init(containerID: String, command: [String], timeoutSeconds: Int64) {
            self.containerID = containerID
            self.command = command
            self.timeoutSeconds = timeoutSeconds
        }
    }

    public struct ExecResponse: Codable, Sendable, Equatable {
        public var exitCode: Int32
        public var stdout: String
        public var stderr: String
        public var timedOut: Bool
        public init(exitCode: Int32, stdout: String, stderr: String, timedOut: Bool = false) {
            self.exitCode = exitCode
            self.stdout = stdout
            self.stderr = stderr
            self.timedOut = timedOut
        }
    }

    public struct LogsRequest: Codable, Sendable, Equatable {
        public var containerID: String
        public var tailLines: Int?
        public var limitBytes: Int?
        public init(containerID: String, tailLines: Int? = nil, limitBytes: Int? = nil) {
            self.containerID = containerID
            self.tailLines = tailLines
            self.limitBytes = limitBytes
        }
    }

    /// The container's log as CRI-format lines (`<RFC3339Nano> <stdout|stderr> <F|P> <text>`).
    public struct LogsResponse: Codable, Sendable, Equatable {
        public var lines: [String]
        public init(lines: [String]) { self.lines = lines }
    }

    // MARK: events

    public enum ContainerEventType: String, Codable, Sendable {
        case created = "CREATED", started = "STARTED", exited = "EXITED", removed = "REMOVED"
    }

    /// One lifecycle change, on topic `containers/<sandboxID>/<containerID>`; the kubelet follows
    /// these instead of polling.
    public struct ContainerEvent: Codable, Sendable, Equatable {
        public var type: ContainerEventType
        public var status: ContainerStatus
        public init(type: ContainerEventType, status: ContainerStatus) {
            self.type = type
            self.status = status
        }
        public var topic: String { "containers/\(status.sandboxID)/\(status.containerID)" }
    }
}

/// Where a node's services listen when nothing says otherwise (one node per machine); a second
/// node on the same machine passes its own endpoints.
public enum NodeDefaults {
    public static let runtimeRPC = "tcp://127.0.0.1:7301"
    public static let runtimeEvents = "tcp://127.0.0.1:7302"
    public static let kubeletRPC = "tcp://127.0.0.1:7311"
    public static let cadvisorRPC = "tcp://127.0.0.1:7321"
}
