import Foundation
import RuntimeAPI
import SkiffTestSupport
import Testing

/// What the process driver enforces as root: namespaces per pod, cgroup limits per container.
@Suite(.serialized) struct RuntimeIsolationTests {
    typealias M = RuntimeMessages

    static var memoryCgroups: Bool {
        let fm = FileManager.default
        if fm.fileExists(atPath: "/sys/fs/cgroup/memory/memory.limit_in_bytes") { return true }
        let controllers = (try? String(contentsOfFile: "/sys/fs/cgroup/cgroup.controllers", encoding: .utf8)) ?? ""
        return controllers.split(separator: " ").contains { $0.trimmingCharacters(in: .whitespacesAndNewlines) == "memory" }
    }

    @Test(.enabled(if: RuntimeHarness.isRoot, "needs root: namespaces are created only by root"))
    func aSandboxHasThePodsHostnameAndItsOwnPIDs() async throws {
        try await RuntimeHarness.with { r in
            let version: M.VersionResponse = try await r.call(M.Method.version, [String: String]())
            try #require(version.isolation.utsNamespace && version.isolation.pidNamespace, "namespaces: \(version.isolation)")
            let sandbox = try await r.runSandbox("web-1", hostname: "web-1-host")
            #expect(!sandbox.warnings.contains { $0.contains("UTS") })
            let c = try await r.runContainer(r.container("web", ["sh", "-c", "hostname; echo pid $$; exec sleep 300"], in: sandbox.sandboxID))
            try await eventually(.seconds(90), "the container's output") {
                (try? String(contentsOfFile: c.config.logPath, encoding: .utf8))?.contains("pid ") ?? false
            }
            let log = try String(contentsOfFile: c.config.logPath, encoding: .utf8)
            #expect(log.contains("stdout F web-1-host\n"))
            #expect(!log.contains("pid \(c.pid!)\n"), "in its PID namespace the container is not host pid \(c.pid!):\n\(log)")
            // Another container of the pod shares the namespaces; exec too.
            let ps: M.ExecResponse = try await r.call(M.Method.exec, M.ExecRequest(containerID: c.containerID,
                command: ["sh", "-c", "hostname; ls /proc | grep -c '^[0-9]'"], timeoutSeconds: 10))
            let lines = ps.stdout.split(separator: "\n")
            #expect(lines.first == "web-1-host")
            #expect((Int(lines.last ?? "") ?? 1000) < 10, "exec sees only the pod's processes: \(ps)")
            let stopped: M.ContainerStatus = try await r.call(M.Method.stopContainer, M.StopContainerRequest(containerID: c.containerID, timeoutSeconds: 5))
            #expect(stopped.exitCode == 143)
            let _: M.SandboxStatus = try await r.call(M.Method.stopSandbox, M.SandboxRef(sandboxID: sandbox.sandboxID))
        }
    }

    @Test(.enabled(if: RuntimeHarness.isRoot && memoryCgroups, "needs root and a memory cgroup controller"))
    func aContainerOverItsMemoryLimitIsOOMKilled() async throws {
        try await RuntimeHarness.with { r in
            let version: M.VersionResponse = try await r.call(M.Method.version, [String: String]())
            try #require(version.isolation.cgroupMemory, "memory cgroups: \(version.isolation)")
            let sandbox = try await r.runSandbox("hungry")
            let c = try await r.runContainer(r.container("eat", ["sh", "-c", "x=$(head -c 200000000 /dev/zero | tr '\\000' a); echo survived ${#x}"],
                                                         memoryBytes: 32 << 20, in: sandbox.sandboxID))
            #expect(c.cgroupPath != nil)
            let exited = try await r.events.wait(.exited, c.containerID, timeout: .seconds(60))
            #expect(exited.status.reason == "OOMKilled" && exited.status.exitCode == 137, "\(exited.status)")

            // CPU: a quarter of a core is a quota of 25 ms per 100 ms period.
            var request = r.container("cpu", ["sleep", "300"], in: sandbox.sandboxID)
            request.config.cpuMillis = 250
            let limited = try await r.runContainer(request)
            let cgroup = try #require(limited.cgroupPath)
            if version.isolation.cgroupCPU {
                let v2 = try? String(contentsOfFile: cgroup + "/cpu.max", encoding: .utf8)
                let v1 = try? String(contentsOfFile: cgroup.replacingOccurrences(of: "/memory/", with: "/cpu/") + "/cpu.cfs_quota_us", encoding: .utf8)
                #expect(v2 == "25000 100000\n" || v1 == "25000\n", "cpu.max: \(v2 ?? "-"), cpu.cfs_quota_us: \(v1 ?? "-")")
            }
            let procs = try String(contentsOfFile: cgroup + "/cgroup.procs", encoding: .utf8)
            #expect(procs.split(separator: "\n").contains("\(limited.pid!)"), "the container's process is in its cgroup")
        }
    }
}
