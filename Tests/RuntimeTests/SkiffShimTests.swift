import CRuntimeShim
import Foundation
import SkiffTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `skiff-shim` against proto-docs/runtime.md ("skiff-shim: the runtime's helper"): blobs made
/// here from the document's field list — not by the runtime's encoder — drive the real binary.
@Suite struct SkiffShimTests {
    struct Failure: Error, CustomStringConvertible { let description: String }

    static var shim: String { ChildProcess.skiffBinary.deletingLastPathComponent().appendingPathComponent("skiff-shim").path }

    /// The document's encoding: each field ended by NUL; optional strings `-` or `+text`; lists as a count, then the items.
    enum Field {
        case text(String), number(Int), optional(String?), list([String])
    }

    static func blob(_ fields: [Field]) -> [UInt8] {
        var out: [UInt8] = []
        func put(_ s: String) { out += Array(s.utf8) + [0] }
        for f in fields {
            switch f {
            case .text(let s): put(s)
            case .number(let n): put(String(n))
            case .optional(let s): put(s.map { "+" + $0 } ?? "-")
            case .list(let items): put(String(items.count)); items.forEach(put)
            }
        }
        return out
    }

    /// Spawns `skiff-shim mode` with `fds` as descriptors 3, 4, 5 (-1: closed) and the blob on 7.
    static func spawn(_ mode: String, fds: [Int32], blob: [UInt8]) throws -> pid_t {
        var input: [Int32] = [0, 0]
        guard skiff_pipe(&input) == 0 else { throw Failure(description: "pipe") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Sources moved out of 3…7 first, so that no dup2 overwrites another source.
        let sources = (fds + [input[0]]).map { $0 >= 0 ? fcntl($0, F_DUPFD_CLOEXEC, 100) : -1 }
        defer { for fd in sources where fd >= 0 { close(fd) } }
        for (k, fd) in sources.enumerated() {
            let target = Int32(k == 3 ? 7 : 3 + k)
            if fd >= 0 { posix_spawn_file_actions_adddup2(&actions, fd, target) } else { posix_spawn_file_actions_addclose(&actions, target) }
        }
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("skiff-shim"), strdup(mode), nil]
        defer { for p in argv { free(p) } }
        let rc = posix_spawn(&pid, shim, &actions, nil, argv, environ)
        close(input[0])
        guard rc == 0 else { close(input[1]); throw Failure(description: "posix_spawn \(shim): \(rc)") }
        _ = blob.withUnsafeBytes { write(input[1], $0.baseAddress, $0.count) }
        close(input[1])
        return pid
    }

    static func readAll(_ fd: Int32) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            bytes += chunk[..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status >> 8) & 0xff
    }

    @Test func monitorInExecModeRunsTheCommandAndReports() throws {
        var report: [Int32] = [0, 0], out: [Int32] = [0, 0], err: [Int32] = [0, 0]
        #expect(skiff_pipe(&report) == 0 && skiff_pipe(&out) == 0 && skiff_pipe(&err) == 0)
        let fields: [Field] = [.text("/bin/sh"), .list(["sh", "-c", "echo hello from $WHO; echo oops >&2; exit 3"]), .list(["WHO=the shim"]),
                               .optional("/tmp"), .number(0), .number(0), .number(0), .optional(nil), .list([]),
                               .optional(nil), .optional(nil)]
        let pid = try Self.spawn("monitor", fds: [report[1], out[1], err[1]], blob: Self.blob(fields))
        close(report[1]); close(out[1]); close(err[1])
        let line = Self.readAll(report[0])
        #expect(line.hasPrefix("P "), "report: \(line)")
        #expect(Self.readAll(out[0]) == "hello from the shim\n")
        #expect(Self.readAll(err[0]) == "oops\n")
        #expect(Self.wait(pid) == 3)  // the monitor exits with the command's status
        [report[0], out[0], err[0]].forEach { close($0) }
    }

    @Test func monitorReportsACommandThatCannotRun() throws {
        var report: [Int32] = [0, 0]
        #expect(skiff_pipe(&report) == 0)
        let fields: [Field] = [.text("/no/such/program"), .list(["x"]), .list([]), .optional(nil), .number(0), .number(0),
                               .number(0), .optional(nil), .list([]), .optional(nil), .optional(nil)]
        let pid = try Self.spawn("monitor", fds: [report[1], -1, -1], blob: Self.blob(fields))
        close(report[1])
        #expect(Self.readAll(report[0]) == "E 2 \(ENOENT)\n")  // stage 2: exec
        _ = Self.wait(pid)
        close(report[0])
    }

    @Test(.enabled(if: geteuid() == 0, "new namespaces need root"))
    func holderWritesItsPidAndReportsOK() throws {
        var report: [Int32] = [0, 0], pidPipe: [Int32] = [0, 0]
        #expect(skiff_pipe(&report) == 0 && skiff_pipe(&pidPipe) == 0)
        let flags = 0x04000000 | 0x08000000  // CLONE_NEWUTS | CLONE_NEWIPC
        let helper = try Self.spawn("holder", fds: [report[1], -1, pidPipe[1]],
                                    blob: Self.blob([.number(flags), .optional("shim-test"), .optional(nil), .optional(nil)]))
        close(report[1]); close(pidPipe[1])
        let pidLine = Self.readAll(pidPipe[0]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(Self.wait(helper) == 0)
        let holder = Int32(pidLine) ?? 0
        #expect(holder > 0, "pid line: \(pidLine)")
        var ok = [UInt8](repeating: 0, count: 3)
        #expect(read(report[0], &ok, 3) == 3 && ok == Array("ok\n".utf8))
        if holder > 0 {
            let comm = try? String(contentsOfFile: "/proc/\(holder)/comm", encoding: .utf8)
            #expect(comm == "skiff-pod\n")
            kill(holder, SIGKILL)
        }
        close(report[0]); close(pidPipe[0])
    }
}
