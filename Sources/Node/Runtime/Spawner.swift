import CRuntimeShim
import Foundation

/// Starts processes through the C shim. Every function blocks (a spawn, then a read of the
/// child's report) and must run off the cooperative pool.
///
/// With the `skiff-shim` executable beside this one (``helper``), monitors and holders are made
/// by vfork and exec of it (`skiff_spawn_with`, `skiff_sandbox_holder_with`); otherwise by a
/// fork of this process (`skiff_spawn`, `skiff_sandbox_holder`), which copies the runtime's page
/// tables per container and pod and costs it copy-on-write faults while the copy lives.
enum Spawner {
    /// `skiff-shim` in the directory of the running executable, if it is there.
    static let helper: String? = {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        let exe = String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let path = (exe as NSString).deletingLastPathComponent + "/skiff-shim"
        return access(path, X_OK) == 0 ? path : nil
    }()

    /// The helper for holders: only once this process is a child subreaper, so that a holder
    /// whose `skiff-shim` parent has exited becomes this process's child (reaped here when it
    /// ends, as a forked holder is). Orphans inside a pod's PID namespace still go to its holder.
    static let holderHelper: String? = {
        guard let helper, skiff_set_child_subreaper() == 0 else { return nil }
        return helper
    }()

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    struct Command {
        var path: String
        var arguments: [String]  // argv, with argv[0]
        var environment: [String]  // "K=V"
        var workingDir: String?
        var namespacesOf: Int32?
        var cgroupProcs: [String]
        /// Join this process's mount namespace (a running container's own) instead of the pod's.
        var mountNamespaceOf: Int32? = nil
        /// Bind mounts in a mount namespace of the command's own (targets sorted parents first).
        var mounts: [Mount] = []
        /// An existing empty directory for the scratch overlay that makes missing mount points.
        var scratchDirectory: String? = nil
    }

    struct Mount: Equatable {
        var source: String
        var target: String
        var readOnly: Bool
    }

    /// The monitor and the command it started.
    struct Started {
        var monitor: Int32
        var pid: Int32
    }

    /// Starts `command` under a log-mode monitor: stdout and stderr into `logPath` (CRI format),
    /// its wait status into `exitDirectory/exit` when it ends.
    static func start(_ command: Command, logPath: String, exitDirectory: String) throws -> Started {
        try spawn(command, logPath: logPath, exitDirectory: exitDirectory, out: -1, err: -1)
    }

    /// Runs `command` to its end or `timeout`, capturing at most `limit` bytes of each output.
    static func run(_ command: Command, timeout: Duration, limit: Int = 1 << 20)
        throws -> (status: Int32, stdout: [UInt8], stderr: [UInt8], timedOut: Bool) {
        var out: [Int32] = [0, 0], err: [Int32] = [0, 0]
        guard skiff_pipe(&out) == 0 else { throw Failure(description: "pipe: \(String(cString: strerror(errno)))") }
        guard skiff_pipe(&err) == 0 else {
            close(out[0]); close(out[1])
            throw Failure(description: "pipe: \(String(cString: strerror(errno)))")
        }
        defer { close(out[0]); close(err[0]) }
        let started: Started
        do {
            started = try spawn(command, logPath: nil, exitDirectory: nil, out: out[1], err: err[1])
        } catch {
            close(out[1]); close(err[1])
            throw error
        }
        close(out[1]); close(err[1])
        let deadline = ContinuousClock.now + timeout
        var buffers: [[UInt8]] = [[], []]
        var open = [true, true]
        var timedOut = false
        var chunk = [UInt8](repeating: 0, count: 65536)
        while open[0] || open[1] {
            let left = deadline - .now
            if left <= .zero { timedOut = true; break }
            var fds: [pollfd] = []
            var which: [Int] = []
            for k in 0..<2 where open[k] {
                fds.append(pollfd(fd: k == 0 ? out[0] : err[0], events: Int16(POLLIN), revents: 0))
                which.append(k)
            }
            let millis = Int32(min(Int64(Int32.max), left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1))
            if poll(&fds, nfds_t(fds.count), millis) < 0 { continue }
            for (i, k) in which.enumerated() where fds[i].revents != 0 {
                let n = chunk.withUnsafeMutableBytes { read(fds[i].fd, $0.baseAddress, $0.count) }
                if n > 0 {
                    let room = max(0, limit - buffers[k].count)
                    buffers[k] += chunk[..<min(n, room)]
                } else if n == 0 || errno != EINTR {
                    open[k] = false
                }
            }
        }
        if timedOut { kill(-started.monitor, SIGKILL) }
        var status: Int32 = 0
        while waitpid(started.monitor, &status, 0) < 0 && errno == EINTR {}
        let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (timedOut ? 137 : code, buffers[0], buffers[1], timedOut)
    }

    private static func spawn(_ command: Command, logPath: String?, exitDirectory: String?, out: Int32, err: Int32) throws -> Started {
        var report: [Int32] = [0, 0]
        guard skiff_pipe(&report) == 0 else { throw Failure(description: "pipe: \(String(cString: strerror(errno)))") }
        defer { close(report[0]) }
        let mountStrings = command.mounts.flatMap { [$0.source, $0.target] }
        let monitor: pid_t = withCStrings(mountStrings) { mountPaths in
          withOptionalCString(command.scratchDirectory) { scratch in
            withCStrings(command.arguments) { argv in
            withCStrings(command.environment) { envp in
                withCStrings(command.cgroupProcs) { procs in
                    command.path.withCString { path in
                        withOptionalCString(command.workingDir) { cwd in
                            withOptionalCString(logPath) { log in
                                withOptionalCString(exitDirectory) { exitDir in
                                    do {
                                        var args = skiff_spawn_args()
                                        args.path = path
                                        args.argv = argv
                                        args.envp = envp
                                        args.cwd = cwd
                                        args.ns_pid = command.namespacesOf ?? 0
                                        args.mnt_pid = command.mountNamespaceOf ?? 0
                                        args.scratch_dir = scratch
                                        args.cgroup_procs = UnsafeRawPointer(procs).assumingMemoryBound(to: UnsafePointer<CChar>?.self)
                                        args.cgroup_count = Int32(command.cgroupProcs.count)
                                        args.log_path = log
                                        args.exit_dir = exitDir
                                        args.out_fd = out
                                        args.err_fd = err
                                        args.report_fd = report[1]
                                        var mounts = command.mounts.enumerated().map { k, m in
                                            skiff_mount(source: UnsafePointer(mountPaths[2 * k]), target: UnsafePointer(mountPaths[2 * k + 1]),
                                                        read_only: m.readOnly ? 1 : 0)
                                        }
                                        return mounts.withUnsafeMutableBufferPointer { buffer in
                                            args.mounts = UnsafePointer(buffer.baseAddress)
                                            args.mount_count = Int32(buffer.count)
                                            guard let helper else { return skiff_spawn(&args) }
                                            return skiff_spawn_with(helper, &args)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            }
          }
        }
        let forkError = errno
        close(report[1])
        guard monitor > 0 else { throw Failure(description: "\(helper.map { "spawn \($0)" } ?? "fork"): \(String(cString: strerror(forkError)))") }
        let line = readLine(report[0])
        let fields = line.split(separator: " ")
        if fields.first == "P", fields.count == 2, let pid = Int32(fields[1]) {
            return Started(monitor: monitor, pid: pid)
        }
        if logPath == nil || !fields.isEmpty {
            // Exec mode, or a start failure: the monitor exits by itself; reap it.
            var status: Int32 = 0
            while waitpid(monitor, &status, 0) < 0 && errno == EINTR {}
        }
        if fields.first == "E", fields.count == 3, let stage = Int32(fields[1]), let code = Int32(fields[2]) {
            let what = ["", "chdir \(command.workingDir ?? "/")", "exec \(command.path)", "join the sandbox's namespaces",
                        "fork", "open the log or cgroup files", "", "", "",
                        "mount the volumes (\(command.mounts.map { "\($0.source) at \($0.target)" }.joined(separator: ", ")))",
                        "make the missing mount points in a scratch overlay of the root"][Int(min(max(stage, 0), 10))]
            throw Failure(description: "\(what): \(String(cString: strerror(code)))")
        }
        throw Failure(description: "the process monitor ended without a report")
    }

    /// A started sandbox holder. With a network namespace, `eth0` is configured through
    /// `configure`; `finish` ends the conversation (closing the descriptors).
    final class Holder: @unchecked Sendable {
        let pid: Int32
        private var report: Int32
        private var config: Int32

        init(pid: Int32, report: Int32, config: Int32) {
            self.pid = pid
            self.report = report
            self.config = config
        }

        /// Sends eth0's address and routes; throws what the holder could not do.
        func configure(_ net: skiff_net_config) throws {
            var copy = net
            let size = MemoryLayout<skiff_net_config>.size
            let sent = withUnsafeBytes(of: &copy) { write(config, $0.baseAddress, size) }
            guard sent == size else { throw Failure(description: "cannot send the network config: \(String(cString: strerror(errno)))") }
            let line = Spawner.readLine(report)
            guard line == "ok" else { throw Failure(description: Spawner.holderError(line)) }
        }

        func finish() {
            if config >= 0 { close(config); config = -1 }
            if report >= 0 { close(report); report = -1 }
        }

        /// Kills and reaps a holder that is not to be used.
        func discard() {
            finish()
            kill(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }

        deinit { finish() }
    }

    /// Starts a sandbox holder in new namespaces (`flags`: CLONE_NEW*) with `hostname`, and
    /// with `resolvConf` and `hosts` bound over the pod's /etc files. With CLONE_NEWNET it
    /// waits for `configure` (or `finish`) after its `lo` is up.
    static func startHolder(flags: Int32, hostname: String, resolvConf: String? = nil, hosts: String? = nil) throws -> Holder {
        var report: [Int32] = [0, 0]
        guard skiff_pipe(&report) == 0 else { throw Failure(description: "pipe: \(String(cString: strerror(errno)))") }
        var config: [Int32] = [-1, -1]
        if flags & SKIFF_CLONE_NEWNET != 0 {
            guard skiff_pipe(&config) == 0 else {
                close(report[0]); close(report[1])
                throw Failure(description: "pipe: \(String(cString: strerror(errno)))")
            }
        }
        var pidPipe: [Int32] = [-1, -1]
        let helper = holderHelper
        if helper != nil, skiff_pipe(&pidPipe) != 0 {
            close(report[0]); close(report[1])
            if config[0] >= 0 { close(config[0]); close(config[1]) }
            throw Failure(description: "pipe: \(String(cString: strerror(errno)))")
        }
        let spawned = hostname.withCString { name in
            withOptionalCString(resolvConf) { resolv in
                withOptionalCString(hosts) { hostsFile in
                    var args = skiff_holder_args(flags: flags, hostname: name, resolv_conf: resolv, hosts: hostsFile,
                                                 report_fd: report[1], config_fd: config[0])
                    guard let helper else { return skiff_sandbox_holder(&args) }
                    return skiff_sandbox_holder_with(helper, &args, pidPipe[1])
                }
            }
        }
        let cloneError = errno
        close(report[1])
        if config[0] >= 0 { close(config[0]) }
        var pid = spawned
        if helper != nil {
            // skiff-shim clones the holder, writes its pid, and exits (the holder is ours then).
            close(pidPipe[1])
            let line = spawned > 0 ? readLine(pidPipe[0]) : ""
            close(pidPipe[0])
            if spawned > 0 {
                var status: Int32 = 0
                while waitpid(spawned, &status, 0) < 0 && errno == EINTR {}
            }
            pid = Int32(line) ?? -1
        }
        guard pid > 0 else {
            let line = spawned > 0 ? readLine(report[0]) : ""
            close(report[0])
            if config[1] >= 0 { close(config[1]) }
            if !line.isEmpty { throw Failure(description: holderError(line)) }
            throw Failure(description: "clone: \(String(cString: strerror(cloneError)))")
        }
        let holder = Holder(pid: pid, report: report[0], config: config[1])
        let line = readLine(report[0])
        guard line == "ok" else {
            holder.discard()
            throw Failure(description: holderError(line))
        }
        if config[1] < 0 { holder.finish() }
        return holder
    }

    static func holderError(_ line: String) -> String {
        let fields = line.split(separator: " ")
        let stage = fields.count == 3 ? Int(fields[1]) ?? 0 : 0
        let code = fields.count == 3 ? Int32(fields[2]) ?? 0 : 0
        let what = [6: "make mounts private", 7: "mount /proc", 8: "set the hostname",
                    11: "bind resolv.conf and hosts over /etc", 12: "bring lo up", 13: "configure eth0",
                    14: "clone the holder"][stage] ?? "set up"
        guard !line.isEmpty else { return "sandbox: the holder ended without a report" }
        return "sandbox: cannot \(what): \(String(cString: strerror(code)))"
    }

    static func readLine(_ fd: Int32) -> String {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let n = read(fd, &byte, 1)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 || byte == 0x0a { break }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

private func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for p in pointers { free(p) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}

private func withOptionalCString<R>(_ string: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
    guard let string else { return body(nil) }
    return string.withCString { body($0) }
}
