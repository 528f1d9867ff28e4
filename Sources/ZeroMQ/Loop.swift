import DequeModule
import Foundation
import HeapModule
import Synchronization
import CZeroMQ
#if canImport(Glibc)
import Glibc
#endif

/// A dedicated thread that owns ZeroMQ sockets and runs `zmq_poll` over them: the zguide's
/// "agent", Skiff's answer to sockets that are neither thread-safe nor async.
///
/// Guarantees:
/// - Every socket registered with a loop is created, used and closed on the loop's thread only.
/// - Work given to `execute` runs on that thread in the order it was given.
/// - The thread sleeps in `zmq_poll` when there is nothing to do: no busy polling. Other
///   threads wake it through an `eventfd`, written only when the thread might be asleep, so a
///   burst of `execute` calls costs one wake-up.
/// - Nothing here ever blocks a caller: `execute` takes a lock for a queue append only.
///
/// Timers (`schedule(at:_:)`) fire on the loop thread, no earlier than their deadline.
public final class Loop: Sendable {
    /// Work handed to the loop thread.
    public typealias Work = @Sendable () -> Void

    private struct Mailbox {
        var work: Deque<Work> = []
        /// True from the moment a wake-up was written until the loop takes the work, so that
        /// a burst of `execute` calls writes the eventfd once.
        var wakePending = false
        var closed = false
    }

    public let name: String
    private let mailbox = Mutex(Mailbox())
    private let wakeFD: Int32
    private let threadID = Atomic<UInt>(0)
    private let exited = Mutex<(done: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))
    /// State only the loop thread touches.
    private let local: LoopLocal

    /// Starts a loop thread named `name` (visible in `top -H` and debuggers, truncated to 15 bytes).
    public init(name: String) throws {
        let fd = eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK))
        guard fd >= 0 else { throw ZMQError(code: errno, operation: "eventfd for loop \(name)") }
        self.name = name
        self.wakeFD = fd
        self.local = LoopLocal()
        Thread { [self] in self.threadMain() }.start()
    }

    /// Whether the caller is running on this loop's thread.
    public var inLoop: Bool {
        threadID.load(ordering: .acquiring) == UInt(pthread_self())
    }

    /// Runs `work` on the loop thread, after all work given before it.
    /// - Returns: false, without running it, if the loop has shut down.
    @discardableResult
    public func execute(_ work: @escaping Work) -> Bool {
        let wake: Bool? = mailbox.withLock { box in
            if box.closed { return nil }
            box.work.append(work)
            if box.wakePending { return false }
            box.wakePending = true
            return true
        }
        guard let wake else { return false }
        if wake { signal() }
        return true
    }

    /// Stops the loop: runs the work already queued, closes every registered socket, ends the
    /// thread. Returns once the thread has ended. Idempotent; safe from any task.
    public func shutdown() async {
        execute { [local] in local.running = false }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = exited.withLock { state -> Bool in
                if state.done { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    deinit {
        // Closed here, not when the thread ends: a caller of `execute` that raced with the
        // shutdown may still write to it, and a closed descriptor's number is soon reused by
        // another socket, which that write would corrupt. Nothing can signal a released loop.
        close(wakeFD)
    }

    private func signal() {
        var one: UInt64 = 1
        _ = withUnsafeBytes(of: &one) { write(wakeFD, $0.baseAddress, 8) }
    }

    // MARK: Loop-thread API

    /// Registers `socket` with the loop: when it is readable, `onReadable` runs on the loop
    /// thread. Call on the loop thread. The loop closes the socket when it shuts down.
    public func register(_ socket: Socket, onReadable: @escaping () -> Void) {
        precondition(inLoop, "Loop.register must run on loop \(name)")
        local.registrations.append(.init(socket: socket, onReadable: onReadable))
    }

    /// Asks for `onWritable` to run when `socket` can send again (after a send returned false).
    /// Pass nil to stop asking. Call on the loop thread.
    public func setWritableHandler(_ socket: Socket, _ onWritable: (() -> Void)?) {
        precondition(inLoop, "Loop.setWritableHandler must run on loop \(name)")
        guard let index = local.registrations.firstIndex(where: { $0.socket === socket }) else { return }
        local.registrations[index].onWritable = onWritable
    }

    /// Removes `socket` from the loop and closes it. Call on the loop thread.
    public func unregister(_ socket: Socket) {
        precondition(inLoop, "Loop.unregister must run on loop \(name)")
        local.registrations.removeAll { $0.socket === socket }
        socket.close()
    }

    /// Runs `action` on the loop thread at `deadline` or soon after. Call on the loop thread.
    @discardableResult
    public func schedule(at deadline: ContinuousClock.Instant, _ action: @escaping () -> Void) -> TimerID {
        precondition(inLoop, "Loop.schedule must run on loop \(name)")
        local.nextTimer += 1
        let id = TimerID(raw: local.nextTimer)
        local.timers.insert(.init(deadline: deadline, id: id))
        local.timerActions[id] = action
        return id
    }

    /// Cancels a timer that has not fired. Call on the loop thread.
    public func cancel(_ timer: TimerID) {
        precondition(inLoop, "Loop.cancel must run on loop \(name)")
        local.timerActions[timer] = nil
    }

    // MARK: The thread

    private func threadMain() {
        threadID.store(UInt(pthread_self()), ordering: .releasing)
        // Linux thread names are at most 15 bytes; `top -H` and debuggers show them.
        skiff_set_thread_name(name)
        let local = self.local
        var poller = Poller()
        while local.running {
            poller.removeAll()
            poller.add(.fileDescriptor(wakeFD, readable: true))
            local.registrations.removeAll { $0.socket.isClosed }
            let polled = local.registrations
            for registration in polled {
                poller.add(.socket(registration.socket, readable: true, writable: registration.onWritable != nil))
            }
            let ready: Int
            do {
                ready = try poller.poll(timeout: local.pollTimeout(now: .now))
            } catch {
                // Only a closed socket makes zmq_poll fail; drop closed ones and go on.
                local.registrations.removeAll { $0.socket.isClosed }
                continue
            }
            if ready > 0 {
                if poller.isReadable(0) { drainMailbox() }
                for (offset, registration) in polled.enumerated() where !registration.socket.isClosed {
                    let index = offset + 1
                    if poller.isReadable(index) { registration.onReadable() }
                    if poller.isWritable(index), !registration.socket.isClosed,
                       let current = local.registrations.first(where: { $0.socket === registration.socket }),
                       let onWritable = current.onWritable {
                        onWritable()
                    }
                }
            }
            local.fireTimers(now: .now)
        }
        // Stop taking work, run what was queued (it may resolve waiters), close the sockets.
        mailbox.withLock { $0.closed = true }
        drainMailbox()
        for registration in local.registrations { registration.socket.close() }
        local.registrations.removeAll()
        local.timerActions.removeAll()
        let waiters = exited.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.done = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    private func drainMailbox() {
        var counter: UInt64 = 0
        _ = withUnsafeMutableBytes(of: &counter) { read(wakeFD, $0.baseAddress, 8) }
        let work = mailbox.withLock { box -> Deque<Work> in
            box.wakePending = false
            defer { box.work.removeAll(keepingCapacity: true) }
            return box.work
        }
        for item in work { item() }
    }
}

/// Identifies a timer scheduled on a `Loop`.
public struct TimerID: Hashable, Sendable {
    let raw: UInt64
}

/// The loop thread's own state. Touched only on that thread, which is what makes the
/// unchecked Sendable conformance sound.
private final class LoopLocal: @unchecked Sendable {
    struct Registration {
        let socket: Socket
        let onReadable: () -> Void
        var onWritable: (() -> Void)?
    }

    struct Timer: Comparable {
        let deadline: ContinuousClock.Instant
        let id: TimerID
        static func < (a: Timer, b: Timer) -> Bool { a.deadline < b.deadline }
        static func == (a: Timer, b: Timer) -> Bool { a.id == b.id }
    }

    var running = true
    var registrations: [Registration] = []
    var timers = Heap<Timer>()
    var timerActions: [TimerID: () -> Void] = [:]
    var nextTimer: UInt64 = 0

    /// Milliseconds until the next live timer, rounded up; -1 when there is none.
    func pollTimeout(now: ContinuousClock.Instant) -> Int {
        while let first = timers.min, timerActions[first.id] == nil { _ = timers.popMin() }
        guard let first = timers.min else { return -1 }
        if first.deadline <= now { return 0 }
        let wait = now.duration(to: first.deadline).components
        let millis = wait.seconds * 1000 + (wait.attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int(min(millis, Int64(Int32.max)))
    }

    func fireTimers(now: ContinuousClock.Instant) {
        while let first = timers.min, first.deadline <= now {
            _ = timers.popMin()
            if let action = timerActions.removeValue(forKey: first.id) { action() }
        }
    }
}

extension Loop {
    /// Runs an endpoint's set-up (`work`: open, configure, bind, register) on the loop thread;
    /// if it throws, shuts the loop down before rethrowing, so a failed endpoint leaves no thread.
    public func setUp<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        do {
            return try await submit(work)
        } catch {
            await shutdown()
            throw error
        }
    }

    /// Runs `work` on the loop thread and returns its result.
    /// - Throws: what `work` throws, or `ZMQError` (ETERM) if the loop has shut down.
    public func submit<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
            let accepted = execute { continuation.resume(with: Result { try work() }) }
            if !accepted { continuation.resume(throwing: ZMQError(code: ETERM, operation: "loop \(name) has shut down")) }
        }
    }
}
