import Bus

/// cAdvisor's own metric names and labels for the newest readings (what Prometheus scrapes
/// from a kubelet's `/metrics/cadvisor`), plus the service's own counters. Pure.
///
/// Each container gets the labels `container`, `id` (its cgroup, or `/proc/<pid>`), `image`,
/// `name` (the runtime's container id), `namespace` and `pod`; the node is the root container,
/// `id="/"` with the others empty, as cAdvisor reports it.
public enum CAdvisorMetrics {
    /// What the service counts about itself.
    public struct Counters: Sendable, Equatable {
        public var samples = 0
        public var reportsSent = 0
        public var reportErrors = 0
        public var runtimeErrors = 0
        public init() {}
    }

    public static func families(_ sample: UsageTracker.Sample?, counters: Counters) -> [PrometheusText.Family] {
        var cpu: [PrometheusText.Sample] = [], memory: [PrometheusText.Sample] = []
        var reads: [PrometheusText.Sample] = [], writes: [PrometheusText.Sample] = []
        var machine: [PrometheusText.Sample] = []
        if let sample {
            let root: [(String, String)] = [("container", ""), ("id", "/"), ("image", ""), ("name", ""), ("namespace", ""), ("pod", "")]
            cpu.append(.init(labels: root, value: seconds(sample.node.cpuNanoseconds)))
            memory.append(.init(labels: root, value: Double(sample.node.memory.workingSetBytes)))
            if let io = sample.node.io {
                reads.append(.init(labels: root, value: Double(io.read)))
                writes.append(.init(labels: root, value: Double(io.written)))
            }
            machine.append(.init(value: Double(sample.node.memory.totalBytes)))
            for usage in sample.containers.sorted(by: { $0.reading.identity.id < $1.reading.identity.id }) {
                let r = usage.reading, id = r.identity
                let labels = [("container", id.name), ("id", id.cgroup), ("image", id.image), ("name", id.id),
                              ("namespace", id.podNamespace), ("pod", id.podName)]
                cpu.append(.init(labels: labels, value: seconds(r.cpuNanoseconds)))
                memory.append(.init(labels: labels, value: Double(r.memoryWorkingSetBytes)))
                if let io = r.io {
                    reads.append(.init(labels: labels, value: Double(io.read)))
                    writes.append(.init(labels: labels, value: Double(io.written)))
                }
            }
        }
        return [
            .init(name: "container_cpu_usage_seconds_total", help: "Cumulative cpu time consumed in seconds.", type: .counter, samples: cpu),
            .init(name: "container_memory_working_set_bytes", help: "Current working set in bytes.", type: .gauge, samples: memory),
            .init(name: "container_fs_reads_bytes_total", help: "Cumulative count of bytes read", type: .counter, samples: reads),
            .init(name: "container_fs_writes_bytes_total", help: "Cumulative count of bytes written", type: .counter, samples: writes),
            .init(name: "machine_memory_bytes", help: "Amount of memory installed on the machine.", type: .gauge, samples: machine),
            .init(name: "skiff_cadvisor_samples_total", help: "Readings of the node and its containers taken.", type: .counter,
                  samples: [.init(value: Double(counters.samples))]),
            .init(name: "skiff_cadvisor_reports_total", help: "metrics.report calls to the API server, by result.", type: .counter,
                  samples: [.init(labels: [("result", "ok")], value: Double(counters.reportsSent)),
                            .init(labels: [("result", "error")], value: Double(counters.reportErrors))]),
            .init(name: "skiff_cadvisor_runtime_errors_total", help: "Failed runtime.container.list calls.", type: .counter,
                  samples: [.init(value: Double(counters.runtimeErrors))]),
        ]
    }

    static func seconds(_ nanoseconds: UInt64) -> Double { Double(nanoseconds) / 1e9 }
}
