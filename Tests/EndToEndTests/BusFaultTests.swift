import Foundation
import SkiffTestSupport
import Testing
@testable import Bus

/// The bus against a real second process: `skiff bus-demo`, killed and restarted.
@Suite(.serialized) struct BusFaultTests {
    /// Parses `skiff bus-demo ready rpc=… events=…`.
    static func endpoints(_ line: String) -> (rpc: String, events: String) {
        let fields = readyFields(line)
        return (fields["rpc"] ?? "", fields["events"] ?? "")
    }

    @Test func aKilledServerFailsNonIdempotentCallsAndRetriesIdempotentOnesAfterRestart() async throws {
        let first = try ChildProcess(skiff: ["bus-demo", "--rpc", "tcp://127.0.0.1:*", "--events", "tcp://127.0.0.1:*"])
        let (rpc, events) = Self.endpoints(try await first.line(containing: "ready"))
        let client = try await RPC.Client(connect: [rpc])
        #expect(try await client.call("echo", [1], idempotent: true) == [1])

        // Calls in flight when the server dies. The idempotent ones sleep 1.5 s on the server (they
        // are carried out again after the restart); the others sleep ten minutes, so however slow
        // this machine is between the ping below and the kill, none of them can finish first.
        async let idempotent = withThrowingTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<5 {
                group.addTask { try await client.call("sleep", Array("1500".utf8), timeout: .seconds(60), idempotent: true) }
            }
            return try await group.reduce(into: [[UInt8]]()) { $0.append($1) }
        }
        async let others = withTaskGroup(of: Result<[UInt8], Error>.self) { group in
            for _ in 0..<5 {
                group.addTask {
                    do {
                        return .success(try await client.call("sleep", Array("600000".utf8), timeout: .seconds(900), idempotent: false))
                    } catch {
                        return .failure(error)
                    }
                }
            }
            return await group.reduce(into: [Result<[UInt8], Error>]()) { $0.append($1) }
        }
        // All ten are sent; a ping sent after them on the same connection comes back only
        // once the server has read them.
        _ = try await ChildProcess.within(.seconds(30), "the calls were never all in flight") {
            while await client.callsInFlight < 10 { try? await Task.sleep(for: .milliseconds(5)) }
            return true
        }
        _ = try await client.call(RPC.pingMethod, idempotent: true)
        first.send(SIGKILL)
        _ = try await first.exit()

        // The non-idempotent calls fail at once with Unavailable — long before their deadline.
        let clock = ContinuousClock()
        let failedAt = clock.now
        for result in await others {
            guard case let .failure(error) = result else {
                Issue.record("a non-idempotent call in flight succeeded although its server was killed")
                continue
            }
            #expect((error as? BusError)?.reason == .unavailable, "\(error)")
        }
        #expect(clock.now - failedAt < .seconds(30))

        // Restarted on the same endpoints, the idempotent calls are carried out after all.
        let second = try ChildProcess(skiff: ["bus-demo", "--rpc", rpc, "--events", events])
        _ = try await second.line(containing: "ready")
        let replies = try await idempotent
        #expect(replies == Array(repeating: Array("slept".utf8), count: 5))
        // And the client goes on working.
        #expect(try await client.call("echo", [2]) == [2])
        await client.close()
        second.send(SIGTERM)
        #expect(try await second.exit() == 0)
    }

    @Test func theDemoShutsDownCleanlyOnSigterm() async throws {
        let demo = try ChildProcess(skiff: ["bus-demo", "--rpc", "tcp://127.0.0.1:*", "--events", "tcp://127.0.0.1:*"])
        _ = try await demo.line(containing: "ready")
        demo.send(SIGTERM)
        #expect(try await demo.exit(timeout: .seconds(20)) == 0)
    }
}
