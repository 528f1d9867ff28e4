import Bus
import Client
import Resources
import Testing
@testable import APIServer

/// The metrics API's pure parts: what the table keeps, for how long, and the objects it becomes.
struct MetricsTableTests {
    /// A manual monotonic clock.
    struct Instant: InstantProtocol {
        var ms: Int64
        func advanced(by d: Duration) -> Instant { Instant(ms: ms + Int64(d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000)) }
        func duration(to other: Instant) -> Duration { .milliseconds(other.ms - ms) }
        static func < (a: Instant, b: Instant) -> Bool { a.ms < b.ms }
    }

    static func report(_ node: String, interval: Int64 = 10_000, pods: [(String, String)], cpu: Int64 = 1) -> MetricsReport {
        MetricsReport(node: node, timestamp: "2026-01-01T00:00:10Z", windowMilliseconds: interval, intervalMilliseconds: interval,
                      usage: .init(cpuNanoCores: cpu, memoryWorkingSetBytes: 1 << 20),
                      pods: pods.map { .init(name: $0.1, namespace: $0.0, uid: "", containers: [
                          .init(name: "c", usage: .init(cpuNanoCores: cpu, memoryWorkingSetBytes: 4096)),
                      ]) })
    }

    @Test func newestReportPerNodeUntilThreeIntervalsOrThirtySecondsPass() {
        var table = MetricsTable<Instant>()
        table.received(Self.report("n1", interval: 20_000, pods: [("default", "a"), ("default", "b")]), now: Instant(ms: 0))
        table.received(Self.report("n2", interval: 1000, pods: [("prod", "c")]), now: Instant(ms: 0))
        #expect(table.reports(now: Instant(ms: 3001)).map(\.node) == ["n1", "n2"])
        #expect(table.pods(namespace: nil, now: Instant(ms: 0)).map { $0.pod.name } == ["a", "b", "c"])
        #expect(table.pods(namespace: "prod", now: Instant(ms: 0)).map { $0.pod.name } == ["c"])
        // n2 reports every second: three intervals are under the 30 s floor, so it goes at 30 s.
        #expect(table.reports(now: Instant(ms: 30_000)).map(\.node) == ["n1", "n2"])
        #expect(table.reports(now: Instant(ms: 30_001)).map(\.node) == ["n1"])
        // A newer report replaces the older: b is gone.
        table.received(Self.report("n1", interval: 20_000, pods: [("default", "a")]), now: Instant(ms: 5000))
        #expect(table.pods(namespace: "default", now: Instant(ms: 5000)).map { $0.pod.name } == ["a"])
        // n1 reports every 20 s: three intervals (60 s) outlast the floor.
        #expect(table.reports(now: Instant(ms: 65_000)).map(\.node) == ["n1"])
        #expect(table.reports(now: Instant(ms: 65_001)).isEmpty)
        table.expire(now: Instant(ms: 65_001))
        #expect(table.nodes.isEmpty)
    }

    @Test func aPodReportedByTwoNodesComesFromTheNewerReport() {
        var table = MetricsTable<Instant>()
        table.received(Self.report("n1", pods: [("default", "a")], cpu: 1), now: Instant(ms: 0))
        table.received(Self.report("n2", pods: [("default", "a")], cpu: 2), now: Instant(ms: 100))
        let pods = table.pods(namespace: nil, now: Instant(ms: 200))
        #expect(pods.count == 1 && pods[0].report.node == "n2")
    }

    @Test func objectsAsMetricsServerServesThem() throws {
        let report = Self.report("n1", pods: [("default", "web")], cpu: 1_234_567)
        let pod = MetricsObjects.pod(report.pods[0], report: report, labels: ["app": "web"], now: "2026-01-01T00:00:11Z", standalone: false)
        #expect(pod == (try JSON.parse("""
            {"metadata":{"name":"web","namespace":"default","creationTimestamp":"2026-01-01T00:00:11Z","labels":{"app":"web"}},
             "timestamp":"2026-01-01T00:00:10Z","window":"10s","containers":[{"name":"c","usage":{"cpu":"1234567n","memory":"4Ki"}}]}
            """)))
        let node = MetricsObjects.node(report, labels: .emptyObject, now: "2026-01-01T00:00:11Z", standalone: true)
        #expect(node == (try JSON.parse("""
            {"kind":"NodeMetrics","apiVersion":"metrics.k8s.io/v1beta1",
             "metadata":{"name":"n1","creationTimestamp":"2026-01-01T00:00:11Z"},
             "timestamp":"2026-01-01T00:00:10Z","window":"10s","usage":{"cpu":"1234567n","memory":"1Mi"}}
            """)))
        #expect(MetricsObjects.usage(.init(cpuNanoCores: 250_000_000, memoryWorkingSetBytes: 1000)) == ["cpu": "250m", "memory": "1k"])
    }

    @Test func windowsAsGoDurations() {
        let cases: [(Int64, String)] = [(0, "0s"), (500, "500ms"), (1000, "1s"), (10_000, "10s"), (10_003, "10.003s"),
                                        (10_250, "10.25s"), (90_000, "1m30s"), (7_200_000, "2h0m0s"), (3_661_500, "1h1m1.5s")]
        for (ms, text) in cases { #expect(MetricsObjects.goDuration(milliseconds: ms) == text) }
    }
}

struct RequestStatsTests {
    @Test func countsByVerbAndCodeAndLatencyBuckets() {
        var stats = RequestStats()
        stats.record(verb: "get", code: 200, seconds: 0.0005)
        stats.record(verb: "get", code: 404, seconds: 0.02)
        stats.record(verb: "list", code: 200, seconds: 20)
        let text = PrometheusText.render(stats.families())
        let lines = Set(text.split(separator: "\n").map(String.init))
        for expected in [
            "# TYPE apiserver_request_total counter",
            #"apiserver_request_total{code="200",verb="get"} 1"#,
            #"apiserver_request_total{code="404",verb="get"} 1"#,
            #"apiserver_request_total{code="200",verb="list"} 1"#,
            "# TYPE apiserver_request_duration_seconds histogram",
            #"apiserver_request_duration_seconds_bucket{verb="get",le="0.001"} 1"#,
            #"apiserver_request_duration_seconds_bucket{verb="get",le="0.025"} 2"#,
            #"apiserver_request_duration_seconds_bucket{verb="get",le="+Inf"} 2"#,
            #"apiserver_request_duration_seconds_count{verb="get"} 2"#,
            #"apiserver_request_duration_seconds_bucket{verb="list",le="10"} 0"#,
            #"apiserver_request_duration_seconds_bucket{verb="list",le="+Inf"} 1"#,
            #"apiserver_request_duration_seconds_sum{verb="list"} 20"#,
        ] {
            #expect(lines.contains(expected), "\(expected) in\n\(text)")
        }
    }
}
