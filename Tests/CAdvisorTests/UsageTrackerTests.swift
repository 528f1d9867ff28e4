import Bus
import CAdvisor
import Client
import Testing

/// Readings and times made up for the pure core.
enum Fixture {
    static let second: Int64 = 1_000_000_000
    /// 2026-01-01T00:00:00Z.
    static let epoch: Int64 = 1_767_225_600

    static func time(_ seconds: Int64, plusMillis ms: Int64 = 0) -> SampleTime {
        SampleTime(unixNanoseconds: (epoch + seconds) * second + ms * 1_000_000,
                   monotonicNanoseconds: 500 * second + seconds * second + ms * 1_000_000)
    }

    static func node(cpuSeconds: Double, workingSet: UInt64 = 2 << 30) -> NodeReading {
        NodeReading(cpuNanoseconds: UInt64(cpuSeconds * 1e9),
                    memory: .init(totalBytes: 8 << 30, usageBytes: workingSet + (1 << 30), workingSetBytes: workingSet),
                    io: IOBytes(read: 1000, written: 2000))
    }

    static func container(_ id: String, pod: String = "web-1", namespace: String = "default", name: String = "app",
                          cpuSeconds: Double, memory: UInt64 = 12_345 * 1024) -> ContainerReading {
        ContainerReading(
            identity: .init(id: id, name: name, podName: pod, podNamespace: namespace, podUID: pod.isEmpty ? "" : "uid-" + pod,
                            cgroup: "/sys/fs/cgroup/skiff/s/\(id)", image: "busybox"),
            cpuNanoseconds: UInt64(cpuSeconds * 1e9), memoryWorkingSetBytes: memory, io: IOBytes(read: 4096, written: 512),
            cpuSource: .cgroup, memorySource: .cgroup)
    }
}

@Suite struct UsageTrackerTests {
    @Test func ratesNeedAWholeWindow() {
        var tracker = UsageTracker()
        let first = tracker.read(node: Fixture.node(cpuSeconds: 100), containers: [Fixture.container("c1", cpuSeconds: 1)],
                                 at: Fixture.time(0))
        #expect(first.windowNanoseconds == nil && first.nodeCPUNanoCores == nil)
        #expect(first.containers.map(\.cpuNanoCores) == [nil])

        // 10 s later: the node used 5 CPU-seconds (0.5 cores), c1 2.5 (0.25 cores); c2 is new.
        let second = tracker.read(node: Fixture.node(cpuSeconds: 105),
                                  containers: [Fixture.container("c1", cpuSeconds: 3.5), Fixture.container("c2", cpuSeconds: 7)],
                                  at: Fixture.time(10))
        #expect(second.windowNanoseconds == 10 * Fixture.second)
        #expect(second.nodeCPUNanoCores == 500_000_000)
        #expect(second.containers.map(\.cpuNanoCores) == [250_000_000, nil])

        // c1's counter went backwards (restarted under the same id): no rate, a new baseline.
        let third = tracker.read(node: Fixture.node(cpuSeconds: 106),
                                 containers: [Fixture.container("c1", cpuSeconds: 0.5), Fixture.container("c2", cpuSeconds: 8)],
                                 at: Fixture.time(15))
        #expect(third.containers.map(\.cpuNanoCores) == [nil, 200_000_000])
        #expect(third.nodeCPUNanoCores == 200_000_000)

        // c2 gone for one reading is forgotten: back again, it starts over.
        _ = tracker.read(node: Fixture.node(cpuSeconds: 107), containers: [], at: Fixture.time(20))
        let fifth = tracker.read(node: Fixture.node(cpuSeconds: 108), containers: [Fixture.container("c2", cpuSeconds: 9)],
                                 at: Fixture.time(25))
        #expect(fifth.containers.map(\.cpuNanoCores) == [nil])
    }

    @Test func timeThatDidNotAdvanceGivesNoRate() {
        var tracker = UsageTracker()
        _ = tracker.read(node: Fixture.node(cpuSeconds: 1), containers: [], at: Fixture.time(0))
        #expect(tracker.read(node: Fixture.node(cpuSeconds: 2), containers: [], at: Fixture.time(0)).nodeCPUNanoCores == nil)
    }
}

@Suite struct ReportBuilderTests {
    @Test func groupsContainersByPodAndLeavesOutWhatHasNoWindow() throws {
        var tracker = UsageTracker()
        let before = [Fixture.container("a", pod: "web-1", name: "nginx", cpuSeconds: 1),
                      Fixture.container("b", pod: "web-1", name: "sidecar", cpuSeconds: 2),
                      Fixture.container("c", pod: "", namespace: "", name: "loose", cpuSeconds: 3),
                      Fixture.container("d", pod: "db-0", namespace: "prod", name: "postgres", cpuSeconds: 4)]
        let first = tracker.read(node: Fixture.node(cpuSeconds: 100), containers: before, at: Fixture.time(0))
        #expect(ReportBuilder.report(node: "node-1", sample: first, interval: .seconds(10)) == nil)
        let after = [Fixture.container("a", pod: "web-1", name: "nginx", cpuSeconds: 1.5),
                     Fixture.container("b", pod: "web-1", name: "sidecar", cpuSeconds: 2, memory: 4096),
                     Fixture.container("c", pod: "", namespace: "", name: "loose", cpuSeconds: 4),
                     Fixture.container("d", pod: "db-0", namespace: "prod", name: "postgres", cpuSeconds: 4),
                     Fixture.container("e", pod: "web-2", name: "new", cpuSeconds: 1)]
        let second = tracker.read(node: Fixture.node(cpuSeconds: 112, workingSet: 3 << 30), containers: after,
                                  at: Fixture.time(10, plusMillis: 3))
        let report = try #require(ReportBuilder.report(node: "node-1", sample: second, interval: .seconds(10)))
        #expect(report.node == "node-1")
        #expect(report.timestamp == "2026-01-01T00:00:10Z")
        #expect(report.windowMilliseconds == 10_003)
        #expect(report.intervalMilliseconds == 10_000)
        #expect(report.usage == .init(cpuNanoCores: 1_199_640_108, memoryWorkingSetBytes: 3 << 30))
        #expect(report.pods.map { "\($0.namespace)/\($0.name)" } == ["default/web-1", "prod/db-0"])
        #expect(report.pods[0].uid == "uid-web-1")
        #expect(report.pods[0].containers == [
            .init(name: "nginx", usage: .init(cpuNanoCores: 49_985_004, memoryWorkingSetBytes: 12_345 * 1024)),
            .init(name: "sidecar", usage: .init(cpuNanoCores: 0, memoryWorkingSetBytes: 4096)),
        ])
    }
}

@Suite struct CAdvisorMetricsTests {
    @Test func cAdvisorsNamesAndLabels() {
        var tracker = UsageTracker()
        let sample = tracker.read(node: Fixture.node(cpuSeconds: 100),
                                  containers: [Fixture.container("c1", cpuSeconds: 1.25)], at: Fixture.time(0))
        var counters = CAdvisorMetrics.Counters()
        counters.reportsSent = 3
        let text = PrometheusText.render(CAdvisorMetrics.families(sample, counters: counters))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains("# TYPE container_cpu_usage_seconds_total counter"))
        #expect(lines.contains(#"container_cpu_usage_seconds_total{container="app",id="/sys/fs/cgroup/skiff/s/c1",image="busybox",name="c1",namespace="default",pod="web-1"} 1.25"#))
        #expect(lines.contains(#"container_cpu_usage_seconds_total{container="",id="/",image="",name="",namespace="",pod=""} 100"#))
        #expect(lines.contains("# TYPE container_memory_working_set_bytes gauge"))
        #expect(lines.contains(#"container_memory_working_set_bytes{container="app",id="/sys/fs/cgroup/skiff/s/c1",image="busybox",name="c1",namespace="default",pod="web-1"} 12641280"#))
        #expect(lines.contains(#"container_fs_reads_bytes_total{container="app",id="/sys/fs/cgroup/skiff/s/c1",image="busybox",name="c1",namespace="default",pod="web-1"} 4096"#))
        #expect(lines.contains(#"container_fs_writes_bytes_total{container="app",id="/sys/fs/cgroup/skiff/s/c1",image="busybox",name="c1",namespace="default",pod="web-1"} 512"#))
        #expect(lines.contains("machine_memory_bytes 8589934592"))
        #expect(lines.contains(#"skiff_cadvisor_reports_total{result="ok"} 3"#))
        // Before the first reading: the families, no samples.
        #expect(PrometheusText.render(CAdvisorMetrics.families(nil, counters: .init())).contains("# TYPE container_cpu_usage_seconds_total counter"))
    }

    @Test func labelValuesAreEscaped() {
        let family = PrometheusText.Family(name: "x", help: "a\\b\nc", type: .gauge,
                                           samples: [.init(labels: [("l", "q\"u\\o\nte")], value: 0.5)])
        #expect(PrometheusText.render([family]) == "# HELP x a\\\\b\\nc\n# TYPE x gauge\nx{l=\"q\\\"u\\\\o\\nte\"} 0.5\n")
    }
}
