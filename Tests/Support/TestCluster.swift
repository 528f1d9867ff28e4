import Foundation
import Synchronization

/// A real store and API server (and, when asked, a gateway) as child processes on ephemeral
/// loopback ports, with their own `SKIFF_HOME`. Stop it at the end of the test.
public final class TestCluster: Sendable {
    public let home: String
    private let currentStore: Mutex<ChildProcess>
    /// The store process (the newest, after a restart).
    public var store: ChildProcess { currentStore.withLock { $0 } }
    private let current: Mutex<ChildProcess>
    /// The API server process (the newest, after a restart).
    public var apiserver: ChildProcess { current.withLock { $0 } }
    public let storeRPC: String
    public let storeEvents: String
    public let apiRPC: String
    public let apiEvents: String

    private init(home: String, store: ChildProcess, apiserver: ChildProcess, storeRPC: String, storeEvents: String,
                 apiRPC: String, apiEvents: String) {
        self.home = home
        self.currentStore = Mutex(store)
        self.current = Mutex(apiserver)
        self.storeRPC = storeRPC
        self.storeEvents = storeEvents
        self.apiRPC = apiRPC
        self.apiEvents = apiEvents
    }

    /// Starts the store, then the API server, and returns once the API server has loaded the
    /// registry (its initial namespaces exist).
    public static func start(apiserverArguments: [String] = []) async throws -> TestCluster {
        let home = temporaryDirectory("cluster")
        let environment = ProcessInfo.processInfo.environment.merging(["SKIFF_HOME": home]) { $1 }
        let store = try ChildProcess(skiff: ["store", "--rpc", "tcp://127.0.0.1:*", "--events", "tcp://127.0.0.1:*"],
                                     environment: environment)
        let storeFields = readyFields(try await store.line(containing: "ready"))
        let (storeRPC, storeEvents) = (storeFields["rpc"] ?? "", storeFields["events"] ?? "")
        let apiserver = try ChildProcess(skiff: ["apiserver", "--rpc", "tcp://127.0.0.1:*", "--events", "tcp://127.0.0.1:*",
                                                 "--store", storeRPC, "--store-events", storeEvents] + apiserverArguments,
                                         environment: environment)
        let apiFields = readyFields(try await apiserver.line(containing: "ready"))
        let cluster = TestCluster(home: home, store: store, apiserver: apiserver, storeRPC: storeRPC, storeEvents: storeEvents,
                                  apiRPC: apiFields["rpc"] ?? "", apiEvents: apiFields["events"] ?? "")
        return cluster
    }

    /// Restarts the API server on the same endpoints (the store keeps running).
    public func restartAPIServer() async throws {
        apiserver.send(SIGTERM)
        _ = try await apiserver.exit()
        let environment = ProcessInfo.processInfo.environment.merging(["SKIFF_HOME": home]) { $1 }
        let next = try ChildProcess(skiff: ["apiserver", "--rpc", apiRPC, "--events", apiEvents, "--store", storeRPC,
                                            "--store-events", storeEvents], environment: environment)
        _ = try await next.line(containing: "ready")
        current.withLock { $0 = next }
    }

    /// Stops the store (SIGTERM), leaving the API server running without it.
    public func stopStore() async throws {
        store.send(SIGTERM)
        _ = try await store.exit()
    }

    /// Starts the store again on the same endpoints and data.
    public func startStore() async throws {
        let environment = ProcessInfo.processInfo.environment.merging(["SKIFF_HOME": home]) { $1 }
        let next = try ChildProcess(skiff: ["store", "--rpc", storeRPC, "--events", storeEvents], environment: environment)
        _ = try await next.line(containing: "ready")
        currentStore.withLock { $0 = next }
    }

    /// SIGTERM to every process; returns their exit statuses (API server first).
    @discardableResult
    public func stop(also others: [ChildProcess] = []) async throws -> [Int32] {
        var statuses: [Int32] = []
        for p in others + [apiserver, store] {
            p.send(SIGTERM)
            statuses.append(try await p.exit())
        }
        try? FileManager.default.removeItem(atPath: home)
        return statuses
    }
}
