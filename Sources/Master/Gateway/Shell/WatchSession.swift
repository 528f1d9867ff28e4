import Client
import Logging
import Resources

/// One HTTP watch: registers with the ``WatchHub``, makes the first catch-up (a list when no
/// revision was given, else the API server's `watch` from it), then streams lines until the
/// timeout, the client leaving, or an error.
struct WatchSession: Sendable {
    let request: WatchRequest
    let format: ResponseFormat
    let backend: APIBackend
    let hub: WatchHub
    let bookmarkInterval: Duration
    let defaultTimeout: ClosedRange<Int>
    let logger: Logger

    /// A registered watcher whose first events are queued.
    struct Started: Sendable {
        let id: WatchFanout.WatcherID
        let commands: AsyncStream<WatchHub.Command>
        let outlet: AsyncStream<WatchHub.Command>.Continuation
    }

    /// Registers and makes the first catch-up.
    /// - Throws: the API server's error (the HTTP answer is that error, not a stream). A 410 is
    ///   not thrown: the caller sends it as an ERROR event in a 200 stream, as Kubernetes does.
    func start() async throws(StatusError) -> Result<Started, StatusError> {
        let (id, commands, outlet) = await hub.add(stream: ClusterEvent.stream(resource: request.type.plural),
                                                   filter: request.filter())
        do {
            let (events, through) = try await catchUp(after: request.sendInitialEvents ? nil : request.resourceVersion)
            await hub.caughtUp(id, events: events, through: through, endsInitialEvents: request.sendInitialEvents)
            return .success(Started(id: id, commands: commands, outlet: outlet))
        } catch {
            await hub.remove(id)
            if error.code == 410 { return .failure(error) }
            throw error
        }
    }

    /// Events after `revision` (filtered by the API server) and the revision they run to; with
    /// no revision, a list whose items become ADDED events.
    func catchUp(after revision: UInt64?) async throws(StatusError) -> ([WatchItem], UInt64) {
        let t = request.type
        guard let revision else {
            let reply = try await backend.call(APIRequest(.list, group: t.group, version: t.version, resource: t.plural,
                                                          namespace: request.namespace, query: request.apiQuery(resourceVersion: nil)))
            let list = try reply.object()
            guard let rv = list["metadata"]["resourceVersion"]?.string.flatMap({ UInt64($0) }) else {
                throw .internalError("the API server's list has no resourceVersion")
            }
            let items = (list["items"]?.array ?? []).map { item -> WatchItem in
                var o = item
                if o["kind"] == nil { o["kind"] = .string(t.kind) }
                if o["apiVersion"] == nil { o["apiVersion"] = .string(t.groupVersion) }
                return WatchItem(type: "ADDED", object: o, revision: WatchItem.revision(of: o) ?? 0)
            }
            return (items, rv)
        }
        let reply = try await backend.call(APIRequest(.watch, group: t.group, version: t.version, resource: t.plural,
                                                      namespace: request.namespace, query: request.apiQuery(resourceVersion: revision)))
        let body = try reply.object()
        guard let rv = body["resourceVersion"]?.string.flatMap({ UInt64($0) }) else {
            throw .internalError("the API server's watch reply has no resourceVersion")
        }
        return ((body["events"]?.array ?? []).compactMap { WatchItem(watchEvent: $0) }, rv)
    }

    /// Writes the watch's lines through `write` until it ends. Ends the watcher in the hub.
    func stream(_ started: Started, write: (_ line: [UInt8]) async throws -> Void) async {
        let timeout = request.timeoutSeconds ?? Int.random(in: defaultTimeout)
        let bookmarks = request.allowBookmarks && format == .object
        let interval = bookmarkInterval
        let outlet = started.outlet
        var encoder = WatchEncoder(format: format, type: request.type)
        var lastBookmark: UInt64 = 0
        await withTaskGroup(of: Void.self) { timers in
            timers.addTask {
                try? await Task.sleep(for: .seconds(timeout))
                outlet.yield(.timeout)
            }
            if bookmarks {
                timers.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: interval)
                        outlet.yield(.bookmarkTick)
                    }
                }
            }
            defer { timers.cancelAll() }
            do {
                loop: for await command in started.commands {
                    switch command {
                    case .send(let items):
                        for item in items { try await write(encoder.encode(item, now: Self.now())) }
                    case .catchUp(let after):
                        do throws(StatusError) {
                            let (events, through) = try await catchUp(after: after)
                            await hub.caughtUp(started.id, events: events, through: through)
                        } catch {
                            logger.info("watch catch-up failed; ending the watch",
                                        metadata: ["resource": "\(request.type.plural)", "error": "\(error)"])
                            if error.code == 410 { try await write(WatchEncoder.error(error)) }
                            break loop
                        }
                    case .endInitialEvents(let revision):
                        try await write(encoder.bookmark(revision: revision, initialEventsEnd: true))
                        lastBookmark = revision
                    case .fail(let error):
                        try await write(WatchEncoder.error(error))
                        break loop
                    case .bookmarkTick:
                        if let rv = await hub.bookmarkRevision(started.id), rv > lastBookmark {
                            try await write(encoder.bookmark(revision: rv))
                            lastBookmark = rv
                        }
                    case .timeout:
                        if bookmarks, let rv = await hub.bookmarkRevision(started.id), rv > lastBookmark {
                            try await write(encoder.bookmark(revision: rv))
                        }
                        break loop
                    }
                }
            } catch {
                logger.debug("watch client went away", metadata: ["error": "\(error)"])
            }
        }
        await hub.remove(started.id)
        logger.debug("watch ended", metadata: ["resource": "\(request.type.plural)", "watch.id": "\(started.id)"])
    }

    /// Seconds since the epoch, for Table ages.
    static func now() -> Int64 { Int64(time(nil)) }
}

#if canImport(Glibc)
import Glibc
#endif
