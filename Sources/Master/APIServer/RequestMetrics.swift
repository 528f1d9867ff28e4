import Bus
import Synchronization

/// The API server's `_metrics` RPC method: request counts and latencies (``RequestStats``) and
/// how many nodes have fresh figures in the metrics API. Thread-safe.
final class RequestMetrics: Sendable {
    private let stats = Mutex(RequestStats())

    /// `handler`, with each call counted and timed under `verb` (errors by their code).
    func instrument(_ verb: String, _ handler: @escaping RPC.Handler) -> RPC.Handler {
        { [self] request in
            let start = ContinuousClock.now
            var code = 200
            defer {
                let (s, atto) = (ContinuousClock.now - start).components
                let seconds = Double(s) + Double(atto) / 1e18
                stats.withLock { $0.record(verb: verb, code: code, seconds: seconds) }
            }
            do {
                return try await handler(request)
            } catch let e as BusError {
                code = Int(e.code)
                throw e
            } catch {
                code = 500
                throw error
            }
        }
    }

    /// The handler of `_metrics`: the Prometheus text of the counters and of `metrics`.
    func handler(metrics: MetricsStore) -> RPC.Handler {
        { [self] _ in
            let nodes = metrics.reports().count
            let families = stats.withLock { $0.families() } + [
                .init(name: "skiff_apiserver_metrics_nodes", help: "Nodes whose cAdvisor reported within three intervals.",
                      type: .gauge, samples: [.init(value: Double(nodes))]),
            ]
            return Array(PrometheusText.render(families).utf8)
        }
    }
}
