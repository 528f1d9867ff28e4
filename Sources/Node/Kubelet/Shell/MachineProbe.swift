import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads what the Node reports about the machine: cores (sysconf), memory (/proc/meminfo),
/// OS image (/etc/os-release), kernel and architecture (uname), machine and boot IDs.
enum MachineProbe {
    static func read(cpuMillis: Int64?, memoryBytes: Int64?, maxPods: Int64, root: String) -> MachineInfo {
        let cores = Int64(max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        var memory: Int64 = 0
        if let meminfo = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
           let line = meminfo.split(separator: "\n").first(where: { $0.hasPrefix("MemTotal:") }) {
            memory = (Int64(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024
        }
        var osImage = "Linux"
        if let release = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8),
           let line = release.split(separator: "\n").first(where: { $0.hasPrefix("PRETTY_NAME=") }) {
            osImage = String(line.dropFirst("PRETTY_NAME=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        var u = utsname()
        uname(&u)
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        let machine = field(u.machine)
        let arch = switch machine {
        case "x86_64": "amd64"
        case "aarch64": "arm64"
        default: machine
        }
        var storage: Int64 = 0
        var fs = statvfs()
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        if statvfs(root, &fs) == 0 { storage = Int64(fs.f_blocks) * Int64(fs.f_frsize) }
        func text(_ path: String) -> String {
            ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return MachineInfo(cpuMillis: cpuMillis ?? cores * 1000, memoryBytes: memoryBytes ?? memory, maxPods: maxPods,
                           ephemeralStorageBytes: storage, kernelVersion: field(u.release), osImage: osImage, architecture: arch,
                           machineID: text("/etc/machine-id"), bootID: text("/proc/sys/kernel/random/boot_id"))
    }
}
