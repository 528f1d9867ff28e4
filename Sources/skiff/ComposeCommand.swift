import ArgumentParser
import Compose
import Foundation
import Logging
import ServiceLifecycle

/// `skiff compose`: runs the cluster described by a compose file (DESIGN.md §7), docker compose style.
struct ComposeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compose",
        abstract: "Run a cluster from a compose file: up (-d, --wait, --scale), down, ps, logs, restart, kill.",
        discussion: """
            State lives in $SKIFF_HOME (default ./.skiff): compose/<service>.pid, compose/state.json, \
            logs/<service>.log. Without -f, the file is $SKIFF_COMPOSE_FILE, else the embedded default cluster \
            (the text of compose/skiff-compose.yaml).
            """,
        subcommands: [ComposeUp.self, ComposeDown.self, ComposePs.self, ComposeLogs.self, ComposeRestart.self,
                      ComposeSupervise.self, ComposeKill.self]
    )
}

extension Skiff {
    /// The entry point: `skiff compose -f file -p name <subcommand> …` (docker compose's order)
    /// becomes `skiff compose <subcommand> --file file --project-name name …` before parsing
    /// (see ``ComposeArguments``); every other command line is parsed as it is.
    static func main() async {
        await main(ComposeArguments.normalize(Array(CommandLine.arguments.dropFirst())))
    }
}

/// The options every `skiff compose` subcommand takes.
struct ComposeOptions: ParsableArguments {
    @Option(name: [.customShort("f"), .long], help: "The compose file (default: $SKIFF_COMPOSE_FILE, else the embedded default cluster).")
    var file: String?

    @Option(name: [.customShort("p"), .customLong("project-name")], help: "Project name (default: the file's name:, else skiff).")
    var projectName: String?

    /// The file to read, absolute (nil: the embedded defaults).
    var path: String? {
        guard let file = file ?? ProcessInfo.processInfo.environment["SKIFF_COMPOSE_FILE"].flatMap({ $0.isEmpty ? nil : $0 }) else { return nil }
        return file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
    }

    /// Reads and resolves the file; a problem is printed and becomes exit status 1.
    func load(nodes: Int?, home: ComposeHome) throws -> (file: ComposeFile, plan: ComposePlan, label: String) {
        do {
            let bytes: [UInt8]
            let label: String
            if let path {
                guard let data = FileManager.default.contents(atPath: path) else { throw ComposeError("cannot read \(path)") }
                bytes = Array(data)
                label = path
            } else {
                bytes = Array(ComposeDefaults.yaml.utf8)
                label = ComposeDefaults.label
            }
            let file: ComposeFile
            do { file = try ComposeFile.parse(bytes) } catch { throw ComposeError("\(label): \(error.message)") }
            var environment = ProcessInfo.processInfo.environment
            environment["SKIFF_HOME"] = home.root
            let available = Set(Skiff.configuration.subcommands.map { $0._commandName })
            let plan = try file.resolve(nodes: nodes, environment: environment, available: available)
            return (file, plan, label)
        } catch let error as ComposeError {
            Console.error("skiff compose: \(error.message)")
            throw ExitCode(1)
        }
    }

    func project(_ file: ComposeFile) -> String { projectName ?? file.name ?? "skiff" }
}

/// `--scale node=N` and `--nodes N`.
struct ScaleOptions: ParsableArguments {
    @Option(help: "How many nodes: node=N (the x-node template's name).")
    var scale: [String] = []

    @Option(help: "How many nodes (same as --scale node=N).")
    var nodes: Int?

    func nodeCount() throws -> Int? {
        var count = nodes
        for entry in scale {
            let parts = entry.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let n = Int(parts[1]), n >= 0 else {
                throw ValidationError("--scale takes SERVICE=N, such as node=3")
            }
            guard parts[0] == "node" else { throw ValidationError("--scale: only the node template (node=N) can be scaled") }
            count = n
        }
        return count
    }
}

/// Runs a supervisor until SIGTERM/SIGINT has stopped everything.
/// `file` (when given) lets a running project take more nodes (`up --scale node=N`).
func runSupervisor(plan: ComposePlan, project: String, label: String, home: ComposeHome, echo: Bool, logging: LoggingOptions,
                   file: ComposeFile? = nil) async throws {
    let logger = logging.bootstrap(label: "skiff.compose")
    var configuration = Supervisor.Configuration(plan: plan, project: project, fileLabel: label, home: home,
                                                 skiffExecutable: Spawner.currentExecutable(),
                                                 environment: ProcessInfo.processInfo.environment, echo: echo)
    if let file {
        var environment = ProcessInfo.processInfo.environment
        environment["SKIFF_HOME"] = home.root
        let available = Set(Skiff.configuration.subcommands.map { $0._commandName })
        configuration.replan = { [environment] (count: Int) throws(ComposeError) -> ComposePlan in
            try file.resolve(nodes: count, environment: environment, available: available)
        }
    }
    let supervisor = Supervisor(configuration: configuration)
    let group = ServiceGroup(services: [supervisor], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
    try await group.run()
}
