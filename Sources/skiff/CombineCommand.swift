import ArgumentParser
import Logging
import ServiceLifecycle
import Synchronization

/// `skiff combine`: several components in one process, as k3s runs a whole server (or agent) in
/// one. Each component is the same subcommand with the same arguments as on its own — its
/// sockets, messages and peers do not change, so a component can move in or out of a combined
/// process without anything else noticing — but the process's memory is shared: the `skiff`
/// binary's pages, the Swift runtime and Foundation are resident once instead of once per
/// component (most of a Skiff process's resident memory; see README "Footprint").
///
/// Components start one after another in the order given, each once the one before has printed
/// its ready line (the order of a compose file's `depends_on`); `skiff combine ready` follows the
/// last. SIGTERM or SIGINT — or a component ending on its own — stops them in reverse order, each
/// finished before the next is asked (so a kubelet stops before its runtime drains the pods).
/// The exit status is the first failing component's, 0 when all stopped cleanly.
struct CombineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "combine",
        abstract: "Run several components in one process: skiff combine store … -- apiserver … -- scheduler …",
        discussion: "Components: \(Combined.components.sorted().joined(separator: ", ")). Each segment between -- is a subcommand with its own arguments."
    )

    @Argument(parsing: .captureForPassthrough, help: "Components and their arguments, separated by --.")
    var arguments: [String] = []

    func run() async throws {
        var segments: [[String]] = [[]]
        for argument in arguments {
            if argument == "--" { segments.append([]) } else { segments[segments.count - 1].append(argument) }
        }
        segments = segments.filter { !$0.isEmpty }
        guard !segments.isEmpty else {
            Console.error("skiff combine: name at least one component, e.g. skiff combine scheduler --api … -- dns --api …")
            throw ExitCode(2)
        }
        var commands: [(name: String, arguments: [String])] = []
        for segment in segments {
            let name = segment[0]
            guard Combined.components.contains(name) else {
                Console.error("skiff combine: \(name) is not a component that can be combined (\(Combined.components.sorted().joined(separator: ", ")))")
                throw ExitCode(2)
            }
            do {
                // Parsed here to refuse bad arguments before anything starts; again in its task.
                guard try Skiff.parseAsRoot(segment) is any AsyncParsableCommand else { throw ExitCode(2) }
                commands.append((name, segment))
            } catch {
                Console.error("skiff combine: \(name): \(Skiff.message(for: error))")
                throw ExitCode(2)
            }
        }
        Combined.enable()
        let logger = Logger(label: "skiff.combine")
        let supervisor = CombineSupervisor(commands: commands, logger: logger)
        let group = ServiceGroup(services: [supervisor], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
        if let code = supervisor.exitCode.withLock({ $0 }), code != 0 { throw ExitCode(code) }
    }
}

/// Starts the components in order and stops them in reverse (see ``CombineCommand``).
final class CombineSupervisor: Service, Sendable {
    enum Event: Sendable {
        case ready
        case finished(index: Int, code: Int32)
    }

    let commands: [(name: String, arguments: [String])]
    let logger: Logger
    let exitCode = Mutex<Int32?>(nil)

    init(commands: [(name: String, arguments: [String])], logger: Logger) {
        self.commands = commands
        self.logger = logger
    }

    func run() async throws {
        let (events, sink) = AsyncStream<Event>.makeStream()
        Combined.onReadyLine { _ in sink.yield(.ready) }
        var iterator = events.makeAsyncIterator()
        var tasks: [Task<Void, Never>] = []
        var finished = Set<Int>()
        var failed = false
        // Graceful shutdown (the signals) ends the wait for an event; it does not cancel this task.
        let shutdown = Task { try? await gracefulShutdown(); sink.yield(.finished(index: -1, code: 0)) }
        defer { shutdown.cancel() }

        start: for (index, entry) in commands.enumerated() {
            tasks.append(Task.detached { [logger] in
                var code: Int32 = 0
                do {
                    guard var command = try Skiff.parseAsRoot(entry.arguments) as? any AsyncParsableCommand else { throw ExitCode(2) }
                    try await Combined.$component.withValue(index) { try await command.run() }
                } catch let exit as ExitCode {
                    code = exit.rawValue
                } catch {
                    logger.error("component failed", metadata: ["component": "\(entry.name)", "error": "\(error)"])
                    code = 1
                }
                sink.yield(.finished(index: index, code: code))
            })
            // Wait for its ready line (a ready count above the components started before it).
            var ready = Combined.readyCount()
            while ready <= index {
                guard let event = await iterator.next() else { break start }
                switch event {
                case .ready: ready = Combined.readyCount()
                case .finished(let i, let code):
                    if i >= 0 { finished.insert(i) }
                    record(code)
                    failed = true
                    break start
                }
            }
        }
        if !failed {
            Console.line("skiff combine ready components=\(commands.map(\.name).joined(separator: ","))")
            // Until a signal, or until a component ends on its own.
            wait: while let event = await iterator.next() {
                switch event {
                case .ready: continue
                case .finished(let i, let code):
                    if i >= 0 {
                        finished.insert(i)
                        logger.warning("a component ended; stopping the others", metadata: ["component": "\(commands[i].name)"])
                    }
                    record(code)
                    break wait
                }
            }
        }
        // Reverse order, each one gone before the next is asked.
        let groups = Combined.groups()
        for index in tasks.indices.reversed() {
            if !finished.contains(index) {
                if let group = groups[index] { await group.triggerGracefulShutdown() } else { tasks[index].cancel() }
            }
            await tasks[index].value
        }
        // The exit codes of those that failed on the way down.
        sink.finish()
        while let event = await iterator.next() {
            if case .finished(let i, let code) = event, i >= 0 { record(code) }
        }
    }

    private func record(_ code: Int32) {
        exitCode.withLock { if $0 == nil || $0 == 0 { $0 = code } }
    }
}

/// Process-wide state of `skiff combine`: whether components run combined, each component's
/// service group, and the ready lines printed so far.
enum Combined {
    /// The subcommands that run as long-lived components.
    static let components: Set<String> = ["store", "apiserver", "gateway", "scheduler", "controller-manager", "dns",
                                          "runtime", "kubelet", "proxy", "cadvisor"]

    /// The index of the component whose task this is (set by the supervisor around its `run()`).
    @TaskLocal static var component: Int?

    struct State {
        var enabled = false
        var groups: [Int: ServiceGroup] = [:]
        var readyLines = 0
        var onReady: (@Sendable (String) -> Void)?
    }

    static let state = Mutex(State())

    static func enable() { state.withLock { $0.enabled = true } }
    static func groups() -> [Int: ServiceGroup] { state.withLock { $0.groups } }
    static func readyCount() -> Int { state.withLock { $0.readyLines } }
    static func onReadyLine(_ body: @escaping @Sendable (String) -> Void) { state.withLock { $0.onReady = body } }

    /// Called for every line a component prints on stdout.
    static func printed(_ line: String) {
        guard line.hasPrefix("skiff "), line.contains(" ready") else { return }
        let hook = state.withLock { s -> (@Sendable (String) -> Void)? in
            guard s.enabled else { return nil }
            s.readyLines += 1
            return s.onReady
        }
        hook?(line)
    }

    /// A component's service group: on its own it traps SIGTERM and SIGINT; combined it traps
    /// nothing (`skiff combine` does, and asks each group to stop in turn).
    static func group(_ services: [any Service], logger: Logger) -> ServiceGroup {
        state.withLock { s in
            guard s.enabled else {
                return ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            }
            let group = ServiceGroup(services: services, gracefulShutdownSignals: [], logger: logger)
            if let index = component { s.groups[index] = group }
            return group
        }
    }
}
