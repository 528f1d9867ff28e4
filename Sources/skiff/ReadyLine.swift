import ServiceLifecycle

/// Prints a service's ready line once its `ServiceGroup` runs — after the group has trapped
/// SIGTERM and SIGINT, so that a supervisor that signals as soon as it reads the line gets a
/// graceful shutdown, never the default (fatal) signal action. List it last in the group.
struct ReadyLine: Service {
    let text: String
    /// What must be done before the line is printed (e.g. initial state loaded).
    var before: (@Sendable () async -> Void)? = nil

    func run() async throws {
        if let before {
            await cancelWhenGracefulShutdown { await before() }
            if Task.isCancelled || Task.isShuttingDownGracefully { return }
        }
        Console.line(text)
        try? await gracefulShutdown()
    }
}
