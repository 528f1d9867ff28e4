/// Chooses an endpoint for each new connection (TCP) or flow (UDP) of one service port: round
/// robin over the ready endpoints, or — with `sessionAffinity: ClientIP` — the endpoint this
/// client last used, as long as it is still ready and the client came back within the timeout
/// (each use renews it, as kube-proxy's `recent` match does). Time is an input (`now`, seconds on
/// any monotonic clock).
public struct Balancer: Sendable {
    public private(set) var endpoints: [Endpoint] = []
    public private(set) var affinitySeconds: Int?
    private var cursor = 0
    private var affinity: [String: (endpoint: Endpoint, lastUsed: Double)] = [:]
    private var lastSweep = 0.0

    public init(endpoints: [Endpoint] = [], affinitySeconds: Int? = nil) {
        update(endpoints: endpoints, affinitySeconds: affinitySeconds)
    }

    /// Clients with a remembered endpoint.
    public var affinityCount: Int { affinity.count }

    /// Replaces the endpoints (and the affinity setting). Clients stuck to an endpoint that is
    /// gone lose their affinity; the others keep it.
    public mutating func update(endpoints new: [Endpoint], affinitySeconds seconds: Int?) {
        if new != endpoints {
            // Keep the rotation where it was relative to the endpoint it would have picked next.
            let next = endpoints.isEmpty ? nil : endpoints[cursor % endpoints.count]
            endpoints = new
            cursor = next.flatMap { new.firstIndex(of: $0) } ?? 0
            let live = Set(new)
            affinity = affinity.filter { live.contains($0.value.endpoint) }
        }
        if seconds != affinitySeconds {
            affinitySeconds = seconds
            if seconds == nil { affinity = [:] }
        }
    }

    /// The endpoint for a new connection from `client` (an IP address), skipping `excluding`
    /// (endpoints that just refused this connection); nil when none is left.
    public mutating func pick(client: String, now: Double, excluding: Set<Endpoint> = []) -> Endpoint? {
        guard !endpoints.isEmpty else { return nil }
        if let timeout = affinitySeconds {
            sweep(now: now, timeout: Double(timeout))
            if let entry = affinity[client], now - entry.lastUsed <= Double(timeout), !excluding.contains(entry.endpoint) {
                affinity[client] = (entry.endpoint, now)
                return entry.endpoint
            }
        }
        for _ in 0..<endpoints.count {
            let candidate = endpoints[cursor % endpoints.count]
            cursor = (cursor + 1) % endpoints.count
            if excluding.contains(candidate) { continue }
            if affinitySeconds != nil { affinity[client] = (candidate, now) }
            return candidate
        }
        return nil
    }

    /// Forgets expired affinities, at most once per timeout period.
    private mutating func sweep(now: Double, timeout: Double) {
        guard now - lastSweep >= max(1, timeout) else { return }
        lastSweep = now
        affinity = affinity.filter { now - $0.value.lastUsed <= timeout }
    }
}
