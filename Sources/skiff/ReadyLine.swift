import ServiceLifecycle

/// Prints a service's ready line once its `ServiceGroup` runs — after the group has trapped
/// SIGTERM and SIGINT, so that a supervisor that signals as soon as it reads the line gets a
/// graceful shutdown, never the default (fatal) signal action. List it last in the group.
struct ReadyLine: Service {
    let text: String

    func run() async throws {
        Console.line(text)
        try? await gracefulShutdown()
    }
}
