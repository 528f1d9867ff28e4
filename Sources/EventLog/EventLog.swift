import Dispatch
import Synchronization

/// The store's storage engine: an append-only, revisioned key-value log with an in-memory index
/// of the latest version of every key. No sockets, no clock: time comes in as `now` arguments.
///
/// - Durability: a write (`txn`, `put`, `delete`, lease grant/revoke, `compact`) returns only after
///   its log entries are on disk (write + fdatasync). Concurrent writers share one fdatasync
///   (group commit). The disk I/O runs on a dedicated dispatch queue, never on Swift's
///   cooperative pool.
/// - Ordering: writes are evaluated and assigned revisions in the order they call in; revisions
///   are contiguous, one per key change, starting at 1.
/// - Consistency: reads (`get`, `range`, `revision`) see exactly the durable, acknowledged state:
///   every write acknowledged before the read started, and nothing that is not yet durable.
/// - Thread-safety: all methods may be called from any task or thread.
public final class EventLog: Sendable {
    /// Largest value accepted, in bytes (1.5 MiB, as etcd's default request limit).
    public static let maxValueSize = 1536 * 1024

    /// The directory holding segments, snapshots and the lock file.
    public let directory: String
    public let options: EventLogOptions
    /// What recovery found on open (snapshot used, torn tail cut, entries replayed).
    public let openReport: OpenReport

    let core: Mutex<Core>
    let writer: SegmentWriter
    /// Writes and fdatasyncs, one batch at a time.
    let ioQueue = DispatchQueue(label: "skiff.eventlog.io")
    /// Snapshots, segment deletion and catch-up reads from disk.
    let backgroundQueue = DispatchQueue(label: "skiff.eventlog.background")

    private init(directory: String, options: EventLogOptions, recovered: Recovery.Result, lockFD: Int32) throws(EventLogError) {
        self.directory = directory
        self.options = options
        self.openReport = recovered.report
        self.writer = try SegmentWriter(directory: directory, segment: recovered.segments[recovered.segments.count - 1],
                                        segmentSize: options.segmentSize)
        self.core = Mutex(Core(state: recovered.state, segments: recovered.segments, snapshots: recovered.snapshots,
                               maxBatchBytes: options.maxBatchBytes, lockFD: lockFD))
    }

    deinit {
        let fd = core.withLock { $0.lockFD }
        if fd >= 0 { FileIO.close(fd) }
    }

    /// Opens (creating if needed) the log in `directory` and recovers its state: the newest valid
    /// snapshot, then the log after it. A torn tail of the last segment is cut off and reported
    /// in `openReport`; any other damaged record makes this throw `.corrupt` naming file and
    /// offset (run `repair` to cut the log there). Only one `EventLog` may hold a directory.
    public static func open(directory: String, options: EventLogOptions = EventLogOptions()) async throws(EventLogError) -> EventLog {
        try await onQueue(DispatchQueue(label: "skiff.eventlog.open")) { () throws(EventLogError) -> EventLog in
            try FileIO.makeDirectory(directory)
            let lockFD = try FileIO.lock(directory + "/LOCK")
            do throws(EventLogError) {
                let recovered = try Recovery(directory: directory, options: options).run()
                return try EventLog(directory: directory, options: options, recovered: recovered, lockFD: lockFD)
            } catch {
                FileIO.close(lockFD)
                throw error
            }
        }
    }

    /// Waits for accepted writes to finish, then stops writing. Later writes throw `.closed`;
    /// in-memory reads keep working. Change-stream subscriptions end.
    public func close() async {
        let subscribers = await withCheckedContinuation { (cont: CheckedContinuation<[AsyncStream<[Record]>.Continuation], Never>) in
            let ready: [AsyncStream<[Record]>.Continuation]? = core.withLock { c in
                c.closed = true
                let subs = Array(c.subscribers.values)
                c.subscribers.removeAll()
                if c.flushing {
                    c.closeWaiters.append { cont.resume(returning: subs) }
                    return nil
                }
                return subs
            }
            if let ready { cont.resume(returning: ready) }
        }
        await Self.onQueue(ioQueue) { () throws(Never) in self.writer.close() }
        await Self.onQueue(backgroundQueue) { () throws(Never) in }
        for s in subscribers { s.finish() }
        let fd = core.withLock { c in
            defer { c.lockFD = -1 }
            return c.lockFD
        }
        if fd >= 0 { FileIO.close(fd) }
    }

    // MARK: Reads

    /// The current (durable) revision: the revision of the last acknowledged change.
    public var revision: Int64 { core.withLock { $0.state.revision } }

    /// Changes at or below this revision are no longer available from `changes(since:)`.
    public var compactedRevision: Int64 { core.withLock { $0.state.compactRevision } }

    /// The latest version of `key`, or `nil` if it does not exist.
    public func get(_ key: Key) -> KeyValue? { core.withLock { $0.state.index[key] } }

    /// Reads one key or a prefix at the current revision, in key order, honouring `limit` and
    /// the continue token. The result is a consistent view at `result.revision`.
    public func range(_ request: RangeRequest) throws(EventLogError) -> RangeResult {
        try request.validate()
        return core.withLock { $0.state.index.range(request, revision: $0.state.revision) }
    }

    /// Counters since open.
    public var stats: EventLogStats { core.withLock { $0.stats } }

    /// A live change stream: every record committed after `revision`, one array per durable
    /// batch, in revision order with no gaps. Yielded after the batch is durable and before its
    /// writers are resumed. Unbounded buffer: consume it promptly. Ends when the log closes.
    public struct Subscription: Sendable {
        /// Records up to and including this revision are not in the stream.
        public let revision: Int64
        public let records: AsyncStream<[Record]>
    }

    /// Subscribes to committed changes. Combine with `changes(since:)` to catch up from an older
    /// revision: read changes since R up to `subscription.revision`, then consume the stream.
    public func subscribe() -> Subscription {
        let (stream, continuation) = AsyncStream<[Record]>.makeStream(bufferingPolicy: .unbounded)
        let (id, rev, closed) = core.withLock { c in
            let id = c.nextSubscriber
            c.nextSubscriber += 1
            if !c.closed { c.subscribers[id] = continuation }
            return (id, c.state.revision, c.closed)
        }
        if closed { continuation.finish() }
        continuation.onTermination = { [weak self] _ in
            _ = self?.core.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return Subscription(revision: rev, records: stream)
    }

    /// Runs blocking `work` on `queue` and resumes the caller with its result.
    static func onQueue<T: Sendable, E: Error>(_ queue: DispatchQueue, _ work: @escaping @Sendable () throws(E) -> T) async throws(E) -> T {
        let result: Result<T, E> = await withCheckedContinuation { cont in
            queue.async {
                do throws(E) { cont.resume(returning: .success(try work())) } catch { cont.resume(returning: .failure(error)) }
            }
        }
        return try result.get()
    }
}
