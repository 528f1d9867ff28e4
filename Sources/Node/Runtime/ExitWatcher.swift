import CRuntimeShim
import Foundation
import Synchronization

/// Watches processes end, on a thread of its own (never the cooperative pool): a `poll(2)` over
/// one pidfd per process, woken by an eventfd when one is added. A process that is this
/// runtime's child is reaped (`waitpid`); one adopted after a restart is only seen to go. The
/// keys of ended processes come out on `exits`, in the order seen.
final class ExitWatcher: Sendable {
    private struct Watched {
        var key: String
        var pid: Int32
        var isChild: Bool
    }

    let exits: AsyncStream<String>
    private let sink: AsyncStream<String>.Continuation
    private let watched = Mutex<[Int32: Watched]>([:])  // by pidfd
    private let wake: Int32
    private let stopped = Atomic<Bool>(false)

    init() {
        (exits, sink) = AsyncStream.makeStream(of: String.self)
        wake = eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK))
        let thread = Thread { [self] in self.loop() }
        thread.name = "skiff-exit-watcher"
        thread.start()
    }

    /// Watches `pid` under `key`. If it is already gone (adopted and vanished), reports at once.
    func watch(_ key: String, pid: Int32, isChild: Bool) {
        let fd = skiff_pidfd_open(pid)
        guard fd >= 0 else {
            var status: Int32 = 0
            if isChild { _ = waitpid(pid, &status, WNOHANG) }
            sink.yield(key)
            return
        }
        watched.withLock { $0[fd] = Watched(key: key, pid: pid, isChild: isChild) }
        poke()
    }

    func stop() {
        stopped.store(true, ordering: .relaxed)
        poke()
    }

    private func poke() {
        var one: UInt64 = 1
        _ = Glibc.write(wake, &one, 8)
    }

    private func loop() {
        while !stopped.load(ordering: .relaxed) {
            let current = watched.withLock { $0 }
            var fds = [pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
            fds += current.keys.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&fds, nfds_t(fds.count), -1)
            if ready < 0 { continue }
            if fds[0].revents != 0 {
                var value: UInt64 = 0
                _ = read(wake, &value, 8)
            }
            for entry in fds.dropFirst() where entry.revents != 0 {
                guard let item = watched.withLock({ $0.removeValue(forKey: entry.fd) }) else { continue }
                close(entry.fd)
                var status: Int32 = 0
                if item.isChild {
                    while waitpid(item.pid, &status, 0) < 0 && errno == EINTR {}  // ready: it has ended
                }
                sink.yield(item.key)
            }
        }
        sink.finish()
    }
}
