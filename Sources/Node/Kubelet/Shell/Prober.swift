import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Carries out probe and hook handlers: exec through the runtime, HTTP GET and TCP connect on
/// threads of their own with the probe's timeout. A result is success or failure with output.
struct Prober: Sendable {
    let runtime: RuntimeClient

    struct Result: Sendable {
        var success: Bool
        var output: String
    }

    func run(_ handler: Handler, containerID: String, podIP: String, timeoutSeconds: Int64) async -> Result {
        switch handler {
        case .exec(let command):
            do {
                let r = try await runtime.exec(containerID, command, timeoutSeconds: timeoutSeconds)
                if r.timedOut { return Result(success: false, output: "command \(Self.quote(command)) timed out") }
                if r.exitCode == 0 { return Result(success: true, output: r.stdout) }
                let out = (r.stdout + r.stderr).trimmingCharacters(in: .whitespacesAndNewlines)
                return Result(success: false, output: out.isEmpty ? "command \(Self.quote(command)) exited with \(r.exitCode)" : out)
            } catch {
                return Result(success: false, output: "exec failed: \(error)")
            }
        case let .httpGet(host, port, path, scheme, headers):
            let target = host ?? podIP
            if scheme.uppercased() == "HTTPS" { return Result(success: false, output: "HTTPS probes are not supported by skiff") }
            let timeout = timeoutSeconds
            return (try? await Blocking.run { Self.httpGet(host: target, port: port, path: path, headers: headers, timeoutSeconds: timeout) })
                ?? Result(success: false, output: "probe thread failed")
        case let .tcpSocket(host, port):
            let target = host ?? podIP
            let timeout = timeoutSeconds
            return (try? await Blocking.run {
                guard let fd = Self.connect(host: target, port: port, timeoutSeconds: timeout) else {
                    return Result(success: false, output: "dial tcp \(target):\(port): connect: connection refused")
                }
                close(fd)
                return Result(success: true, output: "")
            }) ?? Result(success: false, output: "probe thread failed")
        case .unsupported(let why):
            return Result(success: false, output: why)
        }
    }

    static func quote(_ command: [String]) -> String { "[" + command.joined(separator: " ") + "]" }

    /// A blocking connect with a timeout (SO_SNDTIMEO bounds connect on Linux).
    static func connect(host: String, port: Int, timeoutSeconds: Int64) -> Int32? {
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
        guard inet_pton(AF_INET, host == "localhost" ? "127.0.0.1" : host, &addr.sin_addr) == 1 else { return nil }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var tv = timeval(tv_sec: Int(max(1, timeoutSeconds)), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if ok != 0 {
            close(fd)
            return nil
        }
        return fd
    }

    /// HTTP/1.0 GET: success for a 2xx or 3xx status line.
    static func httpGet(host: String, port: Int, path: String, headers: [Handler.KeyValuePair], timeoutSeconds: Int64) -> Result {
        guard let fd = connect(host: host, port: port, timeoutSeconds: timeoutSeconds) else {
            return Result(success: false, output: "Get \"http://\(host):\(port)\(path)\": dial tcp \(host):\(port): connect: connection refused")
        }
        defer { close(fd) }
        var request = "GET \(path) HTTP/1.0\r\nHost: \(host):\(port)\r\nUser-Agent: kube-probe/1.32\r\nAccept: */*\r\n"
        for h in headers { request += "\(h.name): \(h.value)\r\n" }
        request += "\r\n"
        let bytes = Array(request.utf8)
        guard bytes.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == bytes.count else {
            return Result(success: false, output: "Get \"http://\(host):\(port)\(path)\": write failed")
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while response.count < 10_240 {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            response.append(contentsOf: buffer[..<n])
            if response.contains(0x0A) && response.count > 12 { break }
        }
        let line = String(decoding: response.prefix { $0 != 0x0D && $0 != 0x0A }, as: UTF8.self)
        let parts = line.split(separator: " ")
        guard parts.count >= 2, let code = Int(parts[1]) else {
            return Result(success: false, output: "Get \"http://\(host):\(port)\(path)\": malformed HTTP response \"\(line)\"")
        }
        if (200..<400).contains(code) { return Result(success: true, output: line) }
        return Result(success: false, output: "HTTP probe failed with statuscode: \(code)")
    }
}
