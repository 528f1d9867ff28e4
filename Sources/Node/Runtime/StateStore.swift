import Foundation
import RuntimeAPI

/// Sandboxes and containers recorded as JSON files under the runtime's root, so that a restarted
/// runtime knows them again: `sandboxes/<id>.json`, `containers/<id>/container.json` (the process
/// monitor writes `containers/<id>/exit` beside it). Each write replaces the record whole — in
/// place when it fits in a page (``overwrite(_:with:)``), else through a temporary file and a
/// rename; they are small, local writes, not synced.
struct StateStore: Sendable {
    let root: String

    init(root: String) throws {
        self.root = root
        for dir in ["sandboxes", "containers"] {
            try FileManager.default.createDirectory(atPath: root + "/" + dir, withIntermediateDirectories: true)
        }
    }

    func containerDirectory(_ id: String) -> String { root + "/containers/" + id }
    /// A sandbox's files (its resolv.conf and hosts), beside its record.
    func sandboxDirectory(_ id: String) -> String { root + "/sandboxes/" + id }

    func save(_ record: SandboxRecord) {
        write(record, to: root + "/sandboxes/\(record.status.sandboxID).json")
    }

    func save(_ record: ContainerRecord) {
        let dir = containerDirectory(record.status.containerID)
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        write(record, to: dir + "/container.json")
    }

    func delete(sandbox id: String) {
        try? FileManager.default.removeItem(atPath: root + "/sandboxes/\(id).json")
        try? FileManager.default.removeItem(atPath: sandboxDirectory(id))
    }

    func delete(container id: String) {
        try? FileManager.default.removeItem(atPath: containerDirectory(id))
    }

    /// What was recorded; unreadable files are skipped (and named in `problems`).
    func load() -> (sandboxes: [SandboxRecord], containers: [ContainerRecord], problems: [String]) {
        let fm = FileManager.default
        let decoder = JSONDecoder()
        var problems: [String] = []
        var sandboxes: [SandboxRecord] = []
        var containers: [ContainerRecord] = []
        for name in (try? fm.contentsOfDirectory(atPath: root + "/sandboxes")) ?? [] where name.hasSuffix(".json") {
            let path = root + "/sandboxes/" + name
            do { sandboxes.append(try decoder.decode(SandboxRecord.self, from: Data(contentsOf: URL(fileURLWithPath: path)))) } catch {
                problems.append("\(path): \(error)")
            }
        }
        for name in (try? fm.contentsOfDirectory(atPath: root + "/containers")) ?? [] {
            let path = containerDirectory(name) + "/container.json"
            guard fm.fileExists(atPath: path) else { continue }
            do { containers.append(try decoder.decode(ContainerRecord.self, from: Data(contentsOf: URL(fileURLWithPath: path)))) } catch {
                problems.append("\(path): \(error)")
            }
        }
        return (sandboxes, containers, problems)
    }

    /// The raw wait status the monitor left for container `id`, if any.
    func exitStatus(container id: String) -> Int32? {
        guard let text = try? String(contentsOfFile: containerDirectory(id) + "/exit", encoding: .utf8) else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    private func write<T: Encodable>(_ value: T, to path: String) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(value) else { return }
        let bytes = Array(data)
        if Self.overwrite(path, with: bytes) { return }
        // One temporary file and a rename, no fsync (FileManager.createFile would write through a
        // second temporary file and sync it: three times the cost, on the runtime's hot path).
        let temporary = path + ".tmp"
        do {
            try SmallFile.write(bytes, to: temporary, create: true)
            rename(temporary, path)
        } catch {
            unlink(temporary)
        }
    }

    /// Rewrites a record of at most one page in place with one `pwrite` at offset 0, padded with
    /// spaces over whatever was longer before (JSON allows trailing white space). A write within
    /// one page is all or nothing even when the runtime is killed during it (the kernel checks
    /// for a fatal signal before each page it copies), so the record is never torn; and no inode
    /// is made and freed per update — on a filesystem without a journal, ext4 checks each new
    /// inode against every recently freed one, which a burst of pod starts made the largest
    /// single cost of the runtime (a temporary file and a rename per update freed one inode
    /// each). Larger records, and any failure here, take the temporary file and rename instead.
    static func overwrite(_ path: String, with data: [UInt8]) -> Bool {
        let page = 4096
        guard data.count <= page else { return false }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size <= page else { return false }
        var bytes = data
        if bytes.count < Int(info.st_size) { bytes += [UInt8](repeating: 0x20, count: Int(info.st_size) - bytes.count) }
        return bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) } == bytes.count
    }
}
