import Addresses
import Bus
import CRuntimeShim
import Foundation
import Logging
import RuntimeAPI

/// Runs each container as host processes of its `command + args` (like Nomad's `raw_exec`),
/// each under a small monitor process that writes its stdout and stderr to the CRI log and its
/// exit status to a file — so containers outlive a restart of the runtime. As root, each pod
/// sandbox gets new PID, mount, UTS and IPC namespaces (a holder process is their PID 1) and
/// each container a cgroup with its CPU and memory limits; what the machine does not allow is
/// reported in `isolation` and in each sandbox's warnings.
final class ProcessDriver: RuntimeDriver {
    let name = "process"
    let isolation: RuntimeMessages.Isolation
    let exits: AsyncStream<String>
    private let watcher = ExitWatcher()
    private let store: StateStore
    private let cgroups: Cgroups?
    /// CLONE_NEW* flags each sandbox gets (0 without root).
    private let namespaceFlags: Int32
    /// Why sandboxes cannot have their own network here; nil: they can.
    private let networkUnsupported: String?
    private let networking = PodNetworking()
    var podNetworks: Bool { networkUnsupported == nil }
    private let logger: Logger

    static let defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    static let mountsNote = "volumes are not mounted: without a mount namespace the process driver only makes sure hostPath and emptyDir directories exist; containers see the host's filesystem"

    init(store: StateStore, logger: Logger, cgroupBase: String = "/sys/fs/cgroup") {
        self.store = store
        self.logger = logger
        self.exits = watcher.exits
        var notes: [String] = []
        var isolation = RuntimeMessages.Isolation()
        if geteuid() == 0 {
            let wanted = SKIFF_CLONE_NEWPID | SKIFF_CLONE_NEWNS | SKIFF_CLONE_NEWUTS | SKIFF_CLONE_NEWIPC
            var flags = skiff_probe_namespaces(wanted)
            if flags == 0 {
                for one in [SKIFF_CLONE_NEWPID, SKIFF_CLONE_NEWNS, SKIFF_CLONE_NEWUTS, SKIFF_CLONE_NEWIPC] { flags |= skiff_probe_namespaces(one) }
                notes.append("some namespaces cannot be created here (clone: \(String(cString: strerror(errno))))")
            }
            // A PID namespace needs its own /proc, hence a mount namespace.
            if flags & SKIFF_CLONE_NEWNS == 0 { flags &= ~SKIFF_CLONE_NEWPID }
            namespaceFlags = flags
            isolation.pidNamespace = flags & SKIFF_CLONE_NEWPID != 0
            isolation.mountNamespace = flags & SKIFF_CLONE_NEWNS != 0
            isolation.utsNamespace = flags & SKIFF_CLONE_NEWUTS != 0
            isolation.ipcNamespace = flags & SKIFF_CLONE_NEWIPC != 0
            let (found, cgroupNotes) = Cgroups.detect(base: cgroupBase)
            cgroups = found
            notes += cgroupNotes
            isolation.cgroupCPU = found?.enforcesCPU ?? false
            isolation.cgroupMemory = found?.enforcesMemory ?? false
            if flags == 0 {
                networkUnsupported = "no namespaces here"
            } else if skiff_probe_namespaces(SKIFF_CLONE_NEWNET) == 0 {
                networkUnsupported = "network namespaces cannot be created here"
            } else if PodNetworking.ip == nil {
                networkUnsupported = "iproute2 (ip) is not installed"
            } else {
                networkUnsupported = nil
            }
            isolation.podNetwork = networkUnsupported == nil
            if let reason = networkUnsupported { notes.append("pods use the node's network: \(reason)") }
            if flags & SKIFF_CLONE_NEWNS == 0 { notes.append(Self.mountsNote) }
        } else {
            networkUnsupported = "not root"
            isolation.podNetwork = false
            notes.append(Self.mountsNote)
            notes.append("pods use the node's network: not root")
            namespaceFlags = 0
            cgroups = nil
            notes.append("not root: containers are plain host processes (no namespaces, no cgroup limits)")
        }
        isolation.notes = notes
        self.isolation = isolation
    }

    // MARK: sandboxes

    func runSandbox(id: String, config: RuntimeMessages.SandboxConfig, address: String?) async throws -> SandboxParts {
        var warnings: [String] = []
        let flags = namespaceFlags
        var parts = SandboxParts(holder: nil, cgroupPath: nil, warnings: [])
        if flags != 0 {
            let plan = sandboxPlan(id: id, config: config, address: address)
            let networking = self.networking
            do {
                let started = try await Blocking.run { try Self.startSandbox(plan, networking: networking) }
                parts.holder = ProcessIdentity.of(started.pid)
                watcher.watch("holder:" + id, pid: started.pid, isChild: true)
                parts.network = started.network
                if started.network.mode == .pod { parts.ip = address }
            } catch {
                warnings.append("no namespaces for this pod: \(error)")
                parts.network = .init(mode: .host, reason: "no namespaces for this pod")
            }
        } else {
            parts.network = .init(mode: .host, reason: config.hostNetwork == true ? "hostNetwork" : networkUnsupported ?? "not root")
        }
        if parts.network.mode == .host && config.hostNetwork != true {
            warnings.append("\(RuntimeMessages.podNetworkWarningPrefix) the pod uses the node's network and IP, and its /etc/resolv.conf (\(parts.network.reason ?? "no pod network"))")
        }
        let holder = parts.holder
        if holder == nil || !isolation.pidNamespace { warnings.append("no PID namespace: the pod's processes see the host's") }
        if holder == nil || !isolation.utsNamespace { warnings.append("no UTS namespace: the hostname is the node's, not \(config.hostname)") }
        if holder == nil || !isolation.ipcNamespace { warnings.append("no IPC namespace") }
        if let cgroups {
            do {
                let limits = (config.cpuMillis, config.memoryBytes)
                parts.cgroupPath = try await Blocking.run { _ = try cgroups.create(id, cpuMillis: limits.0, memoryBytes: limits.1); return id }
            } catch {
                warnings.append("no cgroup for this pod: \(error)")
            }
        }
        if parts.cgroupPath == nil {
            warnings.append("CPU and memory limits are not enforced")
        } else {
            if !isolation.cgroupCPU { warnings.append("CPU limits are not enforced") }
            if !isolation.cgroupMemory { warnings.append("memory limits are not enforced") }
        }
        if holder == nil || !isolation.mountNamespace { warnings.append(Self.mountsNote) }
        try? FileManager.default.createDirectory(atPath: config.logDirectory, withIntermediateDirectories: true)
        parts.warnings = warnings
        return parts
    }

    /// What a sandbox's holder is started with.
    struct SandboxPlan: Sendable {
        var flags: Int32
        var hostname: String
        var directory: String
        var resolvConf: String?
        /// `spec.hostNetwork`: its resolv.conf is bound too (the kubelet sends one only for
        /// ClusterFirstWithHostNet, None or a dnsConfig). A pod that falls back to the node's
        /// network keeps the node's resolv.conf: the cluster DNS may be reachable only from pod
        /// networks, and a lookup must not leave the machine by the node's default route.
        var hostNetwork = false
        /// The pod's own network: its address, range, routes, veth host end; nil: the node's.
        var network: (address: UInt32, range: IPv4Range, routes: [IPv4Range], hostInterface: String, hosts: String)?
        /// Why the pod has no network of its own (when `network` is nil and one was asked for).
        var hostReason: String?
    }

    func sandboxPlan(id: String, config: RuntimeMessages.SandboxConfig, address: String?) -> SandboxPlan {
        var plan = SandboxPlan(flags: namespaceFlags, hostname: config.hostname, directory: store.sandboxDirectory(id))
        if namespaceFlags & SKIFF_CLONE_NEWNS != 0 { plan.resolvConf = config.dns?.resolvConf }
        plan.hostNetwork = config.hostNetwork == true
        if config.hostNetwork == true {
            plan.hostReason = "hostNetwork"
        } else if let reason = networkUnsupported {
            plan.hostReason = reason
        } else if config.network == nil {
            plan.hostReason = "the kubelet gave no podCIDR for this node"
        } else if let network = config.network, let range = IPv4Range(network.podCIDR), let text = address,
                  let value = IPv4.parse(text), range.contains(value) {
            let routes = network.routes.compactMap(IPv4Range.init)
            let hosts = Self.hostsFile(ip: text, hostname: config.hostname)
            plan.network = (value, range, routes, PodNetworking.hostInterface(sandboxID: id), hosts)
        } else {
            plan.hostReason = "no free address in the podCIDR \(config.network?.podCIDR ?? "")"
        }
        return plan
    }

    /// Kubernetes' managed /etc/hosts for a pod with its own network.
    static func hostsFile(ip: String, hostname: String) -> String {
        """
        # Kubernetes-managed hosts file.
        127.0.0.1\tlocalhost
        ::1\tlocalhost ip6-localhost ip6-loopback
        fe00::0\tip6-localnet
        fe00::0\tip6-mcastprefix
        fe00::1\tip6-allnodes
        fe00::2\tip6-allrouters
        \(ip)\t\(hostname)

        """
    }

    /// Starts the holder (blocking): with its own network namespace, bridge, veth and eth0 when
    /// the plan has a network; on any failure there, again in the node's network.
    static func startSandbox(_ plan: SandboxPlan, networking: PodNetworking) throws -> (pid: Int32, network: RuntimeMessages.SandboxNetwork) {
        var resolv: String? = nil, hosts: String? = nil
        if plan.resolvConf != nil || plan.network != nil {
            // Plain syscalls: the parent (`<root>/sandboxes`) exists; Foundation's file calls cost more.
            guard mkdir(plan.directory, 0o755) == 0 || errno == EEXIST else {
                throw Spawner.Failure(description: "mkdir \(plan.directory): \(String(cString: strerror(errno)))")
            }
        }
        if let text = plan.resolvConf {
            resolv = plan.directory + "/resolv.conf"
            try SmallFile.write(text, to: resolv!, create: true)
        }
        var reason = plan.hostReason
        if let net = plan.network {
            hosts = plan.directory + "/hosts"
            try SmallFile.write(net.hosts, to: hosts!, create: true)
            do {
                let holder = try Spawner.startHolder(flags: plan.flags | SKIFF_CLONE_NEWNET, hostname: plan.hostname,
                                                     resolvConf: resolv, hosts: hosts)
                defer { holder.finish() }
                do {
                    let bridge = try networking.ensureBridge(net.range)
                    networking.fence(net.routes)
                    try networking.createVeth(hostInterface: net.hostInterface, bridge: bridge, namespacePID: holder.pid)
                    try holder.configure(PodNetworking.netConfig(address: net.address, range: net.range, routes: net.routes))
                    return (holder.pid, .init(mode: .pod, bridge: bridge, hostInterface: net.hostInterface,
                                              gateway: IPv4.format(net.range.gateway), prefixLength: net.range.prefixLength))
                } catch {
                    holder.discard()
                    networking.deleteVeth(net.hostInterface)
                    throw error
                }
            } catch {
                reason = "cannot set up the pod's network: \(error)"
            }
        }
        let holder = try Spawner.startHolder(flags: plan.flags, hostname: plan.hostname,
                                             resolvConf: plan.hostNetwork ? resolv : nil, hosts: nil)
        return (holder.pid, .init(mode: .host, reason: reason))
    }

    func stopSandbox(_ record: SandboxRecord) async {
        if let holder = record.holder, holder.isAlive { kill(holder.pid, SIGKILL) }
    }

    func removeSandbox(_ record: SandboxRecord) async {
        if let veth = record.status.network?.hostInterface {
            let networking = self.networking
            _ = try? await Blocking.run { networking.deleteVeth(veth) }
        }
        guard let cgroups, let path = record.cgroupPath else { return }
        _ = try? await Blocking.run { cgroups.removePod(path) }
    }

    func adopt(sandbox record: SandboxRecord) -> Bool {
        guard let holder = record.holder else { return true }
        guard holder.isAlive else { return false }
        watcher.watch("holder:" + record.status.sandboxID, pid: holder.pid, isChild: false)
        return true
    }

    // MARK: containers

    func createContainer(id: String, sandbox: SandboxRecord, config: RuntimeMessages.ContainerConfig) async throws -> Cgroups.Group? {
        let pod = "\(sandbox.status.config.podNamespace)/\(sandbox.status.config.podName)"
        guard !config.command.isEmpty else {
            throw BusError.invalid("container \(config.name) in pod \(pod) has no command; the process runtime runs the container's command, not the image's entrypoint")
        }
        for mount in config.mounts where !mount.containerPath.hasPrefix("/") || mount.containerPath.split(separator: "/").contains("..") {
            throw BusError.invalid("container \(config.name) in pod \(pod): mount path \"\(mount.containerPath)\" must be absolute, without \"..\"")
        }
        let fm = FileManager.default
        for mount in config.mounts where !mount.hostPath.isEmpty {
            try? fm.createDirectory(atPath: mount.hostPath, withIntermediateDirectories: true)
        }
        try? fm.createDirectory(atPath: (config.logPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if !config.mounts.isEmpty {  // the scratch root of a container whose mount points may be missing
            try? fm.createDirectory(atPath: store.containerDirectory(id) + "/root", withIntermediateDirectories: true)
        }
        guard let cgroups, let podPath = sandbox.cgroupPath else { return nil }
        let limits = (config.cpuMillis, config.memoryBytes)
        do {
            return try await Blocking.run { try cgroups.create(podPath + "/" + id, cpuMillis: limits.0, memoryBytes: limits.1) }
        } catch {
            logger.warning("no cgroup for the container", metadata: ["container.id": "\(id)", "error": "\(error)"])
            return nil
        }
    }

    func startContainer(_ record: ContainerRecord, sandbox: SandboxRecord) async -> Result<(monitor: ProcessIdentity?, main: ProcessIdentity?), StartFailure> {
        let config = record.status.config
        let command: Spawner.Command
        switch Self.command(config.command + config.args, env: config.env, workingDir: config.workingDir,
                            holder: sandbox.holder, cgroup: record.cgroup) {
        case .success(var c):
            if c.namespacesOf != nil && isolation.mountNamespace && !config.mounts.isEmpty {
                c.mounts = Self.mountPlan(config.mounts)
                c.scratchDirectory = store.containerDirectory(record.status.containerID) + "/root"
            }
            command = c
        case .failure(let f): return .failure(f)
        }
        let logPath = config.logPath
        let directory = store.containerDirectory(record.status.containerID)
        do {
            let started = try await Blocking.run {
                try Spawner.start(command, logPath: logPath, exitDirectory: directory)
            }
            return .success((ProcessIdentity.of(started.monitor), ProcessIdentity.of(started.pid)
                                ?? ProcessIdentity(pid: started.pid, startTime: 0)))
        } catch {
            return .failure(StartFailure(message: "\(error)"))
        }
    }

    func watch(_ record: ContainerRecord) {
        guard let monitor = record.monitor else { return }
        watcher.watch(record.status.containerID, pid: monitor.pid, isChild: true)
    }

    func adopt(container record: ContainerRecord) -> Bool {
        guard let monitor = record.monitor, monitor.isAlive else { return false }
        watcher.watch(record.status.containerID, pid: monitor.pid, isChild: false)
        return true
    }

    func outcome(_ record: ContainerRecord) async -> (ExitOutcome, oomKilled: Bool) {
        let id = record.status.containerID
        let store = self.store, cgroups = self.cgroups, group = record.cgroup
        return (try? await Blocking.run { () -> (ExitOutcome, oomKilled: Bool) in
            let oom = group.map { cgroups?.oomKills($0) ?? 0 > 0 } ?? false
            guard let status = store.exitStatus(container: id) else {
                return (.lost(message: "the container's monitor ended without recording its exit status"), oom)
            }
            return (ExitOutcome(waitStatus: status), oom)
        }) ?? (.lost(message: "exit status unreadable"), false)
    }

    func signal(_ record: ContainerRecord, _ signal: ContainerMachine.Signal) {
        if let main = record.main, main.startTime == 0 || main.isAlive {
            kill(-main.pid, signal == .kill ? SIGKILL : SIGTERM)
        }
        if signal == .kill, let group = record.cgroup, case .v2? = cgroups?.layout {
            try? SmallFile.write("1", to: group.primary + "/cgroup.kill")
        }
    }

    func exec(_ record: ContainerRecord, sandbox: SandboxRecord?, request: RuntimeMessages.ExecRequest) async throws -> RuntimeMessages.ExecResponse {
        let config = record.status.config
        let command: Spawner.Command
        switch Self.command(request.command, env: config.env, workingDir: config.workingDir,
                            holder: sandbox?.holder, cgroup: record.cgroup) {
        case .success(var c):
            // Into the container's own mount namespace (its volumes), while it runs.
            if c.namespacesOf != nil, let main = record.main, main.startTime != 0, main.isAlive { c.mountNamespaceOf = main.pid }
            command = c
        case .failure(let f): return .init(exitCode: 127, stdout: "", stderr: f.message + "\n")
        }
        let timeout: Duration = request.timeoutSeconds > 0 ? .seconds(request.timeoutSeconds) : .seconds(3600)
        do {
            let result = try await Blocking.run { try Spawner.run(command, timeout: timeout) }
            return .init(exitCode: result.status, stdout: String(decoding: result.stdout, as: UTF8.self),
                         stderr: String(decoding: result.stderr, as: UTF8.self), timedOut: result.timedOut)
        } catch {
            return .init(exitCode: 126, stdout: "", stderr: "\(error)\n")
        }
    }

    func removeContainer(_ record: ContainerRecord) async {
        guard let cgroups, let group = record.cgroup else { return }
        _ = try? await Blocking.run { cgroups.remove(group) }
    }

    func shutdown() { watcher.stop() }

    // MARK: helpers

    /// The bind mounts of a container, parents before what is mounted inside them.
    static func mountPlan(_ mounts: [RuntimeMessages.Mount]) -> [Spawner.Mount] {
        func clean(_ path: String) -> String {
            let parts = path.split(separator: "/").filter { $0 != "." }
            return "/" + parts.joined(separator: "/")
        }
        return mounts.filter { !$0.hostPath.isEmpty && !$0.containerPath.isEmpty }
            .map { Spawner.Mount(source: $0.hostPath, target: clean($0.containerPath), readOnly: $0.readOnly) }
            .enumerated()
            .sorted { ($0.element.target.split(separator: "/").count, $0.offset) < ($1.element.target.split(separator: "/").count, $1.offset) }
            .map(\.element)
    }

    /// The command line to run with its environment: only the config's env, plus PATH if absent;
    /// the executable found on that PATH (as `execvp` would, but before forking).
    static func command(_ argv: [String], env: [RuntimeMessages.KeyValue], workingDir: String?,
                        holder: ProcessIdentity?, cgroup: Cgroups.Group?) -> Result<Spawner.Command, StartFailure> {
        guard let first = argv.first, !first.isEmpty else { return .failure(StartFailure(message: "no command")) }
        var environment = env.map { "\($0.name)=\($0.value)" }
        let path = env.last(where: { $0.name == "PATH" })?.value ?? {
            environment.append("PATH=\(defaultPath)")
            return defaultPath
        }()
        let executable: String
        if first.contains("/") {
            executable = first.hasPrefix("/") ? first : ((workingDir ?? "/") as NSString).appendingPathComponent(first)
        } else {
            guard let found = path.split(separator: ":").map({ "\($0)/\(first)" })
                .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
                return .failure(StartFailure(message: "exec: \"\(first)\": executable file not found in $PATH"))
            }
            executable = found
        }
        let namespaces = holder.flatMap { $0.isAlive ? $0.pid : nil }
        if holder != nil && namespaces == nil {
            return .failure(StartFailure(message: "the pod sandbox's namespaces are gone (its holder process ended)"))
        }
        return .success(Spawner.Command(path: executable, arguments: argv, environment: environment, workingDir: workingDir,
                                        namespacesOf: namespaces, cgroupProcs: cgroup?.procsFiles ?? []))
    }
}
