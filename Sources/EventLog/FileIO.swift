#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin throwing wrappers over the POSIX calls the log uses. Blocking: call only from the log's
/// own dispatch queues, never from Swift's cooperative pool.
enum FileIO {
    static func fail(_ op: String, _ path: String) -> EventLogError { .io(operation: op, path: path, errno: errno) }

    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws(EventLogError) -> Int32 {
        let fd = Glibc_open(path, flags | O_CLOEXEC, mode)
        if fd < 0 { throw fail("open", path) }
        return fd
    }

    static func close(_ fd: Int32) { _ = Glibc_close(fd) }

    /// Writes all of `bytes` at `offset`, retrying short writes and EINTR.
    static func pwriteAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int64, path: String) throws(EventLogError) {
        var done = 0
        while done < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw fail("write", path)
            }
            done += n
        }
    }

    /// Reads `count` bytes at `offset` (fewer only at end of file).
    static func pread(_ fd: Int32, count: Int, at offset: Int64, path: String) throws(EventLogError) -> [UInt8] {
        var failure: EventLogError?
        let out = [UInt8](unsafeUninitializedCapacity: count) { buf, initialized in
            var done = 0
            while done < count {
                let n = Glibc_pread(fd, buf.baseAddress! + done, count - done, off_t(offset) + off_t(done))
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = fail("read", path)
                    break
                }
                if n == 0 { break }
                done += n
            }
            initialized = done
        }
        if let failure { throw failure }
        return out
    }

    static func readFile(_ path: String) throws(EventLogError) -> [UInt8] {
        let fd = try open(path, O_RDONLY)
        defer { close(fd) }
        return try pread(fd, count: Int(try size(fd, path: path)), at: 0, path: path)
    }

    static func size(_ fd: Int32, path: String) throws(EventLogError) -> Int64 {
        var st = stat()
        if fstat(fd, &st) != 0 { throw fail("stat", path) }
        return Int64(st.st_size)
    }

    static func size(path: String) throws(EventLogError) -> Int64 {
        let fd = try open(path, O_RDONLY)
        defer { close(fd) }
        return try size(fd, path: path)
    }

    static func fdatasync(_ fd: Int32, path: String) throws(EventLogError) {
        #if canImport(Darwin)
        if Glibc_fsync(fd) != 0 { throw fail("fsync", path) }
        #else
        if Glibc.fdatasync(fd) != 0 { throw fail("fdatasync", path) }
        #endif
    }

    static func fsync(_ fd: Int32, path: String) throws(EventLogError) {
        if Glibc_fsync(fd) != 0 { throw fail("fsync", path) }
    }

    static func truncate(_ fd: Int32, to length: Int64, path: String) throws(EventLogError) {
        if ftruncate(fd, off_t(length)) != 0 { throw fail("truncate", path) }
    }

    static func truncate(path: String, to length: Int64) throws(EventLogError) {
        let fd = try open(path, O_WRONLY)
        defer { close(fd) }
        try truncate(fd, to: length, path: path)
        try fsync(fd, path: path)
    }

    static func rename(_ from: String, _ to: String) throws(EventLogError) {
        if Glibc_rename(from, to) != 0 { throw fail("rename", from) }
    }

    static func unlink(_ path: String) throws(EventLogError) {
        if Glibc_unlink(path) != 0 && errno != ENOENT { throw fail("unlink", path) }
    }

    static func syncDirectory(_ path: String) throws(EventLogError) {
        let fd = try open(path, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        try fsync(fd, path: path)
    }

    static func makeDirectory(_ path: String) throws(EventLogError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            prefix += "/" + part
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST { throw fail("mkdir", prefix) }
        }
    }

    /// Names of the entries of a directory (no `.`/`..`), sorted.
    static func list(_ path: String) throws(EventLogError) -> [String] {
        guard let dir = opendir(path) else { throw fail("opendir", path) }
        defer { closedir(dir) }
        var names: [String] = []
        while let ent = readdir(dir) {
            let name = withUnsafeBytes(of: ent.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Writes `bytes` to `path` atomically: temp file, fsync, rename, directory fsync.
    static func writeAtomically(_ bytes: [UInt8], to path: String, directory: String) throws(EventLogError) {
        let tmp = path + ".tmp"
        let fd = try open(tmp, O_WRONLY | O_CREAT | O_TRUNC)
        do throws(EventLogError) {
            try bytes.withBytes { (b) throws(EventLogError) in try pwriteAll(fd, b, at: 0, path: tmp) }
            try fsync(fd, path: tmp)
        } catch {
            close(fd)
            try? unlink(tmp)
            throw error
        }
        close(fd)
        try rename(tmp, path)
        try syncDirectory(directory)
    }

    /// Takes an exclusive advisory lock on `path` (created if needed); returns the descriptor to hold.
    ///
    /// A lock still held after its owner closed it is retried for up to 2 s before giving up:
    /// `flock` belongs to the open file description, and a child the owner was spawning at that
    /// moment holds a copy of it until its `exec` closes it (O_CLOEXEC). Blocking here is fine:
    /// callers run this on a dispatch queue or offline, never on the cooperative pool.
    static func lock(_ path: String) throws(EventLogError) -> Int32 {
        let fd = try open(path, O_RDWR | O_CREAT)
        for attempt in 0..<200 {
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { return fd }
            guard errno == EWOULDBLOCK, attempt < 199 else { break }
            usleep(10_000)
        }
        close(fd)
        throw .locked(path: path)
    }
}

// File-scope forwarders, so the wrappers above can share the C names.
private func Glibc_open(_ p: String, _ f: Int32, _ m: mode_t) -> Int32 { open(p, f, m) }
private func Glibc_close(_ fd: Int32) -> Int32 { close(fd) }
private func Glibc_pread(_ fd: Int32, _ b: UnsafeMutableRawPointer?, _ n: Int, _ o: off_t) -> Int { pread(fd, b, n, o) }
private func Glibc_fsync(_ fd: Int32) -> Int32 { fsync(fd) }
private func Glibc_rename(_ a: String, _ b: String) -> Int32 { rename(a, b) }
private func Glibc_unlink(_ p: String) -> Int32 { unlink(p) }
