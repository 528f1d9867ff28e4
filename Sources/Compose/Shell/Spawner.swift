import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Starts processes with posix_spawn and reaps them on threads of their own (never on the
/// cooperative pool). Each child gets its own process group (so a terminal's Ctrl-C reaches
/// only the supervisor, which stops the children in order), default signal dispositions and an
/// empty signal mask (the supervisor ignores SIGTERM/SIGINT for its signal handling; children
/// must not inherit that), standard input from /dev/null, and standard output and error on one
/// pipe, read line by line.
public enum Spawner {
    public struct Spawned: Sendable {
        public let pid: Int32
    }

    /// glibc's POSIX_SPAWN_SETSID (not imported into Swift).
    static let setsid: Int32 = 0x80

    /// Starts `executable` with `arguments` (argv[1...]) and `environment`.
    ///
    /// - Parameters:
    ///   - output: where standard output and error go: a pipe whose lines reach `line` (on a
    ///     reader thread, in order, then `nil` at end of file), or a file path (appended to).
    ///   - newSession: start a new session (detached from the terminal) instead of a new process group.
    ///   - exited: called once, on a thread of its own, when the process has ended and been reaped.
    public static func spawn(executable: String, arguments: [String], environment: [String: String],
                             output: Output, newSession: Bool = false,
                             exited: (@Sendable (ExitStatus) -> Void)?) throws(ComposeError) -> Spawned {
        var fileActions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        defer { posix_spawn_file_actions_destroy(&fileActions) }
        posix_spawn_file_actions_addopen(&fileActions, 0, "/dev/null", O_RDONLY, 0)
        var readEnd: Int32 = -1
        var writeEnd: Int32 = -1
        switch output {
        case .lines:
            var fds: [Int32] = [0, 0]
            // Only the supervisor's queue spawns, so no other spawn can inherit the pipe before
            // it is marked close-on-exec.
            guard pipe(&fds) == 0 else { throw ComposeError("cannot create a pipe: \(String(cString: strerror(errno)))") }
            _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
            readEnd = fds[0]
            writeEnd = fds[1]
            posix_spawn_file_actions_adddup2(&fileActions, writeEnd, 1)
            posix_spawn_file_actions_adddup2(&fileActions, writeEnd, 2)
        case .file(let path):
            posix_spawn_file_actions_addopen(&fileActions, 1, path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            posix_spawn_file_actions_adddup2(&fileActions, 1, 2)
        }
        markInheritedDescriptorsCloseOnExec()
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGPIPE, SIGUSR1, SIGUSR2, SIGCHLD, SIGALRM] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var flags = Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETSIGDEF)
        if newSession {
            flags |= setsid
        } else {
            flags |= Int32(POSIX_SPAWN_SETPGROUP)
            posix_spawnattr_setpgroup(&attributes, 0)
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &fileActions, &attributes, argv, envp)
        if writeEnd >= 0 { close(writeEnd) }
        guard result == 0 else {
            if readEnd >= 0 { close(readEnd) }
            throw ComposeError("cannot start \(executable): \(String(cString: strerror(result)))")
        }
        if case .lines(let line) = output { readLines(readEnd, line) }
        if let exited {
            let pid = pid
            Thread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 {
                    if errno != EINTR { exited(.exited(-1)); return }
                }
                exited(decode(status))
            }.start()
        }
        return Spawned(pid: pid)
    }

    public enum Output: Sendable {
        case lines(@Sendable (String?) -> Void)
        case file(String)
    }

    /// Nothing of ours but 0, 1 and 2 leaks into a child. Descriptors we inherited matter most: a
    /// parent's Foundation.Process learns that we ended when a socket it handed us closes, so a
    /// child holding it would hide our exit. (glibc's posix_spawn_file_actions_addclosefrom_np
    /// is not visible to Swift.)
    static func markInheritedDescriptorsCloseOnExec() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        for name in names {
            guard let fd = Int32(name), fd > 2 else { continue }
            let flags = fcntl(fd, F_GETFD)
            if flags >= 0, flags & FD_CLOEXEC == 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
        }
    }

    /// A wait(2) status as an ``ExitStatus``.
    public static func decode(_ status: Int32) -> ExitStatus {
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }

    /// Reads `fd` on a thread of its own, handing each complete line to `line`, then nil at EOF.
    static func readLines(_ fd: Int32, _ line: @escaping @Sendable (String?) -> Void) {
        Thread {
            var buffer = [UInt8](repeating: 0, count: 65536)
            var partial: [UInt8] = []
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                var start = 0
                for i in 0..<n where buffer[i] == 0x0a {
                    partial.append(contentsOf: buffer[start..<i])
                    line(String(decoding: partial, as: UTF8.self))
                    partial.removeAll(keepingCapacity: true)
                    start = i + 1
                }
                partial.append(contentsOf: buffer[start..<n])
            }
            if !partial.isEmpty { line(String(decoding: partial, as: UTF8.self)) }
            close(fd)
            line(nil)
        }.start()
    }

    /// The path of the running executable (`/proc/self/exe`), for starting `skiff` itself.
    public static func currentExecutable() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if n > 0 { return String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        return CommandLine.arguments[0]
    }
}
