/// Chooses an endpoint for each new connection (TCP) or flow (UDP) of one service port: round
/// robin over the ready endpoints, or — with `sessionAffinity: ClientIP` — the endpoint this
/// client last used, as long as it is still ready and the client came back within the timeout
/// (each use renews it, as kube-proxy's `recent` match does). Time is an input (`now`, seconds on
/// any monotonic clock).
///
/// A client without a remembered endpoint gets the one its address ranks highest by rendezvous
/// hashing (FNV-1a of client and endpoint; the same in every process), not the next in the
/// rotation: the proxies of two nodes on one host share each listening port (SO_REUSEPORT), the
/// kernel hands a client's connections to either, and both must stick it to the same endpoint.
/// Removing another endpoint does not move it.
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
        if affinitySeconds != nil {
            let candidate = endpoints.filter { !excluding.contains($0) }.max { Self.rank(client, $0) < Self.rank(client, $1) }
            if let candidate { affinity[client] = (candidate, now) }
            return candidate
        }
        for _ in 0..<endpoints.count {
            let candidate = endpoints[cursor % endpoints.count]
            cursor = (cursor + 1) % endpoints.count
            if excluding.contains(candidate) { continue }
            return candidate
        }
        return nil
    }

    /// The rendezvous weight of `endpoint` for `client`: FNV-1a 64 of both, then a final mix.
    static func rank(_ client: String, _ endpoint: Endpoint) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(client)|\(endpoint.ip):\(endpoint.port)".utf8 {
            h ^= UInt64(byte)
            h &*= 0x0000_0100_0000_01b3
        }
        h ^= h >> 33
        h &*= 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        return h
    }

    /// Forgets expired affinities, at most once per timeout period.
    private mutating func sweep(now: Double, timeout: Double) {
        guard now - lastSweep >= max(1, timeout) else { return }
        lastSweep = now
        affinity = affinity.filter { now - $0.value.lastUsed <= timeout }
    }
}
