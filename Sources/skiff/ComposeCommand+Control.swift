import ArgumentParser
import Compose
import Foundation

/// `skiff compose down`: stop every service and the supervisor.
struct ComposeDown: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "down", abstract: "Stop every service (reverse dependency order) and the supervisor.")
    @OptionGroup var options: ComposeOptions

    func run() async throws {
        let message = await ComposeControl(home: ComposeHome()).down()
        Console.error("skiff compose: \(message)")
    }
}

/// `skiff compose ps`: name, state, pid, restarts, health, uptime.
struct ComposePs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ps", abstract: "List the services: state, pid, restarts, health, uptime.")
    @OptionGroup var options: ComposeOptions

    @Flag(help: "Print the state as JSON.")
    var json = false

    func run() async throws {
        let home = ComposeHome()
        let state = home.runningSupervisor() != nil ? home.readState() : nil
        if json {
            let data = try JSONEncoder().encode(state?.services ?? [])
            Console.line(String(decoding: data, as: UTF8.self))
        } else {
            Console.line(PsTable.render(state?.services ?? [], wallNow: Date().timeIntervalSince1970))
        }
    }
}

/// `skiff compose logs [-f] [service…]`.
struct ComposeLogs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logs", abstract: "Print the services' output (a node name selects its services).")
    // After `logs`, -f is --follow (docker compose's meaning): the file is --file, or -f before `logs`.
    @Option(help: .hidden) var file: String?
    @Option(name: [.customShort("p"), .customLong("project-name")], help: .hidden) var projectName: String?

    @Flag(name: .shortAndLong, help: "Keep printing new lines.")
    var follow = false

    @Flag(help: "Leave out the service-name prefix.")
    var noLogPrefix = false

    @Argument(help: "Services (default: all).")
    var services: [String] = []

    func run() async throws {
        let control = ComposeControl(home: ComposeHome())
        let names: [String]
        do { names = try control.select(services, from: control.servicesWithLogs()) } catch {
            Console.error("skiff compose: \(error.message)")
            throw ExitCode(1)
        }
        await control.logs(names, follow: follow, prefix: !noLogPrefix)
    }
}

/// `skiff compose restart <service>`.
struct ComposeRestart: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restart", abstract: "Restart services (stop, then start when their dependencies allow).")
    @OptionGroup var options: ComposeOptions

    @Argument(help: "Services to restart.")
    var services: [String]

    func run() async throws {
        let control = ComposeControl(home: ComposeHome())
        do {
            for name in services {
                try await control.restart(name)
                Console.error("skiff compose: restarted \(name)")
            }
        } catch {
            Console.error("skiff compose: \(error.message)")
            throw ExitCode(1)
        }
    }
}

/// `skiff compose kill [-s SIGNAL] <service>…` (docker compose kill): the services end and stay
/// down — their restart policy does not apply — until `restart`.
struct ComposeKill: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kill",
                                                    abstract: "Kill services (SIGKILL, or -s SIGTERM); they stay down until restart.")
    @OptionGroup var options: ComposeOptions

    @Option(name: .shortAndLong, help: "KILL (default) or TERM.")
    var signal = "KILL"

    @Argument(help: "Services to kill.")
    var services: [String]

    func run() async throws {
        let force: Bool
        switch signal.uppercased() {
        case "KILL", "SIGKILL", "9": force = true
        case "TERM", "SIGTERM", "15": force = false
        default:
            Console.error("skiff compose: kill -s takes KILL or TERM, not \(signal)")
            throw ExitCode(2)
        }
        let control = ComposeControl(home: ComposeHome())
        do {
            for name in services {
                try await control.kill(name, force: force)
                Console.error("skiff compose: killed \(name)")
            }
        } catch {
            Console.error("skiff compose: \(error.message)")
            throw ExitCode(1)
        }
    }
}
