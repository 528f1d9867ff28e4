import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the `skiff compose` subcommands other than foreground `up` do: talk to a running
/// supervisor through `$SKIFF_HOME/compose` (its pid file, `state.json`, restart requests and
/// signals) and read the logs.
public struct ComposeControl: Sendable {
    public let home: ComposeHome

    public init(home: ComposeHome) { self.home = home }

    /// Starts a detached supervisor (`skiff <supervisorArguments>`) in a new session, output to
    /// `logs/compose.log`, and returns once it has written its first state.
    public func startSupervisor(skiff: String, arguments: [String], environment: [String: String]) async throws(ComposeError) -> Int32 {
        do { try home.createDirectories() } catch { throw ComposeError("cannot create \(home.composeDirectory): \(error)") }
        try? FileManager.default.removeItem(atPath: home.stateFile)
        var environment = environment
        environment["SKIFF_HOME"] = home.root
        let spawned = try Spawner.spawn(executable: skiff, arguments: arguments, environment: environment,
                                        output: .file(home.supervisorLog), newSession: true, exited: nil)
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let state = home.readState(), state.supervisor == spawned.pid { return spawned.pid }
            if Self.reapIfEnded(spawned.pid) {
                throw ComposeError("the supervisor ended at once; see \(home.supervisorLog):\n" + lastLines(of: home.supervisorLog, 10))
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        throw ComposeError("the supervisor (pid \(spawned.pid)) wrote no state within 30s; see \(home.supervisorLog)")
    }

    /// Whether our child `pid` has ended (reaping it, without blocking).
    static func reapIfEnded(_ pid: Int32) -> Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == pid
    }

    /// Waits until every service is healthy (or running, without a health check).
    public func waitUntilReady(timeout: Duration, supervisor: Int32? = nil) async throws(ComposeError) {
        let deadline = ContinuousClock.now + timeout
        var last = WaitVerdict.waiting([])
        while ContinuousClock.now < deadline {
            if let supervisor, Self.reapIfEnded(supervisor) || !ComposeHome.isAlive(supervisor) {
                throw ComposeError("the supervisor ended; see \(home.supervisorLog):\n" + lastLines(of: home.supervisorLog, 10))
            }
            if let state = home.readState() {
                last = WaitVerdict.evaluate(state.services)
                switch last {
                case .ready: return
                case .failed(let why): throw ComposeError(why)
                case .waiting: break
                }
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        if case .waiting(let names) = last, !names.isEmpty {
            throw ComposeError("not ready within \(timeout): \(names.joined(separator: ", "))")
        }
        throw ComposeError("not ready within \(timeout)")
    }

    /// Stops the supervisor (which stops every service in reverse dependency order) and waits;
    /// then stops any service a dead supervisor left behind (by its pid file).
    /// Returns a line to print.
    public func down(timeout: Duration = .seconds(60)) async -> String {
        var message = "nothing was running"
        if let pid = home.runningSupervisor() {
            Glibc.kill(pid, SIGTERM)
            let deadline = ContinuousClock.now + timeout
            while ComposeHome.isAlive(pid), ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
            if ComposeHome.isAlive(pid) { Glibc.kill(pid, SIGKILL) }
            message = "stopped"
        }
        // Leftovers: services of a supervisor that was killed.
        var leftovers: [Int32] = []
        for file in (try? FileManager.default.contentsOfDirectory(atPath: home.composeDirectory)) ?? [] where file.hasSuffix(".pid") {
            let path = home.composeDirectory + "/" + file
            if file != "supervisor.pid", let pid = ComposeHome.readPID(path), ComposeHome.isAlive(pid) {
                if Glibc.kill(-pid, SIGTERM) != 0 { Glibc.kill(pid, SIGTERM) }
                leftovers.append(pid)
            }
            try? FileManager.default.removeItem(atPath: path)
        }
        let deadline = ContinuousClock.now + .seconds(10)
        while leftovers.contains(where: ComposeHome.isAlive), ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        for pid in leftovers where ComposeHome.isAlive(pid) { if Glibc.kill(-pid, SIGKILL) != 0 { Glibc.kill(pid, SIGKILL) } }
        if !leftovers.isEmpty { message = "stopped \(leftovers.count) service(s) left by a supervisor that had ended" }
        try? FileManager.default.removeItem(atPath: home.stateFile)
        return message
    }

    /// Asks the supervisor to restart `service` and waits until it has a new process.
    public func restart(_ service: String, timeout: Duration = .seconds(60)) async throws(ComposeError) {
        guard let supervisor = home.runningSupervisor(), let state = home.readState() else { throw ComposeError("nothing is running") }
        guard let before = state.services.first(where: { $0.name == service }) else {
            throw ComposeError("no such service: \(service) (services: \(state.services.map(\.name).joined(separator: ", ")))")
        }
        guard before.state != "skipped" else { throw ComposeError("\(service) is skipped: this skiff cannot run it") }
        try await request(service, nil, supervisor: supervisor, timeout: timeout,
                          failure: "\(service) did not come back within \(timeout)") { state in
            guard let now = state.services.first(where: { $0.name == service }) else { return false }
            return now.state == "running" && (now.pid != before.pid || now.restarts > before.restarts)
        }
    }

    /// Leaves `file` (with `contents`) in the supervisor's request directory, wakes it with
    /// SIGUSR1, and polls its state until `done` holds or `timeout` passes.
    private func request(_ file: String, _ contents: Data?, supervisor: Int32, timeout: Duration, failure: String,
                         until done: (ComposeState) -> Bool) async throws(ComposeError) {
        _ = FileManager.default.createFile(atPath: home.restartDirectory + "/" + file, contents: contents)
        Glibc.kill(supervisor, SIGUSR1)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let state = home.readState(), done(state) { return }
            try? await Task.sleep(for: .milliseconds(50))
        }
        throw ComposeError(failure)
    }

    /// Kills `service` for good (`docker compose kill`): SIGKILL (`force`) or SIGTERM, no restart
    /// until `restart`; waits until it has ended.
    public func kill(_ service: String, force: Bool, timeout: Duration = .seconds(60)) async throws(ComposeError) {
        guard let supervisor = home.runningSupervisor(), let state = home.readState() else { throw ComposeError("nothing is running") }
        guard state.services.contains(where: { $0.name == service }) else {
            throw ComposeError("no such service: \(service) (services: \(state.services.map(\.name).joined(separator: ", ")))")
        }
        try await request(service, Data((force ? "kill" : "term").utf8), supervisor: supervisor, timeout: timeout,
                          failure: "\(service) did not end within \(timeout)") { state in
            guard let now = state.services.first(where: { $0.name == service }) else { return false }
            return now.state != "running" && now.pid == nil
        }
    }

    /// Asks the running supervisor to add the services of `plan` it lacks (more nodes), and
    /// waits until they are in its state. Fewer nodes than running is refused.
    public func scale(to plan: ComposePlan, template: String, count: Int, timeout: Duration = .seconds(30)) async throws(ComposeError) {
        guard let supervisor = home.runningSupervisor(), let state = home.readState() else { throw ComposeError("nothing is running") }
        let wanted = Set(plan.services.map(\.name) + plan.skipped)
        let dropped = state.services.map(\.name).filter { !wanted.contains($0) }
        guard dropped.isEmpty else {
            throw ComposeError("scaling a running project down is not supported (it runs \(dropped.joined(separator: ", "))); "
                               + "`down`, then `up --scale \(template)=\(count)`")
        }
        let added = plan.services.map(\.name).filter { name in !state.services.contains { $0.name == name } }
        guard !added.isEmpty else { return }
        try await request("scale." + template, Data(String(count).utf8), supervisor: supervisor, timeout: timeout,
                          failure: "the supervisor did not add \(added.joined(separator: ", ")) within \(timeout); see \(home.supervisorLog)") { state in
            let names = Set(state.services.map(\.name))
            return added.allSatisfy(names.contains)
        }
    }

    /// The services `selection` names: exact names, or a node name for all of that node's services.
    public func select(_ selection: [String], from names: [String]) throws(ComposeError) -> [String] {
        guard !selection.isEmpty else { return names }
        var chosen: [String] = []
        for wanted in selection {
            let matches = names.filter { $0 == wanted || $0.hasPrefix(wanted + ".") }
            guard !matches.isEmpty else { throw ComposeError("no such service: \(wanted)") }
            chosen += matches.filter { !chosen.contains($0) }
        }
        return chosen
    }

    /// The services that have logs: those of the running project, else every log file.
    public func servicesWithLogs() -> [String] {
        if let state = home.readState() { return state.services.filter { $0.state != "skipped" }.map(\.name) }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: home.logsDirectory)) ?? []
        return files.filter { $0.hasSuffix(".log") && $0 != "compose.log" }.map { String($0.dropLast(4)) }.sorted()
    }

    /// Prints the logs of `services`, prefixed; with `follow`, keeps printing new lines (on a
    /// thread of its own) until the process is stopped.
    public func logs(_ services: [String], follow: Bool, prefix: Bool = true) async {
        let console = ComposeConsole(names: services)
        let paths = services.map { home.logFile($0) }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread {
                var offsets = [UInt64](repeating: 0, count: paths.count)
                var partial = [[UInt8]](repeating: [], count: paths.count)
                repeat {
                    for (i, path) in paths.enumerated() {
                        guard let handle = FileHandle(forReadingAtPath: path) else { continue }
                        defer { try? handle.close() }
                        let size = (try? handle.seekToEnd()) ?? 0
                        if size < offsets[i] { offsets[i] = 0; partial[i] = [] }  // truncated: a new `up`
                        guard size > offsets[i] else { continue }
                        try? handle.seek(toOffset: offsets[i])
                        let data = (try? handle.readToEnd()) ?? Data()
                        offsets[i] += UInt64(data.count)
                        partial[i] += data
                        while let newline = partial[i].firstIndex(of: 0x0a) {
                            let line = String(decoding: partial[i][..<newline], as: UTF8.self)
                            partial[i].removeSubrange(...newline)
                            if prefix { console.line(services[i], line) } else { console.plain(line) }
                        }
                    }
                    if follow { usleep(200_000) }
                } while follow
                continuation.resume()
            }.start()
        }
    }

    func lastLines(of path: String, _ n: Int) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "" }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").suffix(n).joined(separator: "\n")
    }
}
