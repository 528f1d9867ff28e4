import Foundation

/// The cgroups this machine lets the runtime use for containers, found by `detect()`: cgroup v2
/// (a unified hierarchy with the cpu and memory controllers) or else the v1 cpu and memory
/// hierarchies. Containers live at `skiff/<sandboxID>/<containerID>` under each hierarchy.
///
/// All methods do small synchronous writes to cgroupfs (a kernel interface, not a disk).
public struct Cgroups: Sendable {
    public enum Layout: Sendable, Equatable {
        /// A unified hierarchy mounted here, with cpu and memory enabled for `skiff/`.
        case v2(root: String)
        /// v1 hierarchies; either may be missing.
        case v1(memory: String?, cpu: String?)
    }

    public let layout: Layout
    public var enforcesCPU: Bool {
        switch layout {
        case .v2: true
        case .v1(_, let cpu): cpu != nil
        }
    }
    public var enforcesMemory: Bool {
        switch layout {
        case .v2: true
        case .v1(let memory, _): memory != nil
        }
    }

    /// A container's (or pod's) cgroup directories.
    public struct Group: Sendable, Codable, Equatable {
        /// One per hierarchy (v2: one).
        public var directories: [String]
        /// Where cAdvisor reads it: the v2 directory, or the v1 memory one.
        public var primary: String
        /// The `cgroup.procs` files a process writes to join.
        public var procsFiles: [String] { directories.map { $0 + "/cgroup.procs" } }
    }

    /// What is usable here, with reasons for what is not.
    public static func detect(base: String = "/sys/fs/cgroup") -> (cgroups: Cgroups?, notes: [String]) {
        let fm = FileManager.default
        var notes: [String] = []
        for unified in [base, base + "/unified"] {
            guard let controllers = try? String(contentsOfFile: unified + "/cgroup.controllers", encoding: .utf8) else { continue }
            let names = Set(controllers.split(whereSeparator: \.isWhitespace).map(String.init))
            guard names.contains("cpu"), names.contains("memory") else {
                notes.append("cgroup v2 at \(unified) has no cpu/memory controllers (they are bound to v1 hierarchies)")
                continue
            }
            let root = unified + "/skiff"
            do {
                try? fm.createDirectory(atPath: root, withIntermediateDirectories: true)
                try SmallFile.write("+cpu +memory", to: unified + "/cgroup.subtree_control")
                try SmallFile.write("+cpu +memory", to: root + "/cgroup.subtree_control")
                return (Cgroups(layout: .v2(root: root)), notes)
            } catch {
                notes.append("cgroup v2 at \(unified): cannot enable cpu and memory for skiff/ (\(error)); no delegation here")
            }
        }
        var memory: String? = nil, cpu: String? = nil
        for (name, file) in [("memory", "memory.limit_in_bytes"), ("cpu", "cpu.cfs_quota_us"), ("cpu,cpuacct", "cpu.cfs_quota_us")] {
            let dir = base + "/" + name
            guard fm.fileExists(atPath: dir + "/" + file) else { continue }
            let root = dir + "/skiff"
            do {
                try fm.createDirectory(atPath: root, withIntermediateDirectories: true)
                if name == "memory" { memory = root } else if cpu == nil { cpu = root }
            } catch {
                notes.append("cgroup v1 \(name): cannot create \(root) (\(error))")
            }
        }
        if memory != nil || cpu != nil {
            notes.append("cgroup v1 hierarchies used (memory: \(memory ?? "none"), cpu: \(cpu ?? "none")); memory.oom.group does not exist in v1: an OOM kill ends one process, the runtime then kills the container's group")
            return (Cgroups(layout: .v1(memory: memory, cpu: cpu)), notes)
        }
        notes.append("no usable cgroups: CPU and memory limits are not enforced")
        return (nil, notes)
    }

    /// Creates `skiff/<path>` in each hierarchy and applies the limits given.
    public func create(_ path: String, cpuMillis: Int64?, memoryBytes: Int64?) throws -> Group {
        let fm = FileManager.default
        let period: Int64 = 100_000
        let quota = cpuMillis.map { max(1000, $0 * period / 1000) }
        switch layout {
        case .v2(let root):
            let dir = root + "/" + path
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
            // A pod directory holds container directories: let the controllers through.
            try? SmallFile.write("+cpu +memory", to: (dir as NSString).deletingLastPathComponent + "/cgroup.subtree_control")
            if let quota { try SmallFile.write("\(quota) \(period)", to: dir + "/cpu.max") }
            if let memoryBytes {
                try SmallFile.write("\(memoryBytes)", to: dir + "/memory.max")
                try? SmallFile.write("0", to: dir + "/memory.swap.max")
            }
            try? SmallFile.write("1", to: dir + "/memory.oom.group")
            return Group(directories: [dir], primary: dir)
        case .v1(let memory, let cpu):
            var dirs: [String] = []
            if let memory {
                let dir = memory + "/" + path
                try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
                if let memoryBytes { try SmallFile.write("\(memoryBytes)", to: dir + "/memory.limit_in_bytes") }
                dirs.append(dir)
            }
            if let cpu {
                let dir = cpu + "/" + path
                try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
                if let quota {
                    try SmallFile.write("\(period)", to: dir + "/cpu.cfs_period_us")
                    try SmallFile.write("\(quota)", to: dir + "/cpu.cfs_quota_us")
                }
                dirs.append(dir)
            }
            return Group(directories: dirs, primary: dirs[0])
        }
    }

    /// How many processes of `group` the OOM killer has killed.
    public func oomKills(_ group: Group) -> Int {
        for dir in group.directories {
            for file in ["memory.events", "memory.oom_control"] {
                guard let text = try? String(contentsOfFile: dir + "/" + file, encoding: .utf8) else { continue }
                for line in text.split(separator: "\n") where line.hasPrefix("oom_kill ") {
                    return Int(line.dropFirst("oom_kill ".count)) ?? 0
                }
            }
        }
        return 0
    }

    /// Kills what is left in `group` and removes its directories.
    public func remove(_ group: Group) {
        for dir in group.directories {
            if (try? SmallFile.write("1", to: dir + "/cgroup.kill")) == nil,
               let procs = try? String(contentsOfFile: dir + "/cgroup.procs", encoding: .utf8) {
                for pid in procs.split(separator: "\n").compactMap({ Int32($0) }) { kill(pid, SIGKILL) }
            }
            for _ in 0..<50 {
                if rmdir(dir) == 0 || errno == ENOENT { break }
                usleep(2000)
            }
        }
    }

    /// Removes a pod's directories (after its containers').
    public func removePod(_ path: String) {
        switch layout {
        case .v2(let root): rmdir(root + "/" + path)
        case .v1(let memory, let cpu):
            if let memory { rmdir(memory + "/" + path) }
            if let cpu { rmdir(cpu + "/" + path) }
        }
    }

}
