import Foundation
import SkiffTestSupport

/// Runs a program to completion (bounded): exit status, standard output, standard error.
func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
         timeout: Duration = .seconds(60)) async throws -> (status: Int32, stdout: String, stderr: String) {
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment { env[k] = v }
    let child = try ChildProcess(executable: URL(fileURLWithPath: executable), arguments: arguments, environment: env,
                                 name: ([executable] + arguments.prefix(3)).joined(separator: " "))
    let status = try await child.exit(timeout: timeout)
    return (status, child.stdout, child.stderr)
}

/// One HTTP answer as curl saw it.
struct CurlReply {
    var status: Int
    /// Header lines (lowercased names), as `name: value`.
    var headers: [String]
    var body: String

    func header(_ name: String) -> String? {
        let prefix = name.lowercased() + ":"
        return headers.first { $0.lowercased().hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces) }
    }
}

/// `curl` against `url`: method, headers, body (a file path with `@`, else the data itself).
func curl(_ url: String, method: String = "GET", headers: [String] = [], data: String? = nil,
          extra: [String] = []) async throws -> CurlReply {
    let headerFile = temporaryDirectory("curl") + "/headers"
    // `-w "\n"`: ChildProcess reads whole lines, so the body must end with one.
    var args = ["-s", "-S", "-X", method, "-D", headerFile, "--max-time", "20", "-w", "\\n"]
    for h in headers { args += ["-H", h] }
    if let data { args += ["--data-binary", data] }
    args += extra + [url]
    let (status, stdout, stderr) = try await run("/usr/bin/curl", args)
    guard status == 0 else { throw StepFailure(description: "curl \(url) failed (\(status)): \(stderr)") }
    let raw = (try? String(contentsOfFile: headerFile, encoding: .utf8)) ?? ""
    let lines = raw.split(whereSeparator: \.isNewline).map(String.init)
    let code = lines.first?.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    return CurlReply(status: code, headers: Array(lines.dropFirst()), body: stdout)
}

/// A test step that failed, with what the program said.
struct StepFailure: Error, CustomStringConvertible {
    let description: String
}
