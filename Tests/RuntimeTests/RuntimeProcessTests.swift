import Bus
import Foundation
import RuntimeAPI
import SkiffTestSupport
import Testing

/// A real `skiff runtime` (process driver) driven over the bus.
@Suite(.serialized) struct RuntimeProcessTests {
    typealias M = RuntimeMessages

    static var criLine: Regex<(Substring, Substring, Substring, Substring)> { #/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z (stdout|stderr) (F|P) (.*)$/# }

    @Test func aContainerPrintsAndExits() async throws {
        try await RuntimeHarness.with { r in
            let sandbox = try await r.runSandbox("web-1")
            let started = try await r.runContainer(r.container("web", ["sh", "-c"], args: ["echo hello; echo oops >&2; printf 'no newline'"],
                                                               in: sandbox.sandboxID))
            let id = started.containerID
            let exited = try await r.events.wait(.exited, id)
            #expect(exited.status.state == .exited && exited.status.exitCode == 0 && exited.status.reason == "Completed")
            #expect(exited.status.startedAt > 0 && exited.status.finishedAt >= exited.status.startedAt)
            #expect(r.events.types(of: id) == [.created, .started, .exited])
            #expect(r.events.topics.contains("containers/\(sandbox.sandboxID)/\(id)"))

            let content = try String(contentsOfFile: started.config.logPath, encoding: .utf8)
            let lines = content.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            let parsed = lines.compactMap { try? Self.criLine.wholeMatch(in: String($0)) }
            #expect(parsed.count == 3, "every line is in CRI format:\n\(content)")
            let records = Set(parsed.map { "\($0.output.1) \($0.output.2) \($0.output.3)" })
            #expect(records == ["stdout F hello", "stderr F oops", "stdout F no newline"])

            let logs: M.LogsResponse = try await r.call(M.Method.logs, M.LogsRequest(containerID: id, tailLines: 1))
            #expect(logs.lines == [String(lines.last!)])

            let failing = try await r.runContainer(r.container("fail", ["sh", "-c", "exit 3"], in: sandbox.sandboxID))
            let failed = try await r.events.wait(.exited, failing.containerID)
            #expect(failed.status.exitCode == 3 && failed.status.reason == "Error")

            let list: M.ContainerList = try await r.call(M.Method.listContainers, M.ListContainersRequest(sandboxID: sandbox.sandboxID))
            #expect(Set(list.containers.map(\.containerID)) == [id, failing.containerID])
            let _: M.SandboxStatus = try await r.call(M.Method.stopSandbox, M.SandboxRef(sandboxID: sandbox.sandboxID))
            let _: [String: String] = try await r.call(M.Method.removeSandbox, M.SandboxRef(sandboxID: sandbox.sandboxID))
            _ = try await r.events.wait(.removed, id)
            let empty: M.ContainerList = try await r.call(M.Method.listContainers, M.ListContainersRequest())
            #expect(empty.containers.isEmpty)
        }
    }

    @Test func gracefulStopHonoursSIGTERM() async throws {
        try await RuntimeHarness.with { r in
            let sandbox = try await r.runSandbox("graceful")
            let c = try await r.runContainer(r.container("web", ["sh", "-c"],
                args: ["trap 'echo bye; exit 0' TERM; echo ready; while true; do sleep 0.1; done"], in: sandbox.sandboxID))
            #expect(c.state == .running && c.pid != nil)
            try await eventually(.seconds(90), "the container to be ready") {
                (try? String(contentsOfFile: c.config.logPath, encoding: .utf8))?.contains("F ready") ?? false
            }
            let began = ContinuousClock.now
            let stopped: M.ContainerStatus = try await r.call(M.Method.stopContainer, M.StopContainerRequest(containerID: c.containerID, timeoutSeconds: 20),
                                                              timeout: .seconds(30))
            #expect(ContinuousClock.now - began < .seconds(10), "SIGTERM was honoured well before the deadline")
            #expect(stopped.state == .exited && stopped.exitCode == 0 && stopped.reason == "Completed")
            #expect(try String(contentsOfFile: c.config.logPath, encoding: .utf8).contains("stdout F bye"))
            #expect(kill(c.pid!, 0) != 0, "the process is gone")
        }
    }

    @Test func aContainerIgnoringSIGTERMIsKilledAtTheDeadline() async throws {
        try await RuntimeHarness.with { r in
            let sandbox = try await r.runSandbox("stubborn")
            let c = try await r.runContainer(r.container("web", ["sh", "-c"],
                args: ["trap '' TERM; echo ready; while true; do sleep 0.1; done"], in: sandbox.sandboxID))
            try await eventually(.seconds(90), "the container to be ready") {
                (try? String(contentsOfFile: c.config.logPath, encoding: .utf8))?.contains("F ready") ?? false
            }
            let began = ContinuousClock.now
            let stopped: M.ContainerStatus = try await r.call(M.Method.stopContainer, M.StopContainerRequest(containerID: c.containerID, timeoutSeconds: 2),
                                                              timeout: .seconds(30))
            let took = ContinuousClock.now - began
            #expect(took >= .seconds(2) && took < .seconds(15), "SIGKILL came at the 2 s deadline (took \(took))")
            #expect(stopped.exitCode == 137 && stopped.reason == "Error")
        }
    }

    @Test func execRunsInTheContainersEnvironment() async throws {
        try await RuntimeHarness.with { r in
            let sandbox = try await r.runSandbox("exec")
            let c = try await r.runContainer(r.container("web", ["sleep", "300"], env: [.init(name: "GREETING", value: "hi there")],
                                                         workingDir: "/tmp", in: sandbox.sandboxID))
            let result: M.ExecResponse = try await r.call(M.Method.exec, M.ExecRequest(
                containerID: c.containerID, command: ["sh", "-c", "echo $GREETING; pwd; echo $HOME; echo err >&2; exit 4"], timeoutSeconds: 10))
            #expect(result == .init(exitCode: 4, stdout: "hi there\n/tmp\n\n", stderr: "err\n"), "env is the config's only (no HOME)")
            let slow: M.ExecResponse = try await r.call(M.Method.exec, M.ExecRequest(containerID: c.containerID, command: ["sleep", "30"], timeoutSeconds: 1))
            #expect(slow.timedOut && slow.exitCode == 137)
            let missing: M.ExecResponse = try await r.call(M.Method.exec, M.ExecRequest(containerID: c.containerID, command: ["no-such-tool"], timeoutSeconds: 5))
            #expect(missing.exitCode == 127 && missing.stderr.contains("executable file not found in $PATH"))
            let _: M.ContainerStatus = try await r.call(M.Method.stopContainer, M.StopContainerRequest(containerID: c.containerID, timeoutSeconds: 5))
            let notRunning = await busError { let _: M.ExecResponse = try await r.call(M.Method.exec, M.ExecRequest(containerID: c.containerID, command: ["true"], timeoutSeconds: 5)) }
            #expect(notRunning?.reason == .conflict)
        }
    }

    @Test func commandsThatCannotRun() async throws {
        try await RuntimeHarness.with { r in
            let sandbox = try await r.runSandbox("web-1")
            let empty = await busError { let _: M.ContainerRef = try await r.call(M.Method.createContainer, r.container("web", [], in: sandbox.sandboxID)) }
            #expect(empty?.reason == .invalid)
            #expect(empty?.message == "container web in pod default/web-1 has no command; the process runtime runs the container's command, not the image's entrypoint")
            let notFound = try await r.runContainer(r.container("a", ["no-such-binary"], in: sandbox.sandboxID))
            #expect(notFound.state == .exited && notFound.exitCode == 128 && notFound.reason == "StartError")
            #expect(notFound.message == "exec: \"no-such-binary\": executable file not found in $PATH")
            let badDir = try await r.runContainer(r.container("b", ["true"], workingDir: "/no/such/dir", in: sandbox.sandboxID))
            #expect(badDir.reason == "StartError" && badDir.message.contains("chdir /no/such/dir"))
            let plain = r.root + "/plain-file"
            _ = FileManager.default.createFile(atPath: plain, contents: Data("data\n".utf8), attributes: [.posixPermissions: 0o644])
            let notExecutable = try await r.runContainer(r.container("c", [plain], in: sandbox.sandboxID))
            #expect(notExecutable.reason == "StartError" && notExecutable.message.contains("Permission denied"), "\(notExecutable.message)")
            #expect(try await r.events.wait(.exited, notFound.containerID).status.reason == "StartError")
        }
    }

    @Test func aRestartedRuntimeAdoptsRunningContainers() async throws {
        let first = try await RuntimeHarness.start()
        let sandbox: M.RunSandboxResponse, c: M.ContainerStatus
        do {
            sandbox = try await first.runSandbox("survivor")
            c = try await first.runContainer(first.container("web", ["sh", "-c"],
                args: ["i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.1; done"], in: sandbox.sandboxID))
        } catch {
            await first.cleanUp()
            first.process.send(SIGKILL)
            throw error
        }
        try await first.kill()

        try await RuntimeHarness.with(root: first.root) { second in
            let adopted = try await second.status(c.containerID)
            #expect(adopted.state == .running && adopted.pid == c.pid && adopted.startedAt == c.startedAt)
            let before = try String(contentsOfFile: c.config.logPath, encoding: .utf8).count
            try await eventually(.seconds(90), "the log to grow after the restart") {
                ((try? String(contentsOfFile: c.config.logPath, encoding: .utf8).count) ?? 0) > before
            }
            let sandboxStatus: M.SandboxStatus = try await second.call(M.Method.sandboxStatus, M.SandboxRef(sandboxID: sandbox.sandboxID))
            #expect(sandboxStatus.state == .ready)
            let stopped: M.ContainerStatus = try await second.call(M.Method.stopContainer,
                                                                   M.StopContainerRequest(containerID: c.containerID, timeoutSeconds: 5))
            #expect(stopped.state == .exited && stopped.exitCode == 143 && stopped.reason == "Error")
            #expect(try await second.events.wait(.exited, c.containerID).status.exitCode == 143)
            #expect(kill(c.pid!, 0) != 0)
        }
    }

    @Test func aContainerThatEndedWhileTheRuntimeWasDownIsReportedExited() async throws {
        let first = try await RuntimeHarness.start()
        let c: M.ContainerStatus
        do {
            let sandbox = try await first.runSandbox("brief")
            c = try await first.runContainer(first.container("web", ["sleep", "300"], in: sandbox.sandboxID))
        } catch {
            await first.cleanUp()
            first.process.send(SIGKILL)
            throw error
        }
        try await first.stop()
        kill(-c.pid!, SIGKILL)  // its group; the monitor records the status
        try await eventually(.seconds(90), "the monitor to record the exit") {
            FileManager.default.fileExists(atPath: first.root + "/containers/\(c.containerID)/exit")
        }
        try await RuntimeHarness.with(root: first.root) { second in
            let status = try await second.status(c.containerID)
            #expect(status.state == .exited && status.exitCode == 137 && status.reason == "Error")
        }
    }

    @Test func malformedRequestsGetErrorReplies() async throws {
        try await RuntimeHarness.with { r in
            let notJSON = await busError { _ = try await r.client.call(M.Method.runSandbox, Array("not json".utf8)) }
            #expect(notJSON?.reason == .badRequest && notJSON?.message.contains(M.Method.runSandbox) == true)
            let missing = await busError { _ = try await r.client.call(M.Method.runSandbox, Array("{}".utf8)) }
            #expect(missing?.reason == .badRequest && missing?.message.contains("missing field config") == true)
            let wrongType = await busError { _ = try await r.client.call(M.Method.stopContainer, Array(#"{"containerID":"x","timeoutSeconds":"soon"}"#.utf8)) }
            #expect(wrongType?.reason == .badRequest && wrongType?.message.contains("timeoutSeconds") == true)
            let unknown = await busError { let _: M.ContainerStatus = try await r.call(M.Method.containerStatus, M.ContainerRef(containerID: "nope")) }
            #expect(unknown?.reason == .notFound && unknown?.message == "container nope not found")
            let noSandbox = await busError { let _: M.ContainerRef = try await r.call(M.Method.createContainer, r.container("x", ["true"], in: "nope")) }
            #expect(noSandbox?.reason == .notFound)
            let noMethod = await busError { _ = try await r.client.call("runtime.nope", []) }
            #expect(noMethod?.reason == .notFound)
            let version: M.VersionResponse = try await r.call(M.Method.version, [String: String]())
            #expect(version.driver == "process" && version.runtimeName == "skiff")
        }
    }

    @Test func theFakeDriverRunsNothing() async throws {
        try await RuntimeHarness.with(driver: "fake") { r in
            let version: M.VersionResponse = try await r.call(M.Method.version, [String: String]())
            #expect(version.driver == "fake" && version.isolation == .init(notes: version.isolation.notes))
            let sandbox = try await r.runSandbox("hollow")
            let again = try await r.runSandbox("hollow")
            #expect(again.sandboxID == sandbox.sandboxID, "running a pod's sandbox twice returns the same one")
            let c = try await r.runContainer(r.container("web", ["this-does-not-exist"], in: sandbox.sandboxID))
            #expect(c.state == .running && c.pid == nil && c.cgroupPath == nil)
            let exec: M.ExecResponse = try await r.call(M.Method.exec, M.ExecRequest(containerID: c.containerID, command: ["true"], timeoutSeconds: 1))
            #expect(exec.exitCode == 0)
            let logs: M.LogsResponse = try await r.call(M.Method.logs, M.LogsRequest(containerID: c.containerID))
            #expect(logs.lines.isEmpty)
            let stopped: M.ContainerStatus = try await r.call(M.Method.stopContainer, M.StopContainerRequest(containerID: c.containerID, timeoutSeconds: 30))
            #expect(stopped.state == .exited && stopped.exitCode == 0 && stopped.reason == "Completed")
            #expect(try await r.events.wait(.exited, c.containerID).status.exitCode == 0)
            #expect(!FileManager.default.fileExists(atPath: r.root + "/containers/\(c.containerID)"), "the fake driver writes nothing")
        }
    }
}

/// The error a call throws, if it is a `BusError`.
func busError(_ body: () async throws -> Void) async -> BusError? {
    do { try await body() } catch let error as BusError { return error } catch { return nil }
    return nil
}
