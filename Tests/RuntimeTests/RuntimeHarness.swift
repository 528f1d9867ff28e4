import Bus
import Foundation
import RuntimeAPI
import SkiffTestSupport
import Synchronization
import Testing

/// A real `skiff runtime` process on ephemeral ports, a client for its RPC and a follower of its
/// event stream.
final class RuntimeHarness: Sendable {
    typealias M = RuntimeMessages
    let process: ChildProcess
    let client: RPC.Client
    let events: EventCollector
    let root: String
    let rpc: String
    let eventsEndpoint: String

    /// Whether this machine can run the process driver's isolation tests.
    static var isRoot: Bool { geteuid() == 0 }

    static func start(driver: String = "process", root: String? = nil, rpc: String = "tcp://127.0.0.1:*",
                      events: String = "tcp://127.0.0.1:*", extraArguments: [String] = []) async throws -> RuntimeHarness {
        let root = root ?? temporaryDirectory("runtime")
        let process = try ChildProcess(skiff: ["runtime", "--rpc", rpc, "--events", events, "--driver", driver, "--root", root] + extraArguments)
        let line = try await process.line(containing: "skiff runtime ready")
        let fields = readyFields(line)
        let rpcEndpoint = try #require(fields["rpc"]), eventsEndpoint = try #require(fields["events"])
        let client = try await RPC.Client(connect: [rpcEndpoint])
        let collector = try await EventCollector(endpoint: eventsEndpoint)
        return RuntimeHarness(process: process, client: client, events: collector, root: root, rpc: rpcEndpoint, eventsEndpoint: eventsEndpoint)
    }

    private init(process: ChildProcess, client: RPC.Client, events: EventCollector, root: String, rpc: String, eventsEndpoint: String) {
        self.process = process
        self.client = client
        self.events = events
        self.root = root
        self.rpc = rpc
        self.eventsEndpoint = eventsEndpoint
    }

    func call<Reply: Decodable>(_ method: String, _ body: some Encodable, as: Reply.Type = Reply.self,
                                timeout: Duration = .seconds(20)) async throws -> Reply {
        let bytes = try await client.call(method, Array(JSONEncoder().encode(body)), timeout: timeout)
        return try JSONDecoder().decode(Reply.self, from: Data(bytes))
    }

    /// Starts a runtime, runs `body` with it, then — whether `body` threw or not — removes every
    /// sandbox it has (their processes, namespaces and cgroups go with them) and stops it.
    static func with(driver: String = "process", root: String? = nil,
                     _ body: (RuntimeHarness) async throws -> Void) async throws {
        let r = try await start(driver: driver, root: root)
        do {
            try await body(r)
        } catch {
            await r.cleanUp()
            try? await r.stop()
            throw error
        }
        await r.cleanUp()
        try await r.stop()
    }

    /// Removes every sandbox (best effort); SIGKILLs the runtime if it does not answer.
    func cleanUp() async {
        guard let list: M.SandboxList = try? await call(M.Method.listSandboxes, [String: String]()) else {
            process.send(SIGKILL)
            return
        }
        for sandbox in list.sandboxes {
            let _: [String: String]? = try? await call(M.Method.removeSandbox, M.SandboxRef(sandboxID: sandbox.sandboxID))
        }
    }

    /// Kills the runtime (SIGKILL) — it drains nothing, its containers go on — and closes the
    /// harness's connections.
    func kill() async throws {
        process.send(SIGKILL)
        _ = try await process.exit()
        await events.close()
        await client.close()
    }

    /// Stops the runtime (SIGTERM) and expects a clean exit.
    func stop() async throws {
        await events.close()
        await client.close()
        process.send(SIGTERM)
        #expect(try await process.exit() == 0, "skiff runtime exits 0 on SIGTERM; stderr:\n\(process.stderr)")
    }

    // MARK: shorthands

    func runSandbox(_ name: String, hostname: String? = nil, memoryBytes: Int64? = nil) async throws -> M.RunSandboxResponse {
        let config = M.SandboxConfig(podUID: "uid-\(name)", podName: name, podNamespace: "default", hostname: hostname ?? name,
                                     logDirectory: root + "/logs/\(name)", memoryBytes: memoryBytes)
        return try await call(M.Method.runSandbox, M.RunSandboxRequest(config: config))
    }

    func container(_ name: String, _ command: [String], args: [String] = [], env: [M.KeyValue] = [], workingDir: String? = nil,
                   memoryBytes: Int64? = nil, in sandbox: String) -> M.CreateContainerRequest {
        M.CreateContainerRequest(sandboxID: sandbox, config: .init(
            name: name, image: "busybox:1.36", command: command, args: args, workingDir: workingDir, env: env,
            logPath: root + "/logs/\(sandbox)/\(name)/0.log", memoryBytes: memoryBytes))
    }

    /// Creates and starts a container; returns its status after start.
    func runContainer(_ request: M.CreateContainerRequest) async throws -> M.ContainerStatus {
        let ref: M.ContainerRef = try await call(M.Method.createContainer, request)
        return try await call(M.Method.startContainer, ref)
    }

    func status(_ id: String) async throws -> M.ContainerStatus {
        try await call(M.Method.containerStatus, M.ContainerRef(containerID: id))
    }
}

/// Collects the runtime's container events as they come.
final class EventCollector: Sendable {
    final class Seen: Sendable {
        let events = Mutex<[RuntimeMessages.ContainerEvent]>([])
        let topics = Mutex<[String]>([])
    }
    let subscriber: EventStream.Subscriber
    let seen = Seen()
    /// The topics of the events seen so far.
    var topics: [String] { seen.topics.withLock { $0 } }
    let reader: Task<Void, Never>

    init(endpoint: String) async throws {
        let subscriber = try await EventStream.Subscriber(connect: [endpoint], streams: [RuntimeMessages.stream])
        self.subscriber = subscriber
        let seen = self.seen
        let (live, liveSink) = AsyncStream.makeStream(of: Void.self)
        reader = Task {
            for await delivery in subscriber.deliveries {
                switch delivery {
                case .live: liveSink.yield()
                case .event(let event):
                    if let decoded = try? JSONDecoder().decode(RuntimeMessages.ContainerEvent.self, from: Data(event.body)) {
                        seen.events.withLock { $0.append(decoded) }
                        seen.topics.withLock { $0.append(event.topic) }
                    }
                case .resync: break
                }
            }
        }
        _ = try await ChildProcess.within(.seconds(20), "the runtime's event stream did not go live") {
            for await _ in live { return true }
            return nil
        }
    }

    /// Waits for the event of `type` for container `id`.
    func wait(_ type: RuntimeMessages.ContainerEventType, _ id: String, timeout: Duration = .seconds(30)) async throws -> RuntimeMessages.ContainerEvent {
        let seen = self.seen
        try await eventually(timeout, "\(type.rawValue) event of container \(id)") {
            seen.events.withLock { $0.contains { $0.type == type && $0.status.containerID == id } }
        }
        return seen.events.withLock { $0.first { $0.type == type && $0.status.containerID == id }! }
    }

    func types(of id: String) -> [RuntimeMessages.ContainerEventType] {
        seen.events.withLock { $0.filter { $0.status.containerID == id }.map(\.type) }
    }

    func close() async {
        await subscriber.close()
        reader.cancel()
    }
}
