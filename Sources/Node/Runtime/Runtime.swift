import Bus
import Foundation
import Logging
import RuntimeAPI

/// The runtime's bookkeeping, shared by both drivers: sandboxes and containers by id, each
/// container's `ContainerMachine`, the events it publishes, the records it keeps.
///
/// Guarantees: each container's events come out in its lifecycle order (CREATED, STARTED,
/// EXITED, REMOVED; EXITED only once); a `stop` or `remove` answers once the container has
/// ended; a restarted runtime reports the containers that still run as RUNNING and can stop them.
public actor Runtime {
    /// A SIGKILL deadline to honour (the service sleeps until `at`, then calls `killDeadline`).
    public struct KillTimer: Sendable {
        public var containerID: String
        public var at: Int64
    }

    struct Entry {
        var record: ContainerRecord
        var machine: ContainerMachine
        var starting = false
        var current: ContainerRecord {
            var r = record
            r.status = machine.status
            return r
        }
    }

    let driver: any RuntimeDriver
    let store: StateStore?
    let logger: Logger
    let publish: @Sendable (RuntimeMessages.ContainerEvent) -> Void
    /// Wall-clock nanoseconds since the Unix epoch.
    let now: @Sendable () -> Int64
    public nonisolated let timers: AsyncStream<KillTimer>
    let timerSink: AsyncStream<KillTimer>.Continuation
    var sandboxes: [String: SandboxRecord] = [:]
    var containers: [String: Entry] = [:]
    var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]
    /// Pod addresses handed to sandboxes still being set up.
    var reservedAddresses: Set<String> = []

    init(driver: any RuntimeDriver, store: StateStore?, logger: Logger,
         publish: @escaping @Sendable (RuntimeMessages.ContainerEvent) -> Void,
         now: @escaping @Sendable () -> Int64 = Runtime.wallClock) {
        self.driver = driver
        self.store = store
        self.logger = logger
        self.publish = publish
        self.now = now
        (timers, timerSink) = AsyncStream.makeStream(of: KillTimer.self)
    }

    public static let wallClock: @Sendable () -> Int64 = {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    static func newID() -> String {
        (0..<4).map { _ in String(format: "%08x", UInt32.random(in: 0...UInt32.max)) }.joined()
    }

    // MARK: restart

    /// Loads what an earlier run recorded: sandboxes whose holder is gone become NOTREADY; running
    /// containers still alive are watched again, the others get their EXITED status now.
    func recover() async {
        guard let store else { return }
        let (savedSandboxes, savedContainers, problems) = store.load()
        for problem in problems { logger.warning("skipped an unreadable record", metadata: ["record": "\(problem)"]) }
        for var record in savedSandboxes {
            if record.status.state == .ready && !driver.adopt(sandbox: record) {
                record.status.state = .notReady
                store.save(record)
            }
            sandboxes[record.status.sandboxID] = record
        }
        var adopted = 0
        for record in savedContainers {
            let id = record.status.containerID
            containers[id] = Entry(record: record, machine: ContainerMachine(status: record.status))
            guard record.status.state == .running else { continue }
            if driver.adopt(container: record) {
                adopted += 1
            } else {
                await containerExited(id)
            }
        }
        logger.info("runtime state recovered", metadata: ["sandboxes": "\(sandboxes.count)", "containers": "\(containers.count)",
                                                          "containers.adopted": "\(adopted)"])
    }

    // MARK: actions

    func apply(_ id: String, _ actions: [ContainerMachine.Action]) async {
        guard var entry = containers[id] else { return }
        for action in actions {
            entry = containers[id] ?? entry  // after `.cleanUp` it is gone: the last state stands
            switch action {
            case .spawn:
                break  // `start` does it
            case .signal(let signal):
                driver.signal(entry.current, signal)
            case .scheduleKill(let at):
                timerSink.yield(KillTimer(containerID: id, at: at))
            case .publish(let type):
                publish(RuntimeMessages.ContainerEvent(type: type, status: entry.machine.status))
            case .persist:
                store?.save(entry.current)
            case .resumeWaiters:
                for waiter in waiters.removeValue(forKey: id) ?? [] { waiter.resume() }
            case .cleanUp:
                containers[id] = nil
                store?.delete(container: id)
                await driver.removeContainer(entry.current)
            }
        }
    }

    /// Waits until container `id` is no longer running (or is gone).
    func waitUntilEnded(_ id: String) async {
        guard let entry = containers[id], entry.machine.state == .running || entry.starting else { return }
        await withCheckedContinuation { waiters[id, default: []].append($0) }
    }

    /// A driver reported the container's process ended.
    func containerExited(_ id: String) async {
        if id.hasPrefix("holder:") {
            let sandboxID = String(id.dropFirst("holder:".count))
            if var record = sandboxes[sandboxID], record.status.state == .ready {
                record.status.state = .notReady
                sandboxes[sandboxID] = record
                store?.save(record)
                logger.info("sandbox holder ended", metadata: ["sandbox.id": "\(sandboxID)"])
            }
            return
        }
        guard let entry = containers[id], entry.machine.state == .running else { return }
        let (outcome, oom) = await driver.outcome(entry.current)
        guard var entry = containers[id] else { return }
        let actions = entry.machine.exited(outcome, oomKilled: oom, now: now())
        containers[id] = entry
        await apply(id, actions)
    }

    /// A SIGKILL deadline came.
    func killDeadline(_ id: String) async {
        guard var entry = containers[id] else { return }
        let actions = entry.machine.killDeadlineReached(now: now())
        containers[id] = entry
        await apply(id, actions)
    }

    func shutdown() {
        timerSink.finish()
        driver.shutdown()
        for (_, list) in waiters { for waiter in list { waiter.resume() } }
        waiters = [:]
    }
}
