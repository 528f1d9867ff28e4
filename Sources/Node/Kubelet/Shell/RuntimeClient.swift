import Bus
import Foundation
import Logging
import RuntimeAPI

/// The runtime's RPC (SKIFF-CRI/1) as typed calls. Thread-safe. Reads are idempotent and
/// retried over a reconnection; changes are not.
public final class RuntimeClient: Sendable {
    public typealias M = RuntimeMessages
    let rpc: RPC.Client

    public init(endpoints: [String], logger: Logger) async throws {
        rpc = try await RPC.Client(connect: endpoints, logger: logger)
    }

    public func close() async { await rpc.close() }

    func call<Request: Encodable, Response: Decodable>(_ method: String, _ request: Request, as: Response.Type,
                                                       timeout: Duration = .seconds(10), idempotent: Bool = false) async throws -> Response {
        let bytes = try await rpc.call(method, Array(try JSONEncoder().encode(request)), timeout: timeout, idempotent: idempotent)
        return try JSONDecoder().decode(Response.self, from: Data(bytes))
    }

    func send<Request: Encodable>(_ method: String, _ request: Request, timeout: Duration = .seconds(10)) async throws {
        _ = try await rpc.call(method, Array(try JSONEncoder().encode(request)), timeout: timeout)
    }

    struct Empty: Codable {}

    public func version(timeout: Duration = .seconds(5)) async throws -> M.VersionResponse {
        try await call(M.Method.version, Empty(), as: M.VersionResponse.self, timeout: timeout, idempotent: true)
    }
    public func runSandbox(_ config: M.SandboxConfig) async throws -> M.RunSandboxResponse {
        try await call(M.Method.runSandbox, M.RunSandboxRequest(config: config), as: M.RunSandboxResponse.self, timeout: .seconds(30))
    }
    public func stopSandbox(_ id: String) async throws { try await send(M.Method.stopSandbox, M.SandboxRef(sandboxID: id), timeout: .seconds(60)) }
    public func removeSandbox(_ id: String) async throws { try await send(M.Method.removeSandbox, M.SandboxRef(sandboxID: id), timeout: .seconds(60)) }
    public func sandboxStatus(_ id: String) async throws -> M.SandboxStatus {
        try await call(M.Method.sandboxStatus, M.SandboxRef(sandboxID: id), as: M.SandboxStatus.self, idempotent: true)
    }
    /// Every sandbox, or only those of the pod `podUID`.
    public func listSandboxes(podUID: String? = nil) async throws -> [M.SandboxStatus] {
        try await call(M.Method.listSandboxes, M.ListSandboxesRequest(podUID: podUID), as: M.SandboxList.self, idempotent: true).sandboxes
    }
    public func createContainer(_ sandboxID: String, _ config: M.ContainerConfig) async throws -> String {
        try await call(M.Method.createContainer, M.CreateContainerRequest(sandboxID: sandboxID, config: config),
                       as: M.ContainerRef.self, timeout: .seconds(30)).containerID
    }
    /// Starts the container; its status once started (RUNNING, or EXITED if it ended at once).
    @discardableResult
    public func startContainer(_ id: String) async throws -> M.ContainerStatus {
        try await call(M.Method.startContainer, M.ContainerRef(containerID: id), as: M.ContainerStatus.self, timeout: .seconds(30))
    }
    /// Stops within `timeoutSeconds` (SIGTERM, then SIGKILL); waits that long and a margin.
    public func stopContainer(_ id: String, timeoutSeconds: Int64) async throws {
        try await send(M.Method.stopContainer, M.StopContainerRequest(containerID: id, timeoutSeconds: timeoutSeconds),
                       timeout: .seconds(max(0, timeoutSeconds) + 15))
    }
    public func removeContainer(_ id: String) async throws {
        try await send(M.Method.removeContainer, M.ContainerRef(containerID: id), timeout: .seconds(30))
    }
    public func containerStatus(_ id: String) async throws -> M.ContainerStatus {
        try await call(M.Method.containerStatus, M.ContainerRef(containerID: id), as: M.ContainerStatus.self, idempotent: true)
    }
    public func listContainers(sandboxID: String? = nil) async throws -> [M.ContainerStatus] {
        try await call(M.Method.listContainers, M.ListContainersRequest(sandboxID: sandboxID), as: M.ContainerList.self,
                       idempotent: true).containers
    }
    public func exec(_ id: String, _ command: [String], timeoutSeconds: Int64) async throws -> M.ExecResponse {
        try await call(M.Method.exec, M.ExecRequest(containerID: id, command: command, timeoutSeconds: timeoutSeconds),
                       as: M.ExecResponse.self, timeout: .seconds(timeoutSeconds + 5))
    }
}
