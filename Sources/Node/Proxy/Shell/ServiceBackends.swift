import Foundation
import Synchronization

/// The endpoints of one service port as its listeners see them: a ``Balancer`` behind a lock,
/// replaced in place when the endpoints change (listeners are not reopened), with a generation
/// number so that UDP flows notice an update cheaply.
public final class ServiceBackends: Sendable {
    public let name: ServicePortName
    private let balancer = Mutex(Balancer())
    private let generationCounter = Atomic<UInt64>(0)

    public init(name: ServicePortName) { self.name = name }

    /// Seconds on the monotonic clock (the balancer's and flow tables' time).
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    public func update(endpoints: [Endpoint], affinitySeconds: Int?) {
        let changed = balancer.withLock { b in
            let before = b.endpoints
            b.update(endpoints: endpoints, affinitySeconds: affinitySeconds)
            return before != endpoints
        }
        if changed { generationCounter.add(1, ordering: .releasing) }
    }

    /// Bumped whenever the endpoints change.
    public var generation: UInt64 { generationCounter.load(ordering: .acquiring) }

    public var endpoints: [Endpoint] { balancer.withLock { $0.endpoints } }

    public func pick(client: String, excluding: Set<Endpoint> = []) -> Endpoint? {
        let now = Self.now()
        return balancer.withLock { $0.pick(client: client, now: now, excluding: excluding) }
    }
}
