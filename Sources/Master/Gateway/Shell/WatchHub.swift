import Bus
import Client
import Logging
import Resources
import ServiceLifecycle
import Synchronization

/// Shares one event-stream subscriber per resource among all HTTP watchers and fans events out
/// in-process: the shell of ``WatchFanout``. Each watcher reads its commands from an
/// `AsyncStream`; the hub never waits on a watcher (a slow HTTP client only grows its own
/// stream's buffer).
///
/// A resource's subscriber is opened by its first watcher and then kept (there are about twenty
/// resources), so later watches need not wait for a new subscription to take effect.
/// As a `Service`, `run()` owns the subscribers' reading tasks until graceful shutdown.
public actor WatchHub: Service {
    /// What a watcher is told to do, in order.
    public enum Command: Sendable {
        case send([WatchItem])
        /// Send the BOOKMARK ending the initial events (`sendInitialEvents`).
        case endInitialEvents(revision: UInt64)
        /// Catch up with the API server's `watch` from this revision, then report ``caughtUp``.
        case catchUp(after: UInt64)
        /// End with this error (sent as an ERROR event).
        case fail(StatusError)
        /// Time for a bookmark (from the watcher's own timer).
        case bookmarkTick
        /// The watch's `timeoutSeconds` ran out (from the watcher's own timer).
        case timeout
    }

    let endpoints: [String]
    let logger: Logger
    private var fanout = WatchFanout()
    /// Each watcher's command stream; nil once shutting down (watches end, new ones are refused).
    /// In a mutex rather than actor state so the graceful-shutdown handler can end them at once.
    private let outlets = Mutex<[WatchFanout.WatcherID: AsyncStream<Command>.Continuation]?>([:])
    private let starts: AsyncStream<String>.Continuation
    private let startRequests: AsyncStream<String>
    /// The open subscribers; nil once shutting down.
    private let subscribers = Mutex<[EventStream.Subscriber]?>([])

    public init(eventEndpoints: [String], logger: Logger) {
        self.endpoints = eventEndpoints
        self.logger = logger
        (startRequests, starts) = AsyncStream.makeStream(of: String.self)
    }

    /// Registers a watcher of `stream` (`pods/`), catching up: the caller makes the first
    /// catch-up call and reports it with ``caughtUp(_:events:through:)``.
    public func add(stream: String, filter: WatchFilter) -> (WatchFanout.WatcherID, AsyncStream<Command>, AsyncStream<Command>.Continuation) {
        let (id, actions) = fanout.add(stream: stream, filter: filter)
        let (commands, outlet) = AsyncStream.makeStream(of: Command.self)
        let open = outlets.withLock { o in
            o?[id] = outlet
            return o != nil
        }
        if !open { outlet.finish() }
        perform(actions)
        return (id, commands, outlet)
    }

    public func caughtUp(_ id: WatchFanout.WatcherID, events: [WatchItem], through revision: UInt64,
                         endsInitialEvents: Bool = false) {
        perform(fanout.caughtUp(id, events: events, through: revision, endsInitialEvents: endsInitialEvents))
    }

    public func remove(_ id: WatchFanout.WatcherID) {
        fanout.remove(id)
        outlets.withLock { $0?.removeValue(forKey: id) }?.finish()
    }

    public func bookmarkRevision(_ id: WatchFanout.WatcherID) -> UInt64? { fanout.bookmarkRevision(id) }

    /// One delivery of a resource's subscriber.
    func deliver(_ delivery: EventStream.Delivery) {
        switch delivery {
        case .live(let stream):
            perform(fanout.live(stream: stream))
        case .resync(let stream, let reason):
            logger.info("event stream resync; watchers catch up", metadata: ["stream": "\(stream)", "reason": "\(reason)"])
            perform(fanout.resync(stream: stream, waitForLive: reason.needsLiveness))
        case .event(let e):
            guard fanout.watcherCount(stream: e.stream) > 0 else { return }
            guard let event = try? ClusterEvent(decoding: e.body) else {
                logger.warning("dropped a malformed cluster event", metadata: ["topic": "\(e.topic)"])
                return
            }
            let item = WatchItem(type: event.type.rawValue, object: event.object, revision: e.revision, raw: e.body)
            perform(fanout.received(StreamEvent(topic: e.topic, item: item), stream: e.stream))
        }
    }

    /// A subscriber could not be opened: its watchers end with the error.
    func subscribeFailed(stream: String, _ error: StatusError) {
        for id in fanout.subscribeFailed(stream: stream) {
            outlet(id)?.yield(.fail(error))
        }
    }

    private func perform(_ actions: [WatchFanout.Action]) {
        for action in actions {
            switch action {
            case .subscribe(let stream): starts.yield(stream)
            case .catchUp(let id, let after): outlet(id)?.yield(.catchUp(after: after))
            case .send(let id, let items): outlet(id)?.yield(.send(items))
            case .endInitialEvents(let id, let revision): outlet(id)?.yield(.endInitialEvents(revision: revision))
            }
        }
    }

    /// Ends every watch and refuses new ones. Call at the start of a graceful shutdown: the
    /// HTTP server waits for open responses (watches last up to an hour) before it stops.
    public nonisolated func endAll() {
        let open = outlets.withLock { o in
            defer { o = nil }
            return o ?? [:]
        }
        for outlet in open.values { outlet.finish() }
    }

    private func outlet(_ id: WatchFanout.WatcherID) -> AsyncStream<Command>.Continuation? {
        outlets.withLock { $0?[id] }
    }

    public nonisolated func run() async throws {
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                for await stream in startRequests {
                    group.addTask { await self.follow(stream: stream) }
                }
                // Shutting down: closing the subscribers ends their followers.
                let open = subscribers.withLock { list in
                    defer { list = nil }
                    return list ?? []
                }
                for s in open { await s.close() }
            }
        } onGracefulShutdown: {
            self.endAll()
            self.starts.finish()
        }
    }

    /// Opens the subscriber of one stream and hands its deliveries to the hub until it closes.
    private nonisolated func follow(stream: String) async {
        let subscriber: EventStream.Subscriber
        do {
            subscriber = try await EventStream.Subscriber(connect: endpoints, streams: [stream], logger: logger)
        } catch {
            logger.error("cannot subscribe to the cluster event stream", metadata: ["stream": "\(stream)", "error": "\(error)"])
            await subscribeFailed(stream: stream, .internalError("cannot subscribe to the cluster event stream \(stream): \(error)"))
            return
        }
        let kept = subscribers.withLock { list in
            list?.append(subscriber)
            return list != nil
        }
        guard kept else { await subscriber.close(); return }
        for await delivery in subscriber.deliveries {
            await deliver(delivery)
        }
    }
}
