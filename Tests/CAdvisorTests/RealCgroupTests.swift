import CAdvisor
import Foundation
import RuntimeAPI
import SkiffTestSupport
import Testing

/// The reader against the kernel's own cgroup v1 files, in the layout the runtime makes
/// (`<hierarchy>/skiff/<sandbox>/<container>`): a Python process that allocates 32 MiB and spins,
/// moved into a memory and a cpuacct cgroup made for it. Needs root and v1 hierarchies (this
/// machine's kind); skipped elsewhere.
let cgroupV1Available = getuid() == 0 && FileManager.default.fileExists(atPath: "/sys/fs/cgroup/memory/memory.usage_in_bytes")
    && FileManager.default.fileExists(atPath: "/sys/fs/cgroup/cpuacct/cpuacct.usage")

@Suite(.serialized, .enabled(if: cgroupV1Available)) struct RealCgroupTests {
    static let base = "/sys/fs/cgroup"

    @Test func memoryAndCPUFromTheContainersCgroups() async throws {
        let path = "skiff/cadvisor-test-\(UInt32.random(in: 0...UInt32.max))/c1"
        let memoryDir = Self.base + "/memory/" + path, cpuDir = Self.base + "/cpuacct/" + path
        for dir in [memoryDir, cpuDir] { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        // Waits for its cgroups before allocating, so the memory is charged to them.
        let python = try ChildProcess(executable: URL(fileURLWithPath: "/usr/bin/python3"), arguments: ["-c", """
            import os, time
            while str(os.getpid()) not in open('\(cpuDir)/cgroup.procs').read().split(): time.sleep(0.01)
            x = bytearray(32 * 1024 * 1024)
            x[::4096] = b'x' * len(x[::4096])
            while True: pass
            """], name: "python3")
        do {
            for dir in [memoryDir, cpuDir] { try "\(python.pid)\n".write(toFile: dir + "/cgroup.procs", atomically: false, encoding: .utf8) }
            let status = RuntimeMessages.ContainerStatus(
                containerID: "c1", sandboxID: "s1",
                config: .init(name: "spin", image: "python:3", command: ["python3"], logPath: "/dev/null"),
                state: .running, createdAt: 1, pid: python.pid, cgroupPath: memoryDir)
            let reader = MachineReader()
            try await eventually(.seconds(90), "32 MiB charged to the memory cgroup") {
                let r = try? await onOwnThread { reader.read([status]).first }
                return (r?.memoryWorkingSetBytes ?? 0) >= 32 * 1024 * 1024
            }
            let first = try #require(try await onOwnThread { reader.read([status]).first })
            #expect(first.memorySource == .cgroup && first.cpuSource == .cgroup)
            #expect(first.identity.cgroup == memoryDir)
            try await eventually(.seconds(90), "the cpuacct counter to grow") {
                let r = try? await onOwnThread { reader.read([status]).first }
                return (r?.cpuNanoseconds ?? 0) > first.cpuNanoseconds
            }
        } catch {
            Issue.record(error)
        }
        python.send(SIGKILL)
        _ = try await python.exit()
        // Empty cgroups can be removed (deepest first).
        for hierarchy in ["memory", "cpuacct"] {
            var dir = Self.base + "/" + hierarchy + "/" + path
            while dir.count > (Self.base + "/" + hierarchy + "/skiff").count {
                let target = dir
                try await eventually(.seconds(90), "rmdir \(target)") { rmdir(target) == 0 || errno == ENOENT }
                dir = (dir as NSString).deletingLastPathComponent
            }
        }
    }
}
