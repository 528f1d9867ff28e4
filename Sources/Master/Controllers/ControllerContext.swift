import Client
import Logging
import Resources

/// What a controller gets from the manager: the API client, the shared caches, the event
/// recorder, the clock. Thread-safe.
public struct ControllerContext: Sendable {
    public let client: APIClient
    public let informers: SharedInformers
    public let recorder: EventRecorder
    public let applier: Applier
    public let logger: Logger
    /// The current time; the only clock controllers read (time is an input of reconcile).
    public let now: @Sendable () -> MetaTime

    public init(client: APIClient, informers: SharedInformers, recorder: EventRecorder, logger: Logger,
                now: @escaping @Sendable () -> MetaTime = MetaTime.current) {
        self.client = client
        self.informers = informers
        self.recorder = recorder
        self.applier = Applier(client: client, recorder: recorder, logger: logger)
        self.logger = logger
        self.now = now
    }

    /// The local cache of `kind` (the controller must have listed it in `resources`).
    public func cache(_ kind: ResourceKind) -> Informer { informers.informer(kind) }
}
