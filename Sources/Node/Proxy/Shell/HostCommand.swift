import Dispatch
import Foundation

/// The host's network tools (`ip`, `nft`) run to completion in subprocesses on a serial queue of
/// their own — never on the cooperative pool.
enum HostCommand {
    struct Failure: Error, CustomStringConvertible { let description: String }

    private static let queue = DispatchQueue(label: "skiff.proxy.host-command")

    /// Runs the first of `paths` that exists with `arguments` (and `input` on its stdin): exit
    /// status and combined output.
    static func run(_ paths: [String], _ arguments: [String], input: String? = nil) async throws -> (status: Int32, output: String) {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try runBlocking(paths, arguments, input: input) })
            }
        }
    }

    private static func runBlocking(_ paths: [String], _ arguments: [String], input: String?) throws -> (status: Int32, output: String) {
        guard let path = paths.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw Failure(description: "\(paths.first.map { ($0 as NSString).lastPathComponent } ?? "?") is not installed")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
