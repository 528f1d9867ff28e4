import RuntimeAPI

/// A sandbox as the runtime keeps it (and records it under `--root`).
struct SandboxRecord: Codable, Sendable {
    var status: RuntimeMessages.SandboxStatus
    /// The holder of the pod's namespaces (root only).
    var holder: ProcessIdentity?
    /// The pod's cgroup, relative (`<sandboxID>`), when cgroups are in use.
    var cgroupPath: String?
    var warnings: [String]
}

/// A container as the runtime keeps it (and records it under `--root`).
struct ContainerRecord: Codable, Sendable {
    var status: RuntimeMessages.ContainerStatus
    /// The process driver's monitor of the container (it writes the log and the exit file).
    var monitor: ProcessIdentity?
    /// The container's main process.
    var main: ProcessIdentity?
    var cgroup: Cgroups.Group?
}
