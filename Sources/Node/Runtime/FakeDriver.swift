import RuntimeAPI

/// Runs nothing, for hollow nodes (hundreds on one machine): a started container is RUNNING at
/// once and exits with 0 when stopped; exec answers exit 0 with no output; logs are empty.
/// No processes, no threads, no files — the runtime keeps no records for it either.
final class FakeDriver: RuntimeDriver {
    let name = "fake"
    let exits: AsyncStream<String>
    private let sink: AsyncStream<String>.Continuation

    init() {
        (exits, sink) = AsyncStream.makeStream(of: String.self)
    }

    var isolation: RuntimeMessages.Isolation {
        .init(notes: ["fake driver: nothing runs; containers are RUNNING at once and exit 0 when stopped"])
    }

    let podNetworks = false

    func runSandbox(id: String, config: RuntimeMessages.SandboxConfig, address: String?) async throws -> SandboxParts {
        SandboxParts(holder: nil, cgroupPath: nil, warnings: ["fake runtime: no container runs for this pod"],
                     network: .init(mode: .host, reason: "fake runtime"))
    }

    func stopSandbox(_ record: SandboxRecord) async {}
    func removeSandbox(_ record: SandboxRecord) async {}
    func adopt(sandbox record: SandboxRecord) -> Bool { true }

    func createContainer(id: String, sandbox: SandboxRecord, config: RuntimeMessages.ContainerConfig) async throws -> Cgroups.Group? { nil }

    func startContainer(_ record: ContainerRecord, sandbox: SandboxRecord) async -> Result<(monitor: ProcessIdentity?, main: ProcessIdentity?), StartFailure> {
        .success((nil, nil))
    }

    func watch(_ record: ContainerRecord) {}
    func adopt(container record: ContainerRecord) -> Bool { true }

    func outcome(_ record: ContainerRecord) async -> (ExitOutcome, oomKilled: Bool) {
        (.exited(code: 0), false)
    }

    /// Either signal ends the container at once.
    func signal(_ record: ContainerRecord, _ signal: ContainerMachine.Signal) {
        sink.yield(record.status.containerID)
    }

    func exec(_ record: ContainerRecord, sandbox: SandboxRecord?, request: RuntimeMessages.ExecRequest) async throws -> RuntimeMessages.ExecResponse {
        .init(exitCode: 0, stdout: "", stderr: "")
    }

    func removeContainer(_ record: ContainerRecord) async {}
    func shutdown() { sink.finish() }
}
