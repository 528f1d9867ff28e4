import SkiffTestSupport
import Foundation
import Store

/// A `skiff store` child process and where it listens.
struct StoreProcess {
    let child: ChildProcess
    let rpc: String
    let events: String

    /// Starts `skiff store` on `directory` with wildcard ports and waits for its ready line.
    static func start(_ directory: String, extra: [String] = []) async throws -> StoreProcess {
        let child = try ChildProcess(skiff: ["store", "--data-dir", directory, "--rpc", "tcp://127.0.0.1:*",
                                             "--events", "tcp://127.0.0.1:*"] + extra)
        let line = try await child.line(containing: "skiff store ready")
        let fields = readyFields(line)
        return StoreProcess(child: child, rpc: fields["rpc"] ?? "", events: fields["events"] ?? "")
    }

    func client() async throws -> StoreClient { try await StoreClient(endpoints: [rpc], timeout: .seconds(20)) }

    /// SIGTERM, and the exit status.
    func stop() async throws -> Int32 {
        child.send(SIGTERM)
        return try await child.exit()
    }
}
