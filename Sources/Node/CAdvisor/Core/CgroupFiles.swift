/// Parsers of a container cgroup's accounting files, v2 (unified) and v1, computing what
/// cAdvisor computes from them. Text in, numbers out, nil for text that is not what the kernel
/// writes. Pure.
public enum CgroupFiles {
    // MARK: v2

    /// `usage_usec` of `cpu.stat`, in nanoseconds.
    public static func cpuNanoseconds(cpuStat text: String) -> UInt64? {
        keyed(text)["usage_usec"].map { $0 * 1000 }
    }

    /// `memory.current` minus `inactive_file` of `memory.stat` (not below zero): the working set.
    public static func workingSetBytes(memoryCurrent: String, memoryStat: String) -> UInt64? {
        guard let usage = UInt64(memoryCurrent.trimmingSpaces) else { return nil }
        return subtractingInactive(usage, keyed(memoryStat)["inactive_file"])
    }

    /// `rbytes` and `wbytes` of `io.stat`, summed over devices.
    public static func io(ioStat text: String) -> IOBytes {
        var total = IOBytes(read: 0, written: 0)
        for line in text.split(separator: "\n") {
            for field in line.split(separator: " ").dropFirst() {
                let kv = field.split(separator: "=", maxSplits: 1)
                guard kv.count == 2, let value = UInt64(kv[1]) else { continue }
                if kv[0] == "rbytes" { total.read += value } else if kv[0] == "wbytes" { total.written += value }
            }
        }
        return total
    }

    // MARK: v1

    /// `cpuacct.usage` (already nanoseconds).
    public static func cpuNanoseconds(cpuacctUsage text: String) -> UInt64? { UInt64(text.trimmingSpaces) }

    /// `memory.usage_in_bytes` minus `total_inactive_file` of `memory.stat` (not below zero).
    public static func workingSetBytes(usageInBytes: String, memoryStat: String) -> UInt64? {
        guard let usage = UInt64(usageInBytes.trimmingSpaces) else { return nil }
        return subtractingInactive(usage, keyed(memoryStat)["total_inactive_file"])
    }

    /// `Read` and `Write` of `blkio.throttle.io_service_bytes`, summed over devices (the
    /// trailing `Total` line is left out).
    public static func io(blkioServiceBytes text: String) -> IOBytes {
        var total = IOBytes(read: 0, written: 0)
        for line in text.split(separator: "\n") {
            let f = line.split(separator: " ")
            guard f.count == 3, let value = UInt64(f[2]) else { continue }
            if f[1] == "Read" { total.read += value } else if f[1] == "Write" { total.written += value }
        }
        return total
    }

    /// The directory of the same cgroup in another v1 hierarchy: `/sys/fs/cgroup/memory/skiff/a`
    /// → `/sys/fs/cgroup/cpuacct/skiff/a`; nil when `path` is not `<root>/<hierarchy>/…`.
    public static func v1Sibling(of path: String, root: String, hierarchy: String) -> String? {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        guard path.hasPrefix(prefix) else { return nil }
        let rest = path.dropFirst(prefix.count)
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        return prefix + hierarchy + rest[slash...]
    }

    /// `key value` lines as a dictionary (`cpu.stat`, `memory.stat`).
    static func keyed(_ text: String) -> [Substring: UInt64] {
        var out: [Substring: UInt64] = [:]
        for line in text.split(separator: "\n") {
            let f = line.split(separator: " ")
            if f.count == 2, let v = UInt64(f[1]) { out[f[0]] = v }
        }
        return out
    }

    private static func subtractingInactive(_ usage: UInt64, _ inactive: UInt64?) -> UInt64 {
        let inactive = inactive ?? 0
        return usage > inactive ? usage - inactive : 0
    }
}
