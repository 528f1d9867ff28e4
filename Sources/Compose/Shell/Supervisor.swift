import Bus
import Dispatch
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The shell around ``SupervisorCore``: spawns and signals the processes, reaps them and reads
/// their output on threads of their own, runs the timers, probes health, and keeps
/// `$SKIFF_HOME/compose` (pid files, `state.json`) and `$SKIFF_HOME/logs` up to date.
///
/// Everything that touches the core runs on one serial dispatch queue, never on the
/// cooperative pool; health probes are child tasks of ``run()``. Graceful shutdown (SIGTERM,
/// SIGINT through the `ServiceGroup`) stops every service in reverse dependency order, and
/// `run()` returns once all have ended. SIGUSR1 makes it read restart requests
/// (`compose/restart/<service>`, written by `skiff compose restart`).
public final class Supervisor: Service, @unchecked Sendable {
    public struct Configuration: Sendable {
        public var plan: ComposePlan
        public var project: String
        /// The compose file, as shown by `ps` and recorded in the state file.
        public var fileLabel: String
        public var home: ComposeHome
        /// The `skiff` binary that runs `.skiff` programs.
        public var skiffExecutable: String
        /// The environment children inherit (SKIFF_HOME is added).
        public var environment: [String: String]
        /// Print service output on standard output, prefixed (foreground `up`).
        public var echo: Bool
        public var gracePeriod: Duration = .seconds(10)
        public var backoff = RestartBackoff()
        /// The plan for another node count (`up --scale node=N` on a running project); nil: no scaling.
        public var replan: (@Sendable (Int) throws(ComposeError) -> ComposePlan)?

        public init(plan: ComposePlan, project: String, fileLabel: String, home: ComposeHome, skiffExecutable: String,
                    environment: [String: String], echo: Bool) {
            self.plan = plan
            self.project = project
            self.fileLabel = fileLabel
            self.home = home
            self.skiffExecutable = skiffExecutable
            self.environment = environment
            self.echo = echo
        }
    }

    struct ProbeRequest: Sendable {
        let name: String
        let pid: Int32
        let check: HealthCheck
    }

    private let configuration: Configuration
    private let console: ComposeConsole
    private let queue = DispatchQueue(label: "skiff.compose.supervisor")
    private let probeRequests: AsyncStream<ProbeRequest>
    private let probeSink: AsyncStream<ProbeRequest>.Continuation
    /// The pid each service's probes are for (probes stop when it changes).
    private let probing = Mutex<[String: Int32]>([:])
    // Confined to `queue`:
    private var core: SupervisorCore
    private var signalSource: DispatchSourceSignal?
    private var started = false

    public init(configuration: Configuration) {
        self.configuration = configuration
        var core = SupervisorCore(plan: configuration.plan, backoff: configuration.backoff)
        core.gracePeriod = configuration.gracePeriod
        self.core = core
        console = ComposeConsole(names: configuration.plan.services.map(\.name))
        (probeRequests, probeSink) = AsyncStream.makeStream(of: ProbeRequest.self)
    }

    public func run() async throws {
        queue.async { self.begin() }
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                for await request in probeRequests {
                    group.addTask { await self.probe(request) }
                }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.queue.async { self.stopAll() }
        }
    }

    // MARK: On the queue

    private func begin() {
        let home = configuration.home
        do { try home.createDirectories() } catch {
            console.notice("cannot create \(home.composeDirectory): \(error)")
        }
        ComposeHome.writePID(getpid(), to: home.supervisorPIDFile)
        for service in configuration.plan.services {
            _ = FileManager.default.createFile(atPath: home.logFile(service.name), contents: nil)
            try? FileManager.default.removeItem(atPath: home.pidFile(service.name))
        }
        for request in (try? FileManager.default.contentsOfDirectory(atPath: home.restartDirectory)) ?? [] {
            try? FileManager.default.removeItem(atPath: home.restartDirectory + "/" + request)
        }
        signal(SIGUSR1, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGUSR1, queue: queue)
        source.setEventHandler { [unowned self] in self.readRestartRequests() }
        source.resume()
        signalSource = source
        for notice in configuration.plan.notices { console.notice(notice) }
        started = true
        handle(core.start(now: .now))
    }

    private func stopAll() {
        guard started else {
            // Shutdown before begin(): begin runs first on the serial queue, so this is unreachable.
            return
        }
        handle(core.stopAll(now: .now))
    }

    /// Requests are files in `compose/restart`: `<service>` (empty) restarts it, `<service>`
    /// holding `kill` or `term` kills it for good (``SupervisorCore/kill(_:force:now:)``), and
    /// `scale.<template>` holding a count adds the nodes the running project lacks.
    private func readRestartRequests() {
        let directory = configuration.home.restartDirectory
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
            let path = directory + "/" + name
            let verb = (FileManager.default.contents(atPath: path)).map { String(decoding: $0, as: UTF8.self) } ?? ""
            try? FileManager.default.removeItem(atPath: path)
            do throws(ComposeError) {
                if name.hasPrefix("scale.") {
                    guard let replan = configuration.replan, let count = Int(verb.filter { !$0.isWhitespace }) else {
                        throw ComposeError("cannot scale: \(verb)")
                    }
                    let plan = try replan(count)
                    let known = Set(core.entries.map(\.service.name))
                    let added = plan.services.filter { !known.contains($0.name) }
                    console.notice("adding \(added.map(\.name).joined(separator: ", "))")
                    for service in added { _ = FileManager.default.createFile(atPath: configuration.home.logFile(service.name), contents: nil) }
                    handle(core.add(added, now: .now))
                    continue
                }
                switch verb.filter({ !$0.isWhitespace }) {
                case "kill", "term":
                    let actions = try core.kill(name, force: verb.hasPrefix("kill"), now: .now)
                    console.notice("killing \(name)")
                    handle(actions)
                default:
                    let actions = try core.restart(name, now: .now)
                    console.notice("restarting \(name)")
                    handle(actions)
                }
            } catch {
                console.notice(error.message)
            }
        }
    }

    private func handle(_ initial: [SupervisorCore.Action]) {
        var work = initial[...]
        while let action = work.popFirst() {
            switch action {
            case .spawn(let name):
                work.append(contentsOf: spawn(name))
            case .terminate(_, let pid):
                signalGroup(pid, SIGTERM)
            case .kill(_, let pid):
                signalGroup(pid, SIGKILL)
            case .scheduleRestart(let name, let after):
                queue.asyncAfter(deadline: .now() + Self.interval(after)) { self.handle(self.core.restartDue(name, now: .now)) }
            case .scheduleKill(let name, let pid, let after):
                queue.asyncAfter(deadline: .now() + Self.interval(after)) { self.handle(self.core.killDue(name, pid: pid, now: .now)) }
            case .startProbing(let name, let pid):
                guard let check = core.entry(name)?.service.healthcheck else { continue }
                probing.withLock { $0[name] = pid }
                probeSink.yield(ProbeRequest(name: name, pid: pid, check: check))
            case .notice(let text):
                console.notice(text)
            case .finished:
                signalSource?.cancel()
                try? FileManager.default.removeItem(atPath: configuration.home.stateFile)
                try? FileManager.default.removeItem(atPath: configuration.home.supervisorPIDFile)
                probeSink.finish()
                return
            }
        }
        writeState()
    }

    /// Signals the process group `pid` leads (the service and anything it started), else `pid`.
    private func signalGroup(_ pid: Int32, _ signal: Int32) {
        guard pid > 0 else { return }
        if kill(-pid, signal) != 0 { kill(pid, signal) }
    }

    private func spawn(_ name: String) -> [SupervisorCore.Action] {
        guard let service = core.entry(name)?.service else { return [] }
        let home = configuration.home
        let executable: String, arguments: [String]
        switch service.program {
        case .skiff(let args): (executable, arguments) = (configuration.skiffExecutable, args)
        case .executable(let path, let args): (executable, arguments) = (path, args)
        }
        var environment = configuration.environment
        environment["SKIFF_HOME"] = home.root
        environment.merge(service.environment) { $1 }
        let log = open(home.logFile(name), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        let echo = configuration.echo ? console : nil
        let readyText: String? = if case .readyLine(let text)? = service.healthcheck?.test { text } else { nil }
        // Set below, on this queue, before any line's ready report can be handled here.
        let spawnedPID = Mutex<Int32>(0)
        let readySeen = Mutex(false)
        let lineHandler: @Sendable (String?) -> Void = { [weak self] line in
            guard let line else {
                if log >= 0 { close(log) }
                return
            }
            if log >= 0 { Self.writeAll(log, line + "\n") }
            echo?.line(name, line)
            if let readyText, line.contains(readyText), !readySeen.withLock({ seen in defer { seen = true }; return seen }) {
                guard let supervisor = self else { return }
                supervisor.queue.async {
                    supervisor.handle(supervisor.core.probed(name, pid: spawnedPID.withLock { $0 }, ok: true, now: .now))
                }
            }
        }
        do {
            let spawned = try Spawner.spawn(executable: executable, arguments: arguments, environment: environment,
                                            output: .lines(lineHandler)) { [weak self] status in
                guard let self else { return }
                self.queue.async { self.reaped(name, pid: spawnedPID.withLock { $0 }, status: status) }
            }
            spawnedPID.withLock { $0 = spawned.pid }
            ComposeHome.writePID(spawned.pid, to: home.pidFile(name))
            return core.spawned(name, pid: spawned.pid, now: .now)
        } catch {
            if log >= 0 { close(log) }
            return core.spawnFailed(name, reason: error.message, now: .now)
        }
    }

    private func reaped(_ name: String, pid: Int32, status: ExitStatus) {
        probing.withLock { if $0[name] == pid { $0[name] = nil } }
        if ComposeHome.readPID(configuration.home.pidFile(name)) == pid {
            try? FileManager.default.removeItem(atPath: configuration.home.pidFile(name))
        }
        handle(core.exited(name, pid: pid, status: status, now: .now))
    }

    private func writeState() {
        let now = ContinuousClock.now
        var services = core.statuses(now: now, wallNow: Date().timeIntervalSince1970)
        for name in configuration.plan.skipped { services.append(ServiceStatus(name: name, state: "skipped")) }
        configuration.home.write(ComposeState(project: configuration.project, supervisor: getpid(), file: configuration.fileLabel,
                                              services: services, stopping: core.isStopping))
    }

    // MARK: Probes (child tasks of run())

    private func probe(_ request: ProbeRequest) async {
        let check = request.check
        var client: RPC.Client?
        if case .rpcPing(let endpoint) = check.test {
            var rpc = RPC.Client.Configuration()
            rpc.defaultTimeout = check.timeout
            client = try? await RPC.Client(connect: [endpoint], configuration: rpc)
        }
        while !Task.isCancelled, probing.withLock({ $0[request.name] == request.pid }) {
            let ok: Bool
            switch check.test {
            case .rpcPing: ok = if let client { await HealthProbe.rpcPing(client, timeout: check.timeout) } else { false }
            case .httpGet(let url): ok = if let url = HTTPURL(url) { await HealthProbe.httpGet(url, timeout: check.timeout) } else { false }
            case .readyLine: ok = true
            }
            queue.async { self.handle(self.core.probed(request.name, pid: request.pid, ok: ok, now: .now)) }
            try? await Task.sleep(for: check.interval)
        }
        await client?.close()
    }

    static func interval(_ d: Duration) -> DispatchTimeInterval {
        .milliseconds(Int(d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000))
    }

    static func writeAll(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue } else { return } }
            bytes = bytes.dropFirst(n)
        }
    }
}
