import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension StoreBench {
    /// The physical floor of a durable write: a loop of one small `pwrite` appended to a file and
    /// one `fdatasync`, as the log does for a batch of one, on a dedicated thread (it blocks).
    enum DiskFloor {
        struct Figures: Codable, Sendable {
            var file: String
            var write_bytes: Int
            var seconds: Double
            var writes: Int
            var writes_per_s: Double
            var latency: Latency
        }

        /// Appends `bytes`-byte writes to a scratch file in `directory`, each followed by
        /// fdatasync, for `duration` seconds; the file is removed after.
        static func run(directory: String, bytes: Int, duration: Double) async throws -> Figures {
            let path = directory + "/bench-fdatasync-\(getpid()).tmp"
            return try await withCheckedThrowingContinuation { continuation in
                let thread = Thread {
                    continuation.resume(with: Result { try loop(path: path, bytes: bytes, duration: duration) })
                }
                thread.name = "bench-fdatasync"
                thread.start()
            }
        }

        private static func loop(path: String, bytes: Int, duration: Double) throws -> Figures {
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw Failure("cannot create \(path): \(String(cString: strerror(errno)))") }
            defer {
                close(fd)
                unlink(path)
            }
            let block = [UInt8](repeating: 0x5a, count: bytes)
            var samples: [UInt64] = []
            samples.reserveCapacity(100_000)
            var offset: off_t = 0
            let start = StoreBench.now()
            let end = start + UInt64(duration * 1e9)
            var t = start
            while t < end {
                let written = block.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, offset) }
                guard written == bytes else { throw Failure("pwrite \(path): \(String(cString: strerror(errno)))") }
                guard fdatasync(fd) == 0 else { throw Failure("fdatasync \(path): \(String(cString: strerror(errno)))") }
                offset += off_t(bytes)
                let after = StoreBench.now()
                samples.append(after - t)
                t = after
            }
            let seconds = StoreBench.seconds(from: start, to: t)
            return Figures(file: path, write_bytes: bytes, seconds: StoreBench.round(seconds), writes: samples.count,
                           writes_per_s: StoreBench.round(Double(samples.count) / seconds, 1),
                           latency: Latency(nanoseconds: samples))
        }
    }
}
