import ArgumentParser
import Compose
import Foundation

/// `skiff compose up`: in the foreground with prefixed logs, or detached (`-d`) under a
/// background supervisor; `--wait` returns once every service is healthy.
struct ComposeUp: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Start the services in dependency order; Ctrl-C (or SIGTERM) stops them in reverse order."
    )

    @OptionGroup var options: ComposeOptions
    @OptionGroup var scale: ScaleOptions

    @Flag(name: .shortAndLong, help: "Detach: a supervisor runs in the background (stop it with down).")
    var detach = false

    @Flag(help: "Return once every service is healthy (running, without a health check); implies -d.")
    var wait = false

    @Option(help: "How long --wait waits, in seconds.")
    var waitTimeout = 120

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let home = ComposeHome()
        let nodes = try scale.nodeCount()
        let (file, plan, label) = try options.load(nodes: nodes, home: home)
        let control = ComposeControl(home: home)
        let detach = self.detach || wait
        if let pid = home.runningSupervisor() {
            guard detach else {
                Console.error("skiff compose: already running (supervisor pid \(pid)); `skiff compose down` stops it")
                throw ExitCode(1)
            }
            if let nodes, let template = file.node?.name {
                // More nodes for the running project: the supervisor starts just their services.
                do {
                    try await control.scale(to: plan, template: template, count: nodes)
                } catch {
                    Console.error("skiff compose: \(error.message)")
                    throw ExitCode(1)
                }
                Console.error("skiff compose: running (supervisor pid \(pid)) with \(nodes) \(template)(s)")
            } else {
                Console.error("skiff compose: already running (supervisor pid \(pid))")
            }
            if wait { try await waitReady(control, supervisor: nil) }
            return
        }
        guard detach else {
            try await runSupervisor(plan: plan, project: options.project(file), label: label, home: home, echo: true, logging: logging)
            return
        }
        for notice in plan.notices { Console.error("skiff compose: \(notice)") }
        var arguments = ["compose", "supervise", "-p", options.project(file), "--log-level", "\(logging.logLevel)"]
        if let path = options.path { arguments += ["-f", path] }
        if let nodes { arguments += ["--nodes", String(nodes)] }
        let pid: Int32
        do {
            pid = try await control.startSupervisor(skiff: Spawner.currentExecutable(), arguments: arguments,
                                                    environment: ProcessInfo.processInfo.environment)
        } catch {
            Console.error("skiff compose: \(error.message)")
            throw ExitCode(1)
        }
        if wait {
            try await waitReady(control, supervisor: pid)
        } else {
            Console.error("skiff compose: started \(plan.services.count) service(s) under supervisor pid \(pid); logs in \(home.logsDirectory)")
        }
    }

    func waitReady(_ control: ComposeControl, supervisor: Int32?) async throws {
        do {
            try await control.waitUntilReady(timeout: .seconds(waitTimeout), supervisor: supervisor)
            Console.error("skiff compose: every service is up")
        } catch {
            Console.error("skiff compose: \(error.message)")
            throw ExitCode(1)
        }
    }
}

/// `skiff compose supervise`: the background supervisor `up -d` starts (not for direct use).
struct ComposeSupervise: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "supervise", abstract: "The background supervisor of up -d.",
                                                    shouldDisplay: false)

    @OptionGroup var options: ComposeOptions
    @OptionGroup var scale: ScaleOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let home = ComposeHome()
        let (file, plan, label) = try options.load(nodes: try scale.nodeCount(), home: home)
        if let pid = home.runningSupervisor(), pid != getpid() {
            Console.error("skiff compose: already running (supervisor pid \(pid))")
            throw ExitCode(1)
        }
        try await runSupervisor(plan: plan, project: options.project(file), label: label, home: home, echo: false, logging: logging,
                                file: file)
    }
}
