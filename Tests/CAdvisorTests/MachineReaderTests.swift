import CAdvisor
import Client
import Foundation
import RuntimeAPI
import SkiffTestSupport
import Testing

/// The reader against made-up `/proc` and cgroup trees: which file each figure comes from.
@Suite struct MachineReaderTests {
    /// A scratch tree; `files` maps paths under it to contents.
    static func tree(_ files: [String: String]) throws -> String {
        let root = temporaryDirectory("cadvisor-tree")
        for (path, text) in files {
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        return root
    }

    static func stat(_ pid: Int32, parent: Int32, utime: Int, stime: Int, cutime: Int = 0) -> String {
        "\(pid) (sh) S \(parent) \(pid) \(pid) 0 -1 4194304 1 0 0 0 \(utime) \(stime) \(cutime) 0 20 0 1 0 5000 1000 100 18446744073709551615\n"
    }

    static func status(labels: [String: String] = [:], pid: Int32? = nil, cgroup: String? = nil) -> RuntimeMessages.ContainerStatus {
        RuntimeMessages.ContainerStatus(
            containerID: "c1", sandboxID: "s1",
            config: .init(name: "main", image: "busybox", command: ["sh"], logPath: "/dev/null", labels: labels),
            state: .running, createdAt: 1, pid: pid, cgroupPath: cgroup)
    }

    static let podLabels = [MetricsReport.Labels.podName: "web-1", MetricsReport.Labels.podNamespace: "default",
                            MetricsReport.Labels.podUID: "u-1", MetricsReport.Labels.containerName: "nginx"]

    func reader(_ root: String) -> MachineReader {
        var r = MachineReader()
        r.procRoot = root + "/proc"
        r.cgroupRoot = root + "/cgroup"
        r.ticksPerSecond = 100
        return r
    }

    @Test func procTreeWithoutACgroup() throws {
        let root = try Self.tree([
            "proc/stat": "cpu  100 0 50 1000 0 0 0 0 0 0\n",
            "proc/meminfo": "MemTotal: 1000 kB\nMemFree: 400 kB\nInactive(file): 100 kB\n",
            "proc/100/stat": Self.stat(100, parent: 1, utime: 150, stime: 50, cutime: 10),
            "proc/100/status": "Name:\tsh\nVmRSS:\t 1000 kB\n",
            "proc/100/io": "read_bytes: 10\nwrite_bytes: 20\n",
            "proc/101/stat": Self.stat(101, parent: 100, utime: 100, stime: 0),
            "proc/101/status": "Name:\tpython3\nVmRSS:\t 3000 kB\n",
            "proc/101/io": "read_bytes: 1\nwrite_bytes: 2\n",
            "proc/200/stat": Self.stat(200, parent: 1, utime: 999, stime: 999),
            "proc/200/status": "VmRSS:\t 9999 kB\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let r = reader(root)
        let node = try #require(r.readNode())
        #expect(node.cpuNanoseconds == 1_500_000_000)
        #expect(node.memory.workingSetBytes == 500 * 1024)
        let readings = r.read([Self.status(labels: Self.podLabels, pid: 100)])
        let c = try #require(readings.first)
        #expect(c.identity == .init(id: "c1", name: "nginx", podName: "web-1", podNamespace: "default", podUID: "u-1",
                                    cgroup: "/proc/100", image: "busybox"))
        // 150 + 50 + 10 (reaped children) + 100 (the child) ticks at 100 Hz.
        #expect(c.cpuNanoseconds == 3_100_000_000)
        #expect(c.memoryWorkingSetBytes == 4000 * 1024)
        #expect(c.io == IOBytes(read: 11, written: 22))
        #expect(c.cpuSource == .proc && c.memorySource == .proc)
        // Nothing to read: left out.
        #expect(r.read([Self.status()]).isEmpty)
    }

    @Test func cgroupV2() throws {
        let root = try Self.tree([
            "cgroup/skiff/s1/c1/memory.current": "10485760\n",
            "cgroup/skiff/s1/c1/memory.stat": "anon 1\ninactive_file 2097152\n",
            "cgroup/skiff/s1/c1/cpu.stat": "usage_usec 2500000\n",
            "cgroup/skiff/s1/c1/io.stat": "8:0 rbytes=7 wbytes=8 rios=1 wios=1\n",
            "cgroup/skiff/s1/c1/cgroup.procs": "",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dir = root + "/cgroup/skiff/s1/c1"
        let c = try #require(reader(root).read([Self.status(labels: Self.podLabels, pid: 100, cgroup: dir)]).first)
        #expect(c.cpuNanoseconds == 2_500_000_000)
        #expect(c.memoryWorkingSetBytes == 10485760 - 2097152)
        #expect(c.io == IOBytes(read: 7, written: 8))
        #expect(c.cpuSource == .cgroup && c.memorySource == .cgroup)
        #expect(c.identity.cgroup == dir)
    }

    @Test func cgroupV1MemoryWithProcessesForCPU() throws {
        // The runtime names the memory hierarchy's directory; no cpuacct sibling exists, so CPU
        // comes from the processes the cgroup lists.
        let root = try Self.tree([
            "cgroup/memory/skiff/s1/c1/memory.usage_in_bytes": "8388608\n",
            "cgroup/memory/skiff/s1/c1/memory.stat": "total_inactive_file 4194304\n",
            "cgroup/memory/skiff/s1/c1/cgroup.procs": "300\n301\n",
            "cgroup/blkio/skiff/s1/c1/blkio.throttle.io_service_bytes": "8:0 Read 5\n8:0 Write 6\nTotal 11\n",
            "proc/300/stat": Self.stat(300, parent: 1, utime: 10, stime: 10),
            "proc/301/stat": Self.stat(301, parent: 300, utime: 30, stime: 0),
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let c = try #require(reader(root).read([Self.status(pid: 300, cgroup: root + "/cgroup/memory/skiff/s1/c1")]).first)
        #expect(c.memoryWorkingSetBytes == 4194304 && c.memorySource == .cgroup)
        #expect(c.cpuNanoseconds == 500_000_000 && c.cpuSource == .proc)
        #expect(c.io == IOBytes(read: 5, written: 6))
        #expect(c.identity.name == "main" && c.identity.podName.isEmpty)

        // With a cpuacct sibling, CPU comes from it.
        try FileManager.default.createDirectory(atPath: root + "/cgroup/cpuacct/skiff/s1/c1", withIntermediateDirectories: true)
        try "123456789\n".write(toFile: root + "/cgroup/cpuacct/skiff/s1/c1/cpuacct.usage", atomically: true, encoding: .utf8)
        let again = try #require(reader(root).read([Self.status(pid: 300, cgroup: root + "/cgroup/memory/skiff/s1/c1")]).first)
        #expect(again.cpuNanoseconds == 123_456_789 && again.cpuSource == .cgroup)
    }
}
