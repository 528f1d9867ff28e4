import RuntimeAPI

/// What runs containers for the runtime: `ProcessDriver` (host processes, isolated where root
/// allows) or `FakeDriver` (nothing runs). The runtime's bookkeeping — states, events,
/// records, stop deadlines — is the same for both; a driver only does the work.
protocol RuntimeDriver: Sendable {
    var name: String { get }
    var isolation: RuntimeMessages.Isolation { get }
    /// Ids of containers whose process ended (and `holder:<sandboxID>` for sandbox holders).
    var exits: AsyncStream<String> { get }

    /// Whether sandboxes can get their own network (root, network namespaces, iproute2).
    var podNetworks: Bool { get }
    /// Sets up a pod sandbox: holder, namespaces, cgroup, and its own network with `address`
    /// when one is given (falling back to the node's network, said in the warnings).
    func runSandbox(id: String, config: RuntimeMessages.SandboxConfig, address: String?) async throws -> SandboxParts
    /// Ends the sandbox's holder (its namespaces go with it).
    func stopSandbox(_ record: SandboxRecord) async
    func removeSandbox(_ record: SandboxRecord) async
    /// Whether a recorded sandbox's holder still lives (after a restart); watches it if so.
    func adopt(sandbox record: SandboxRecord) -> Bool

    /// Checks and prepares a container (directories, cgroup); throws `BusError` for bad configs.
    func createContainer(id: String, sandbox: SandboxRecord, config: RuntimeMessages.ContainerConfig) async throws -> Cgroups.Group?
    /// Starts it; the error is a message for a StartError.
    func startContainer(_ record: ContainerRecord, sandbox: SandboxRecord) async -> Result<(monitor: ProcessIdentity?, main: ProcessIdentity?), StartFailure>
    /// Starts watching a started container: its end comes out on `exits`.
    func watch(_ record: ContainerRecord)
    /// Whether a recorded running container still runs (after a restart); watches it if so.
    func adopt(container record: ContainerRecord) -> Bool
    /// How the container's process ended (once its id came out of `exits`).
    func outcome(_ record: ContainerRecord) async -> (ExitOutcome, oomKilled: Bool)
    func signal(_ record: ContainerRecord, _ signal: ContainerMachine.Signal)
    func exec(_ record: ContainerRecord, sandbox: SandboxRecord?, request: RuntimeMessages.ExecRequest) async throws -> RuntimeMessages.ExecResponse
    func removeContainer(_ record: ContainerRecord) async
    func shutdown()
}

/// A driver's part of a new sandbox's record.
struct SandboxParts: Sendable {
    var holder: ProcessIdentity?
    var cgroupPath: String?
    var warnings: [String]
    /// The pod's own address; nil: the node's.
    var ip: String? = nil
    var network = RuntimeMessages.SandboxNetwork(mode: .host)
}

struct StartFailure: Error, Sendable {
    var message: String
}
