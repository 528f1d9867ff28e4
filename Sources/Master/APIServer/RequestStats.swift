import Bus

/// Counts and latencies of the API server's RPC calls, as Prometheus families
/// (`apiserver_request_total{verb,code}`, `apiserver_request_duration_seconds{verb}`, named as
/// kube-apiserver names them). Pure: the caller measures and records.
struct RequestStats: Sendable {
    /// Upper bounds of the latency buckets, in seconds.
    static let buckets: [Double] = [0.001, 0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    struct Latency: Sendable {
        var counts = [Int](repeating: 0, count: RequestStats.buckets.count)
        var sum = 0.0
        var count = 0
    }

    private(set) var totals: [String: [Int: Int]] = [:]
    private(set) var latencies: [String: Latency] = [:]

    mutating func record(verb: String, code: Int, seconds: Double) {
        totals[verb, default: [:]][code, default: 0] += 1
        var l = latencies[verb] ?? Latency()
        for (i, bound) in Self.buckets.enumerated() where seconds <= bound { l.counts[i] += 1 }
        l.sum += seconds
        l.count += 1
        latencies[verb] = l
    }

    func families() -> [PrometheusText.Family] {
        var totalSamples: [PrometheusText.Sample] = []
        for verb in totals.keys.sorted() {
            for (code, n) in totals[verb]!.sorted(by: { $0.key < $1.key }) {
                totalSamples.append(.init(labels: [("code", String(code)), ("verb", verb)], value: Double(n)))
            }
        }
        var latencySamples: [PrometheusText.Sample] = []
        for verb in latencies.keys.sorted() {
            let l = latencies[verb]!
            for (i, bound) in Self.buckets.enumerated() {
                latencySamples.append(.init(suffix: "_bucket", labels: [("verb", verb), ("le", PrometheusText.number(bound))],
                                            value: Double(l.counts[i])))
            }
            latencySamples.append(.init(suffix: "_bucket", labels: [("verb", verb), ("le", "+Inf")], value: Double(l.count)))
            latencySamples.append(.init(suffix: "_sum", labels: [("verb", verb)], value: l.sum))
            latencySamples.append(.init(suffix: "_count", labels: [("verb", verb)], value: Double(l.count)))
        }
        return [
            .init(name: "apiserver_request_total", help: "Requests answered, by verb and HTTP status code.", type: .counter,
                  samples: totalSamples),
            .init(name: "apiserver_request_duration_seconds", help: "Time to answer a request, by verb.", type: .histogram,
                  samples: latencySamples),
        ]
    }
}
