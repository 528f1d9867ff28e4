/// UDP flows of one listener: a client address → the flow's state (its endpoint and upstream
/// socket, in the shell), dropped after `idleSeconds` without a datagram either way, or when
/// their endpoint leaves the service (as kube-proxy flushes conntrack entries of removed UDP
/// endpoints). Time is an input.
public struct FlowTable<Value> {
    public struct Entry {
        public var endpoint: Endpoint
        public var value: Value
        public var lastSeen: Double
    }

    public let idleSeconds: Double
    private var entries: [String: Entry] = [:]

    public init(idleSeconds: Double) { self.idleSeconds = idleSeconds }

    public var count: Int { entries.count }

    /// The live flow of `client`, marked as used now.
    public mutating func touch(_ client: String, now: Double) -> Entry? {
        guard var entry = entries[client] else { return nil }
        entry.lastSeen = now
        entries[client] = entry
        return entry
    }

    public mutating func insert(_ client: String, endpoint: Endpoint, value: Value, now: Double) {
        entries[client] = Entry(endpoint: endpoint, value: value, lastSeen: now)
    }

    /// Removes one flow and returns it.
    public mutating func remove(_ client: String) -> Entry? { entries.removeValue(forKey: client) }

    /// Removes and returns the flows idle for longer than the timeout, and those whose endpoint
    /// is not in `live`.
    public mutating func expire(now: Double, live: Set<Endpoint>) -> [Entry] {
        var gone: [Entry] = []
        entries = entries.filter { _, entry in
            let keep = now - entry.lastSeen <= idleSeconds && live.contains(entry.endpoint)
            if !keep { gone.append(entry) }
            return keep
        }
        return gone
    }
}
