/// UDP flows of one listener: a client address (the shell's own address type, hashed as is) → the flow's state (its endpoint and upstream
/// socket, in the shell), dropped after `idleSeconds` without a datagram either way, or when
/// their endpoint leaves the service (as kube-proxy flushes conntrack entries of removed UDP
/// endpoints). Time is an input.
public struct FlowTable<Client: Hashable, Value> {
    public struct Entry {
        public var endpoint: Endpoint
        public var value: Value
        public var lastSeen: Double
    }

    public let idleSeconds: Double
    private var entries: [Client: Entry] = [:]

    public init(idleSeconds: Double) { self.idleSeconds = idleSeconds }

    public var count: Int { entries.count }

    /// The live flow of `client`, marked as used now.
    @discardableResult
    public mutating func touch(_ client: Client, now: Double) -> Entry? {
        entries[client]?.lastSeen = now
        return entries[client]
    }

    public mutating func insert(_ client: Client, endpoint: Endpoint, value: Value, now: Double) {
        entries[client] = Entry(endpoint: endpoint, value: value, lastSeen: now)
    }

    /// Removes one flow and returns it.
    public mutating func remove(_ client: Client) -> Entry? { entries.removeValue(forKey: client) }

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
