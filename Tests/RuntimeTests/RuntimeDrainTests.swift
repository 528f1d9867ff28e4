import Foundation
import RuntimeAPI
import SkiffTestSupport
import Testing

/// `skiff runtime --stop-pods-on-exit`: a deliberate stop (SIGTERM) ends every pod; a kill does not.
@Suite struct RuntimeDrainTests {
    typealias M = RuntimeMessages

    @Test func sigtermWithStopPodsOnExitEndsEveryContainerAndHolder() async throws {
        let r = try await RuntimeHarness.start(extraArguments: ["--stop-pods-on-exit", "--stop-pods-grace", "2"])
        var pids: [Int32] = []
        do {
            let a = try await r.runSandbox("drain-a")
            let b = try await r.runSandbox("drain-b")
            let polite = try await r.runContainer(r.container("polite", ["sleep", "3600"], in: a.sandboxID))
            let stubborn = try await r.runContainer(r.container("stubborn", ["sh", "-c"],
                args: ["trap '' TERM; echo ready; while true; do sleep 0.1; done"], in: b.sandboxID))
            try await eventually(.seconds(90), "the stubborn container to be ready") {
                (try? String(contentsOfFile: stubborn.config.logPath, encoding: .utf8))?.contains("F ready") ?? false
            }
            pids = [polite.pid, stubborn.pid].compactMap { $0 }
            #expect(pids.count == 2)
        } catch {
            await r.cleanUp()
            r.process.send(SIGKILL)
            throw error
        }
        let holders = Self.holders(r.root)
        if RuntimeHarness.isRoot { #expect(holders.count == 2, "one holder per sandbox: \(holders)") }
        #expect(pids.allSatisfy { kill($0, 0) == 0 }, "the containers run before the stop")

        await r.events.close()
        await r.client.close()
        r.process.send(SIGTERM)
        #expect(try await r.process.exit(timeout: .seconds(90)) == 0, "stderr:\n\(r.process.stderr)")
        for pid in pids + holders {
            #expect(Self.isLive(pid) == false, "pid \(pid) still runs after the runtime stopped")
        }
        #expect(r.process.stderr.contains("stopped every pod before exiting"), "\(r.process.stderr)")
        let left = ((try? FileManager.default.contentsOfDirectory(atPath: r.root + "/sandboxes")) ?? []).filter { $0.hasSuffix(".json") }
        #expect(left == [], "sandbox records left: \(left)")
    }

    @Test func aKilledRuntimeWithStopPodsOnExitLeavesItsContainersForTheNext() async throws {
        let first = try await RuntimeHarness.start(extraArguments: ["--stop-pods-on-exit"])
        let c: M.ContainerStatus
        do {
            let sandbox = try await first.runSandbox("kept")
            c = try await first.runContainer(first.container("web", ["sleep", "3600"], in: sandbox.sandboxID))
        } catch {
            await first.cleanUp()
            first.process.send(SIGKILL)
            throw error
        }
        try await first.kill()
        #expect(c.pid.map { kill($0, 0) == 0 } == true, "SIGKILL drains nothing")
        try await RuntimeHarness.with(root: first.root) { second in
            let adopted = try await second.status(c.containerID)
            #expect(adopted.state == .running)
        }
    }

    @Test func aNegativeGraceIsRejected() async throws {
        let result = try await ChildProcess.run(["runtime", "--stop-pods-on-exit", "--stop-pods-grace=-1", "--root", temporaryDirectory("runtime")])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--stop-pods-grace must be 0 or more"), "\(result.stderr)")
    }

    static func holders(_ root: String) -> [Int32] {
        let dir = root + "/sandboxes"
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).compactMap { file in
            guard file.hasSuffix(".json"), let data = FileManager.default.contents(atPath: dir + "/" + file),
                  let record = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let holder = record["holder"] as? [String: Any], let pid = holder["pid"] as? Int else { return nil }
            return Int32(pid)
        }
    }

    /// Whether `pid` exists and is no zombie.
    static func isLive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].split(separator: " ").first != "Z"
    }
}
