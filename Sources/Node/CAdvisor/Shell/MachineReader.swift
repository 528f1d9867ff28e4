import Client
import Foundation
import RuntimeAPI
#if canImport(Glibc)
import Glibc
#endif

/// Reads the node's accounting files for the node and for each container the runtime listed.
/// Every method does blocking file reads: call them off Swift's cooperative pool (see
/// ``CAdvisorService``).
///
/// For each container, each figure comes from its cgroup when the cgroup has it (v2: the one
/// directory; v1: the memory directory the runtime names and its `cpuacct` and `blkio`
/// siblings), else from `/proc` summed over the container's processes — those of its cgroup's
/// `cgroup.procs`, else its main process and every descendant.
public struct MachineReader: Sendable {
    public var procRoot = "/proc"
    public var cgroupRoot = "/sys/fs/cgroup"
    /// `USER_HZ`: the unit of `/proc` CPU times.
    public var ticksPerSecond = UInt64(max(1, sysconf(Int32(_SC_CLK_TCK))))

    public init() {}

    public func readNode() -> NodeReading? {
        guard let stat = read(procRoot + "/stat"), let ticks = ProcFiles.busyTicks(stat: stat),
              let meminfo = read(procRoot + "/meminfo"), let memory = ProcFiles.memory(meminfo: meminfo) else { return nil }
        let io = read(procRoot + "/diskstats").map { ProcFiles.diskIO(diskstats: $0, devices: wholeDisks()) }
        return NodeReading(cpuNanoseconds: nanoseconds(ticks: ticks), memory: memory, io: io)
    }

    /// One reading per container that could be read (one with neither a cgroup nor a live
    /// process is left out).
    public func read(_ containers: [RuntimeMessages.ContainerStatus]) -> [ContainerReading] {
        var table: [Int32: ProcFiles.ProcessStat]?
        return containers.compactMap { status in
            readContainer(status) {
                if table == nil { table = processTable() }
                return table!
            }
        }
    }

    func readContainer(_ status: RuntimeMessages.ContainerStatus,
                       processes: () -> [Int32: ProcFiles.ProcessStat]) -> ContainerReading? {
        var cpu: UInt64?, memory: UInt64?, io: IOBytes?
        var pids: [Int32] = []
        let cgroup = status.cgroupPath.flatMap { $0.isEmpty ? nil : $0 }
        if let dir = cgroup {
            if let current = read(dir + "/memory.current") {
                memory = CgroupFiles.workingSetBytes(memoryCurrent: current, memoryStat: read(dir + "/memory.stat") ?? "")
                cpu = read(dir + "/cpu.stat").flatMap { CgroupFiles.cpuNanoseconds(cpuStat: $0) }
                io = read(dir + "/io.stat").map { CgroupFiles.io(ioStat: $0) }
            } else {
                if let usage = read(dir + "/memory.usage_in_bytes") {
                    memory = CgroupFiles.workingSetBytes(usageInBytes: usage, memoryStat: read(dir + "/memory.stat") ?? "")
                }
                for hierarchy in ["cpuacct", "cpu,cpuacct", "cpuacct,cpu", "cpu"] where cpu == nil {
                    guard let sibling = CgroupFiles.v1Sibling(of: dir, root: cgroupRoot, hierarchy: hierarchy) else { break }
                    cpu = read(sibling + "/cpuacct.usage").flatMap { CgroupFiles.cpuNanoseconds(cpuacctUsage: $0) }
                }
                if let sibling = CgroupFiles.v1Sibling(of: dir, root: cgroupRoot, hierarchy: "blkio"),
                   let text = read(sibling + "/blkio.throttle.io_service_bytes") {
                    io = CgroupFiles.io(blkioServiceBytes: text)
                }
            }
            pids = (read(dir + "/cgroup.procs") ?? "").split(separator: "\n").compactMap { Int32($0) }
        }
        let cpuSource: ContainerReading.Source = cpu == nil ? .proc : .cgroup
        let memorySource: ContainerReading.Source = memory == nil ? .proc : .cgroup
        if cpu == nil || memory == nil || io == nil {
            if pids.isEmpty, let pid = status.pid, pid > 0 {
                let table = processes()
                pids = ProcFiles.descendants(of: pid, parents: table.mapValues(\.parent))
            }
            if cpu == nil, memory == nil, pids.isEmpty { return nil }
            if cpu == nil {
                let table = processes()
                let ticks = pids.reduce(UInt64(0)) { sum, pid in
                    let stat = table[pid] ?? read("\(procRoot)/\(pid)/stat").flatMap(ProcFiles.processStat)
                    return sum + (stat.map { $0.ownTicks + $0.reapedChildrenTicks } ?? 0)
                }
                cpu = nanoseconds(ticks: ticks)
            }
            if memory == nil {
                memory = pids.reduce(UInt64(0)) { $0 + (read("\(procRoot)/\($1)/status").flatMap(ProcFiles.residentBytes) ?? 0) }
            }
            if io == nil {
                let each = pids.compactMap { read("\(procRoot)/\($0)/io").flatMap(ProcFiles.io) }
                if !each.isEmpty { io = each.reduce(IOBytes(read: 0, written: 0), +) }
            }
        }
        let labels = status.config.labels
        let identity = ContainerReading.Identity(
            id: status.containerID,
            name: labels[MetricsReport.Labels.containerName] ?? status.config.name,
            podName: labels[MetricsReport.Labels.podName] ?? "",
            podNamespace: labels[MetricsReport.Labels.podNamespace] ?? "",
            podUID: labels[MetricsReport.Labels.podUID] ?? "",
            cgroup: cgroup ?? status.pid.map { "/proc/\($0)" } ?? "",
            image: status.config.image)
        return ContainerReading(identity: identity, cpuNanoseconds: cpu ?? 0, memoryWorkingSetBytes: memory ?? 0, io: io,
                                cpuSource: cpuSource, memorySource: memorySource)
    }

    /// Every process's `/proc/<pid>/stat`.
    func processTable() -> [Int32: ProcFiles.ProcessStat] {
        var table: [Int32: ProcFiles.ProcessStat] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: procRoot)) ?? [] {
            guard let pid = Int32(name), let text = read("\(procRoot)/\(name)/stat"),
                  let stat = ProcFiles.processStat(text) else { continue }
            table[pid] = stat
        }
        return table
    }

    /// Block devices that are whole disks (not partitions, loop or RAM devices).
    func wholeDisks() -> Set<String> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/sys/block")) ?? []
        return Set(names.filter { !$0.hasPrefix("loop") && !$0.hasPrefix("ram") && !$0.hasPrefix("zram") })
    }

    func nanoseconds(ticks: UInt64) -> UInt64 { ticks * (1_000_000_000 / ticksPerSecond) }

    /// The whole file (kernel files report size 0, so read until end of file); nil when it cannot
    /// be opened.
    func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { break }
            bytes.append(contentsOf: buffer[..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
