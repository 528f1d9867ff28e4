import Client
import Foundation
import Resources
import SkiffTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Helpers of the process tests: commands run to completion, small HTTP servers that say who
/// they are, and the objects the tests create.
enum Run {
    /// Runs a program to completion: exit status and standard output.
    @discardableResult
    static func command(_ path: String, _ arguments: [String], timeout: Duration = .seconds(60)) async throws -> (status: Int32, stdout: String) {
        let child = try ChildProcess(executable: URL(fileURLWithPath: path), arguments: arguments, name: (path as NSString).lastPathComponent)
        let status = try await child.exit(timeout: timeout)
        return (status, child.stdout)
    }

    static func ip(_ arguments: [String]) async throws -> (status: Int32, stdout: String) {
        try await command("/usr/sbin/ip", arguments)
    }

    /// Waits until `device` holds `address` (or no longer does): tests send nothing to a
    /// ClusterIP that is not a local address, so no packet ever leaves the machine.
    static func waitForAddress(_ address: String, on device: String, present: Bool = true) async throws {
        try await eventually(.seconds(90), "\(address) \(present ? "on" : "gone from") \(device)") {
            let held = (try? await ip(["-4", "-o", "addr", "show", "dev", device]).stdout) ?? ""
            return held.contains("inet \(address)/32") == present
        }
    }

    /// `curl -s URL` (optionally inside a network namespace): exit status and body.
    static func curl(_ url: String, netns: String? = nil, maxTime: Int = 10) async throws -> (status: Int32, stdout: String) {
        let curl = ["/usr/bin/curl", "-s", "--max-time", "\(maxTime)", url]
        if let netns { return try await command("/usr/sbin/ip", ["netns", "exec", netns] + curl) }
        return try await command(curl[0], Array(curl.dropFirst()))
    }

    static let nft = "/usr/sbin/nft"
    static var hasNft: Bool { FileManager.default.isExecutableFile(atPath: nft) }

    /// The packets counted by the first `counter` of `chain` in the ip table `table`.
    static func nftPackets(table: String, chain: String) async throws -> Int {
        let listing = try await command(nft, ["list", "chain", "ip", table, chain]).stdout
        guard let range = listing.range(of: "counter packets ") else { return 0 }
        return Int(listing[range.upperBound...].prefix { $0.isNumber }) ?? 0
    }

    /// Answers of `count` requests, each on a new connection.
    static func answers(_ url: String, count: Int) async throws -> [String] {
        var out: [String] = []
        for _ in 0..<count { out.append(try await curl(url).stdout) }
        return out
    }
}

/// A free TCP port on loopback (bound and released; good enough for tests).
func freePort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = 0
    _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
    return Int(UInt16(bigEndian: addr.sin_port))
}

/// `python3 -m http.server` on ip:port serving a file `who` that holds `name`.
final class WhoServer: Sendable {
    let name: String
    let ip: String
    let port: Int
    let process: ChildProcess
    let directory: String

    init(name: String, ip: String, port: Int) async throws {
        self.name = name
        self.ip = ip
        self.port = port
        directory = temporaryDirectory("who-\(name)")
        try name.write(toFile: directory + "/who", atomically: true, encoding: .utf8)
        process = try ChildProcess(executable: URL(fileURLWithPath: "/usr/bin/python3"),
                                   arguments: ["-u", "-m", "http.server", "--bind", ip, "--directory", directory, "\(port)"], name: "who-\(name)")
        try await eventually(.seconds(60), "http.server \(name) on \(ip):\(port)") {
            (try? await Run.curl("http://\(ip):\(port)/who").stdout) == name
        }
    }

    var endpoint: String { "\(ip):\(port)" }

    func stop() async {
        process.send(SIGKILL)
        _ = try? await process.exit()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

enum Objects {
    static func create(_ client: APIClient, group: String = "", _ resource: String, namespace: String = "default", _ body: String) async throws -> JSON {
        try await client.call(APIRequest(.create, group: group, resource: resource, namespace: namespace, body: try JSON.parse(body))).object()
    }

    /// A ready EndpointSlice of service `service` for port `portName` with these addresses.
    static func slice(_ name: String, service: String, ips: [String], port: Int, portName: String = "http", transport: String = "TCP") -> String {
        let endpoints = ips.map { #"{"addresses":["\#($0)"],"conditions":{"ready":true}}"# }.joined(separator: ",")
        return #"""
        {"metadata":{"name":"\#(name)","labels":{"kubernetes.io/service-name":"\#(service)"}},"addressType":"IPv4",
         "endpoints":[\#(endpoints)],"ports":[{"name":"\#(portName)","port":\#(port),"protocol":"\#(transport)"}]}
        """#
    }

    /// Replaces the slice's endpoints.
    static func setSlice(_ client: APIClient, _ name: String, service: String, ips: [String], port: Int) async throws {
        let current = try await client.call(APIRequest(.get, group: "discovery.k8s.io", resource: "endpointslices", namespace: "default", name: name)).object()
        var body = try JSON.parse(slice(name, service: service, ips: ips, port: port))
        body["metadata"]?["resourceVersion"] = current["metadata"]?["resourceVersion"]
        _ = try await client.call(APIRequest(.update, group: "discovery.k8s.io", resource: "endpointslices", namespace: "default", name: name, body: body))
    }
}

/// A random name suffix for devices and namespaces (interface names: at most 15 characters).
func shortID() -> String { String(UInt32.random(in: 0...0xFFFFFF), radix: 16) }
