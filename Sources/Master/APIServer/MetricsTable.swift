import Client

/// The newest ``MetricsReport`` of each node, as the metrics API serves them: pure, with time as
/// an input (any monotonic instant).
///
/// Guarantees: a node's report replaces everything that node reported before (a pod no longer
/// in it is gone); a report is forgotten once three of its intervals, and at least 30 s, have
/// passed without a newer one (the floor keeps a short-interval node that a busy machine
/// delays by a few seconds from flickering out); a pod reported by two nodes (it moved) is served from the newer report.
struct MetricsTable<Instant: InstantProtocol> where Instant.Duration == Duration {
    struct Entry {
        var report: MetricsReport
        var received: Instant
    }

    private(set) var nodes: [String: Entry] = [:]

    /// How many intervals without a report a node's figures outlive.
    static var expiryIntervals: Int { 3 }

    /// The least time any node's figures outlive its last report.
    static var expiryFloor: Duration { .seconds(30) }

    /// Stores `report` as its node's newest, received at `now`.
    mutating func received(_ report: MetricsReport, now: Instant) {
        nodes[report.node] = Entry(report: report, received: now)
    }

    /// Drops the reports that have expired at `now`.
    mutating func expire(now: Instant) {
        nodes = nodes.filter { isFresh($0.value, now: now) }
    }

    /// The fresh reports at `now`, by node name.
    func reports(now: Instant) -> [MetricsReport] {
        nodes.values.filter { isFresh($0, now: now) }.map(\.report).sorted { $0.node < $1.node }
    }

    /// The fresh pods at `now`, each with the report it came from; the newest report wins for a
    /// pod reported twice. Sorted by namespace, then name.
    func pods(namespace: String?, now: Instant) -> [(pod: MetricsReport.Pod, report: MetricsReport)] {
        var found: [String: (pod: MetricsReport.Pod, report: MetricsReport, received: Instant)] = [:]
        for entry in nodes.values where isFresh(entry, now: now) {
            for pod in entry.report.pods where namespace == nil || pod.namespace == namespace {
                let key = pod.namespace + "/" + pod.name
                if let existing = found[key], existing.received > entry.received { continue }
                found[key] = (pod, entry.report, entry.received)
            }
        }
        return found.values.sorted { ($0.pod.namespace, $0.pod.name) < ($1.pod.namespace, $1.pod.name) }
            .map { ($0.pod, $0.report) }
    }

    private func isFresh(_ entry: Entry, now: Instant) -> Bool {
        let interval = Duration.milliseconds(max(entry.report.intervalMilliseconds, 1))
        return entry.received.duration(to: now) <= max(interval * Self.expiryIntervals, Self.expiryFloor)
    }
}
