#if canImport(Glibc)
import Glibc
#endif

/// Writes the kubeconfig atomically (a temporary file renamed over it), creating its directory.
enum KubeconfigFile {
    struct WriteError: Error, CustomStringConvertible {
        var description: String
    }

    static func write(_ text: String, to path: String) throws {
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try makeDirectories(String(path[..<slash]))
        }
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw WriteError(description: "open \(temporary): \(String(cString: strerror(errno)))") }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                close(fd)
                throw WriteError(description: "write \(temporary): \(String(cString: strerror(errno)))")
            }
            bytes = bytes.dropFirst(n)
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            throw WriteError(description: "rename to \(path): \(String(cString: strerror(errno)))")
        }
    }

    static func makeDirectories(_ directory: String) throws {
        var current = directory.hasPrefix("/") ? "" : "."
        for part in directory.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw WriteError(description: "mkdir \(current): \(String(cString: strerror(errno)))")
            }
        }
    }
}
