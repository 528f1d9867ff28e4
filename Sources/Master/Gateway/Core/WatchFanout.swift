/// The HTTP watchers of the gateway and what each is owed, as a state machine (STYLE.md §2):
/// events in, actions out. Pure: no sockets, no clock.
///
/// One subscriber per resource stream (`pods/`) feeds every watcher of that resource. Each
/// watcher has a revision it has *processed through*: every event of its resource up to there
/// was sent to it or did not match its filter. A watcher is either
/// - **catching up**: a `watch` call to the API server (events after its revision) is under
///   way; live events are buffered, and sent afterwards if newer than what the call returned;
/// - **streaming**: live events newer than its revision that match its filter are sent.
///
/// The stream's `live` notice (the subscription is in force) and any `resync` (events were
/// lost) make every watcher of the stream catch up again from its revision, so no event is
/// lost between the first catch-up and the subscription taking effect, nor across a gap.
public struct WatchFanout: Sendable {
    public typealias WatcherID = Int

    public enum Action: Sendable, Hashable {
        /// Open a subscriber for this stream (first watcher of the resource).
        case subscribe(stream: String)
        /// Call the API server's `watch` for this watcher from `after`, then report
        /// ``WatchFanout/caughtUp(_:events:through:)`` (or remove the watcher on failure).
        case catchUp(WatcherID, after: UInt64)
        /// Write these events to the watcher, in order.
        case send(WatcherID, [WatchItem])
        /// Write the BOOKMARK that ends a `sendInitialEvents` watch's initial events.
        case endInitialEvents(WatcherID, revision: UInt64)
    }

    enum Phase: Sendable {
        /// Buffered live events; `again`: the stream reset during the call, so catch up again after.
        case catchingUp(buffer: [StreamEvent], again: Bool)
        case streaming
    }

    struct Watcher: Sendable {
        var stream: String
        var filter: WatchFilter
        var processed: UInt64
        var phase: Phase
    }

    /// Live events buffered per catching-up watcher before it drops them and catches up again.
    public let bufferLimit: Int
    private var watchers: [WatcherID: Watcher] = [:]
    private var byStream: [String: Set<WatcherID>] = [:]
    private var subscribed: Set<String> = []
    private var nextID = 1

    public init(bufferLimit: Int = 10_000) { self.bufferLimit = bufferLimit }

    /// A watcher starts on `stream`, catching up: its caller makes the first catch-up call
    /// itself (a list, or a watch from the client's revision) and reports it with ``caughtUp``.
    public mutating func add(stream: String, filter: WatchFilter) -> (WatcherID, [Action]) {
        let id = nextID
        nextID += 1
        watchers[id] = Watcher(stream: stream, filter: filter, processed: 0, phase: .catchingUp(buffer: [], again: false))
        byStream[stream, default: []].insert(id)
        guard subscribed.insert(stream).inserted else { return (id, []) }
        return (id, [.subscribe(stream: stream)])
    }

    /// The watcher's catch-up call returned `events` (already filtered by the API server) and
    /// the API server's revision `through`. Sends them and the newer buffered events; with
    /// `endsInitialEvents` (the first catch-up of a `sendInitialEvents` watch), an
    /// ``Action/endInitialEvents(_:revision:)`` between the two.
    public mutating func caughtUp(_ id: WatcherID, events: [WatchItem], through revision: UInt64,
                                  endsInitialEvents: Bool = false) -> [Action] {
        guard var w = watchers[id], case .catchingUp(let buffer, let again) = w.phase else { return [] }
        var actions: [Action] = []
        var caught: [WatchItem] = []
        // Not a running maximum: a list's items come in name order, not revision order.
        let start = w.processed
        for e in events where e.revision > start || e.revision == 0 {
            caught.append(e)
            w.processed = max(w.processed, e.revision)
        }
        w.processed = max(w.processed, revision)
        if !caught.isEmpty { actions.append(.send(id, caught)) }
        if endsInitialEvents { actions.append(.endInitialEvents(id, revision: w.processed)) }
        var newer: [WatchItem] = []
        for e in buffer where e.item.revision > w.processed {
            w.processed = e.item.revision
            if w.filter.matches(topic: e.topic, object: e.item.object) { newer.append(e.item) }
        }
        if !newer.isEmpty { actions.append(.send(id, newer)) }
        if again {
            w.phase = .catchingUp(buffer: [], again: false)
            actions.append(.catchUp(id, after: w.processed))
        } else {
            w.phase = .streaming
        }
        watchers[id] = w
        return actions
    }

    /// The watcher is gone (client left, timeout, or its catch-up failed).
    public mutating func remove(_ id: WatcherID) {
        guard let w = watchers.removeValue(forKey: id) else { return }
        byStream[w.stream]?.remove(id)
    }

    /// A live event of `stream`.
    public mutating func received(_ event: StreamEvent, stream: String) -> [Action] {
        guard let ids = byStream[stream], !ids.isEmpty else { return [] }
        var actions: [Action] = []
        for id in ids.sorted() {
            guard var w = watchers[id] else { continue }
            switch w.phase {
            case .catchingUp(var buffer, let again):
                if buffer.count >= bufferLimit {
                    w.phase = .catchingUp(buffer: [], again: true)
                } else {
                    w.phase = .catchingUp(buffer: [], again: again)
                    buffer.append(event)
                    w.phase = .catchingUp(buffer: buffer, again: again)
                }
            case .streaming:
                guard event.item.revision > w.processed else { continue }
                w.processed = event.item.revision
                if w.filter.matches(topic: event.topic, object: event.item.object) {
                    actions.append(.send(id, [event.item]))
                }
            }
            watchers[id] = w
        }
        return actions
    }

    /// The subscription to `stream` is in force (first message since subscribing, or since it
    /// was silent or disconnected): whatever came before it may be missing, so catch up.
    public mutating func live(stream: String) -> [Action] { resetAll(stream) }

    /// Events of `stream` were lost. If the stream must be seen live first (silence,
    /// disconnection), the catch-up waits for ``live(stream:)``; otherwise it starts now.
    public mutating func resync(stream: String, waitForLive: Bool) -> [Action] {
        waitForLive ? [] : resetAll(stream)
    }

    /// Opening the subscriber of `stream` failed: its watchers (returned) must end, and the
    /// next watcher tries again.
    public mutating func subscribeFailed(stream: String) -> [WatcherID] {
        subscribed.remove(stream)
        return (byStream[stream] ?? []).sorted()
    }

    /// The revision a BOOKMARK may carry for this watcher now, or nil while it is catching up.
    public func bookmarkRevision(_ id: WatcherID) -> UInt64? {
        guard let w = watchers[id], case .streaming = w.phase, w.processed > 0 else { return nil }
        return w.processed
    }

    /// How many watchers follow `stream`.
    public func watcherCount(stream: String) -> Int { byStream[stream]?.count ?? 0 }

    private mutating func resetAll(_ stream: String) -> [Action] {
        var actions: [Action] = []
        for id in (byStream[stream] ?? []).sorted() {
            guard var w = watchers[id] else { continue }
            switch w.phase {
            case .catchingUp(let buffer, _):
                w.phase = .catchingUp(buffer: buffer, again: true)
            case .streaming:
                w.phase = .catchingUp(buffer: [], again: false)
                actions.append(.catchUp(id, after: w.processed))
            }
            watchers[id] = w
        }
        return actions
    }
}
