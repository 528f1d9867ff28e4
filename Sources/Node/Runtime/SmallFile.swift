import Foundation

/// Whole small files written with plain system calls — cgroup and `/proc/sys` knobs, a pod's
/// resolv.conf and hosts: one open, one write, one close; no Foundation file calls, which cost
/// more (and FileManager.createFile writes through a temporary file and syncs it).
enum SmallFile {
    struct Failure: Error, CustomStringConvertible {
        var path: String
        var code: Int32
        var description: String { "\(path): \(String(cString: strerror(code)))" }
    }

    /// Writes `text` to `path`: to the existing file as it is (a kernel knob), or — with
    /// `create` — to a regular file made or truncated first.
    static func write(_ text: String, to path: String, create: Bool = false) throws {
        try write(Array(text.utf8), to: path, create: create)
    }

    static func write(_ bytes: [UInt8], to path: String, create: Bool = false) throws {
        let fd = create ? open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) : open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(path: path, code: errno) }
        defer { close(fd) }
        guard bytes.withUnsafeBytes({ Foundation.write(fd, $0.baseAddress, $0.count) }) == bytes.count else {
            throw Failure(path: path, code: errno)
        }
    }
}
