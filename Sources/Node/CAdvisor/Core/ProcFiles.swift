/// Parsers of the `/proc` files cAdvisor reads when a container has no cgroup of its own (and
/// for the node): text in, numbers out, nil for text that is not what the kernel writes. Pure.
public enum ProcFiles {
    /// What `/proc/<pid>/stat` says of one process. Times are in clock ticks (`USER_HZ`).
    public struct ProcessStat: Sendable, Equatable {
        public var pid: Int32
        public var parent: Int32
        /// User and system time of the process itself.
        public var ownTicks: UInt64
        /// User and system time of its children that it has waited for.
        public var reapedChildrenTicks: UInt64
        /// Process start, in ticks after boot: tells a pid reused by another process apart.
        public var startTicks: UInt64
        public init(pid: Int32, parent: Int32, ownTicks: UInt64, reapedChildrenTicks: UInt64, startTicks: UInt64) {
            self.pid = pid
            self.parent = parent
            self.ownTicks = ownTicks
            self.reapedChildrenTicks = reapedChildrenTicks
            self.startTicks = startTicks
        }
    }

    /// `/proc/<pid>/stat`. The command name (field 2) may hold spaces and parentheses: the
    /// fields are counted from the last `)`.
    public static func processStat(_ text: String) -> ProcessStat? {
        guard let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"),
              let pid = Int32(text[..<open].trimmingSpaces) else { return nil }
        // Field 3 (state) is fields[0].
        let fields = text[text.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count >= 20, let parent = Int32(fields[1]),
              let utime = UInt64(fields[11]), let stime = UInt64(fields[12]),
              let cutime = Int64(fields[13]), let cstime = Int64(fields[14]),
              let start = UInt64(fields[19]) else { return nil }
        return ProcessStat(pid: pid, parent: parent, ownTicks: utime + stime,
                           reapedChildrenTicks: UInt64(max(cutime, 0) + max(cstime, 0)), startTicks: start)
    }

    /// Resident memory (`VmRSS`) of `/proc/<pid>/status`, in bytes; nil when absent (kernel
    /// threads, zombies).
    public static func residentBytes(status text: String) -> UInt64? {
        kilobytes(named: "VmRSS", in: text).map { $0 * 1024 }
    }

    /// `read_bytes` and `write_bytes` of `/proc/<pid>/io`: what the process made the block layer
    /// read and write (page-cache hits excluded, as cgroup IO counters count).
    public static func io(_ text: String) -> IOBytes? {
        var read: UInt64?, write: UInt64?
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let value = UInt64(parts[1].trimmingSpaces) else { continue }
            switch parts[0] {
            case "read_bytes": read = value
            case "write_bytes": write = value
            default: continue
            }
        }
        guard let read, let write else { return nil }
        return IOBytes(read: read, written: write)
    }

    /// The CPU time the whole machine spent busy, in clock ticks, from the `cpu` line of
    /// `/proc/stat`: user + nice + system + irq + softirq + steal (guest time is already in user;
    /// idle and iowait are not busy).
    public static func busyTicks(stat text: String) -> UInt64? {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") }) else { return nil }
        let values = line.split(separator: " ").dropFirst().compactMap { UInt64($0) }
        guard values.count >= 8 else { return nil }
        return values[0] + values[1] + values[2] + values[5] + values[6] + values[7]
    }

    /// The machine's memory from `/proc/meminfo`.
    public struct Memory: Sendable, Equatable {
        public var totalBytes: UInt64
        /// In use: total minus free.
        public var usageBytes: UInt64
        /// Usage minus inactive file pages, as cAdvisor computes the root container's.
        public var workingSetBytes: UInt64
        public init(totalBytes: UInt64, usageBytes: UInt64, workingSetBytes: UInt64) {
            self.totalBytes = totalBytes
            self.usageBytes = usageBytes
            self.workingSetBytes = workingSetBytes
        }
    }

    public static func memory(meminfo text: String) -> Memory? {
        guard let total = kilobytes(named: "MemTotal", in: text), let free = kilobytes(named: "MemFree", in: text) else { return nil }
        let inactiveFile = kilobytes(named: "Inactive(file)", in: text) ?? 0
        let usage = total >= free ? total - free : 0
        return Memory(totalBytes: total * 1024, usageBytes: usage * 1024,
                      workingSetBytes: (usage >= inactiveFile ? usage - inactiveFile : 0) * 1024)
    }

    /// Bytes read and written by the given block devices, from `/proc/diskstats` (sectors of
    /// 512 bytes, whatever the device's own sector size).
    public static func diskIO(diskstats text: String, devices: Set<String>) -> IOBytes {
        var total = IOBytes(read: 0, written: 0)
        for line in text.split(separator: "\n") {
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            guard f.count >= 10, devices.contains(String(f[2])),
                  let readSectors = UInt64(f[5]), let writtenSectors = UInt64(f[9]) else { continue }
            total.read += readSectors * 512
            total.written += writtenSectors * 512
        }
        return total
    }

    /// Every process under `root` (itself included) in a parent table `pid → parent`.
    public static func descendants(of root: Int32, parents: [Int32: Int32]) -> [Int32] {
        var children: [Int32: [Int32]] = [:]
        for (pid, parent) in parents { children[parent, default: []].append(pid) }
        var found: [Int32] = []
        var pending = parents[root] != nil ? [root] : []
        var seen: Set<Int32> = []
        while let pid = pending.popLast() {
            guard seen.insert(pid).inserted else { continue }
            found.append(pid)
            pending += children[pid] ?? []
        }
        return found.sorted()
    }

    /// `Name:   1234 kB` in `/proc/meminfo` or `/proc/<pid>/status`.
    static func kilobytes(named name: String, in text: String) -> UInt64? {
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            let value = line.dropFirst(name.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first
            return value.flatMap { UInt64($0) }
        }
        return nil
    }
}

/// Bytes a container (or the node) read from and wrote to block devices, cumulative.
public struct IOBytes: Sendable, Equatable {
    public var read: UInt64
    public var written: UInt64
    public init(read: UInt64, written: UInt64) {
        self.read = read
        self.written = written
    }

    public static func + (a: IOBytes, b: IOBytes) -> IOBytes { IOBytes(read: a.read + b.read, written: a.written + b.written) }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\n" { s.removeLast() }
        return s
    }
}

extension String {
    var trimmingSpaces: Substring { self[...].trimmingSpaces }
}
