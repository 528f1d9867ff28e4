import ArgumentParser
import Logging
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// `skiff`: one binary, one subcommand per component (DESIGN.md §1).
@main
struct Skiff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skiff",
        abstract: "A container orchestrator in the shape of Kubernetes, over ZeroMQ.",
        version: SkiffVersion.string,
        // One line a subcommand, so that adding one never conflicts with another.
        subcommands: [
            BusDemo.self,
            Bench.self,
            StoreCommand.self,
            StoreCtl.self,
            CombineCommand.self,
            APIServerCommand.self,
            EventsCommand.self,
            GatewayCommand.self,
            RuntimeCommand.self,
            CAdvisorCommand.self,
            SchedulerCommand.self,
            ComposeCommand.self,
            KubeletCommand.self,
            DNSCommand.self,
            ControllerManagerCommand.self,
            ProxyCommand.self,
        ]
    )
}

enum SkiffVersion {
    static let string = "0.1.0"
}

/// Options every long-running subcommand takes.
struct LoggingOptions: ParsableArguments {
    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    /// Sends logs to stderr at the chosen level. Call first thing in `run()`. The logging system
    /// is set up once per process: in `skiff combine` the first component's call sets it up,
    /// and each later one gets a logger at its own level.
    func bootstrap(label: String) -> Logger {
        let level = logLevel
        let first = Self.bootstrapped.withLock { done in
            defer { done = true }
            return !done
        }
        if first {
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }

    private static let bootstrapped = Mutex(false)
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// Unbuffered writes to standard output and error, for lines other processes wait for.
enum Console {
    static func line(_ text: String) {
        write(1, text + "\n")
        Combined.printed(text)
    }
    static func error(_ text: String) { write(2, text + "\n") }

    private static func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 { if errno == EINTR { continue } else { return } }
            bytes = bytes.dropFirst(written)
        }
    }
}
