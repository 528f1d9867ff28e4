import Bus
import Foundation
import RuntimeAPI

extension Runtime {
    /// Name, version, driver and what this runtime enforces here.
    public func version() -> RuntimeMessages.VersionResponse {
        .init(runtimeName: "skiff", runtimeVersion: RuntimeService.version, driver: driver.name, isolation: driver.isolation)
    }

    /// Runs a sandbox — or returns the READY one already run for this pod and attempt.
    func runSandbox(_ config: RuntimeMessages.SandboxConfig) async throws -> RuntimeMessages.RunSandboxResponse {
        guard !config.podUID.isEmpty, !config.podName.isEmpty, !config.podNamespace.isEmpty else {
            throw BusError.invalid("config.podUID, config.podName and config.podNamespace are required")
        }
        if let existing = sandboxes.values.first(where: {
            $0.status.config.podUID == config.podUID && $0.status.config.attempt == config.attempt && $0.status.state == .ready
        }) {
            return .init(sandboxID: existing.status.sandboxID, warnings: existing.warnings, status: existing.status)
        }
        if let network = config.network, IPv4Range(network.podCIDR) == nil {
            throw BusError.invalid("config.network.podCIDR \"\(network.podCIDR)\" is not an IPv4 CIDR")
        }
        if let bad = config.network?.routes.first(where: { IPv4Range($0) == nil }) {
            throw BusError.invalid("config.network.routes: \"\(bad)\" is not an IPv4 CIDR")
        }
        let id = Self.newID()
        // The address is reserved while the sandbox is set up (other runs may interleave).
        var address: String? = nil
        if driver.podNetworks, config.hostNetwork != true, let network = config.network, let range = IPv4Range(network.podCIDR) {
            let used = Set(sandboxes.values.compactMap { $0.status.network?.mode == .pod ? $0.status.ip : nil }).union(reservedAddresses)
            address = range.allocate(used: used)
            if let address { reservedAddresses.insert(address) }
        }
        defer { if let address { reservedAddresses.remove(address) } }
        let parts: SandboxParts
        do { parts = try await driver.runSandbox(id: id, config: config, address: address) } catch let error as BusError { throw error } catch {
            throw BusError.internal("cannot run the sandbox of pod \(config.podNamespace)/\(config.podName): \(error)")
        }
        let status = RuntimeMessages.SandboxStatus(sandboxID: id, config: config, state: .ready, createdAt: now(),
                                                   ip: parts.ip ?? Self.nodeIP, network: parts.network)
        let record = SandboxRecord(status: status, holder: parts.holder, cgroupPath: parts.cgroupPath, warnings: parts.warnings)
        sandboxes[id] = record
        store?.save(record)
        return .init(sandboxID: id, warnings: parts.warnings, status: status)
    }

    /// Kills the sandbox's containers (no grace: the kubelet stops them first) and its namespaces.
    func stopSandbox(_ id: String) async throws -> RuntimeMessages.SandboxStatus {
        guard sandboxes[id] != nil else { throw BusError.notFound("sandbox \(id) not found") }
        for containerID in containers.keys.sorted() where containers[containerID]?.record.status.sandboxID == id {
            _ = try await stopContainer(containerID, timeoutSeconds: 0)
        }
        guard var record = sandboxes[id] else { throw BusError.notFound("sandbox \(id) not found") }
        if record.status.state == .ready {
            await driver.stopSandbox(record)
            record.status.state = .notReady
            sandboxes[id] = record
            store?.save(record)
        }
        return record.status
    }

    /// Stops the sandbox if needed and removes it with its containers. Removing what is gone is no error.
    func removeSandbox(_ id: String) async throws {
        guard sandboxes[id] != nil else { return }
        _ = try await stopSandbox(id)
        for containerID in containers.keys.sorted() where containers[containerID]?.record.status.sandboxID == id {
            try await removeContainer(containerID)
        }
        guard let record = sandboxes.removeValue(forKey: id) else { return }
        await driver.removeSandbox(record)
        store?.delete(sandbox: id)
    }

    func sandboxStatus(_ id: String) throws -> RuntimeMessages.SandboxStatus {
        guard let record = sandboxes[id] else { throw BusError.notFound("sandbox \(id) not found") }
        return record.status
    }

    func listSandboxes(podUID: String? = nil) -> RuntimeMessages.SandboxList {
        .init(sandboxes: sandboxes.values.map(\.status).filter { podUID == nil || $0.config.podUID == podUID }.sorted { ($0.createdAt, $0.sandboxID) < ($1.createdAt, $1.sandboxID) })
    }

    /// Without pod networking a pod's IP is the node's: the first non-loopback IPv4 address.
    static let nodeIP: String? = {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return nil }
        defer { freeifaddrs(list) }
        var cursor: UnsafeMutablePointer<ifaddrs>? = first
        while let item = cursor {
            defer { cursor = item.pointee.ifa_next }
            guard let address = item.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET),
                  item.pointee.ifa_flags & UInt32(IFF_LOOPBACK) == 0 else { continue }
            var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(address, socklen_t(MemoryLayout<sockaddr_in>.size), &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST) == 0 {
                return String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
        }
        return "127.0.0.1"
    }()
}
