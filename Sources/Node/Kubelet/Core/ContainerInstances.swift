import RuntimeAPI

/// The runtime's containers of one pod, grouped by the spec's container name, newest attempt
/// last. The kubelet names runtime containers by ``ContainerConfig/name`` and counts restarts in
/// ``ContainerConfig/attempt``.
public struct ContainerInstances: Sendable, Equatable {
    public var byName: [String: [RuntimeMessages.ContainerStatus]]

    public init(_ containers: [RuntimeMessages.ContainerStatus]) {
        var byName: [String: [RuntimeMessages.ContainerStatus]] = [:]
        for c in containers { byName[c.config.name, default: []].append(c) }
        for k in byName.keys {
            byName[k]!.sort { ($0.config.attempt, $0.createdAt, $0.containerID) < ($1.config.attempt, $1.createdAt, $1.containerID) }
        }
        self.byName = byName
    }

    public func latest(_ name: String) -> RuntimeMessages.ContainerStatus? { byName[name]?.last }

    /// The instance before the latest (for `lastState` and `previous` logs).
    public func previous(_ name: String) -> RuntimeMessages.ContainerStatus? {
        guard let all = byName[name], all.count >= 2 else { return nil }
        return all[all.count - 2]
    }

    /// Exited instances older than the previous one: nothing reads them any more.
    public func garbage() -> [RuntimeMessages.ContainerStatus] {
        byName.values.flatMap { $0.dropLast(2).filter { $0.state == .exited } }.sorted { $0.containerID < $1.containerID }
    }

    public var all: [RuntimeMessages.ContainerStatus] {
        byName.keys.sorted().flatMap { byName[$0]! }
    }
}

extension RuntimeMessages.ContainerStatus {
    /// Running, or created and about to run: something to stop.
    var isLive: Bool { state == .running || state == .created }
}
