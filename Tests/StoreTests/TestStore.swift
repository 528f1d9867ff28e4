import SkiffTestSupport
import Bus
import EventLog
import Foundation
import Logging
import Store

/// An in-process store on loopback with wildcard ports, and a client for it.
struct TestStore {
    let service: StoreService
    let client: StoreClient
    let task: Task<Void, Error>
    let directory: String

    static func start(directory: String = temporaryDirectory(), snapshotEvery: Int = 50_000) async throws -> TestStore {
        var configuration = StoreService.Configuration()
        configuration.rpcEndpoints = ["tcp://127.0.0.1:*"]
        configuration.eventsEndpoints = ["tcp://127.0.0.1:*"]
        configuration.snapshotEvery = snapshotEvery
        configuration.heartbeatInterval = .milliseconds(200)
        var logger = Logger(label: "test.store")
        logger.logLevel = .warning
        let service = try await StoreService.open(directory: directory, configuration: configuration, logger: logger)
        let task = Task { try await service.run() }
        let client = try await StoreClient(endpoints: [service.rpcEndpoint])
        return TestStore(service: service, client: client, task: task, directory: directory)
    }

    /// Stops the service and waits until it has closed the log.
    func stop() async {
        await client.close()
        task.cancel()
        _ = try? await task.value
    }

    /// Runs `body` against a fresh store, stopping it after.
    static func with(_ body: (TestStore) async throws -> Void) async throws {
        let store = try await start()
        do { try await body(store) } catch {
            await store.stop()
            throw error
        }
        await store.stop()
    }
}

/// The reason of the `BusError` that `body` throws, nil if it does not throw.
func reason(_ body: () async throws -> Void) async -> BusError.Reason? {
    do { try await body() } catch let error as BusError { return error.reason } catch { return BusError.Reason(rawValue: "not a BusError: \(error)") }
    return nil
}

/// The `BusError` that `body` throws, nil if it does not throw one.
func busError(_ body: () async throws -> Void) async -> BusError? {
    do { try await body() } catch let error as BusError { return error } catch { return nil }
    return nil
}
