import Client
import Resources

/// Builds the `metrics.report` body from a ``UsageTracker/Sample``. Pure.
public enum ReportBuilder {
    /// Nil on the first sample (no window yet). Containers without a pod label or without a rate
    /// are left out; pods with no container left are too. Pods are sorted by namespace and name,
    /// their containers by name.
    public static func report(node: String, sample: UsageTracker.Sample, interval: Duration) -> MetricsReport? {
        guard let window = sample.windowNanoseconds, window > 0, let nodeCPU = sample.nodeCPUNanoCores else { return nil }
        struct PodKey: Hashable { var namespace, name, uid: String }
        var pods: [PodKey: [MetricsReport.Container]] = [:]
        for usage in sample.containers {
            let id = usage.reading.identity
            guard !id.podName.isEmpty, !id.podNamespace.isEmpty, let cpu = usage.cpuNanoCores else { continue }
            let container = MetricsReport.Container(
                name: id.name,
                usage: .init(cpuNanoCores: cpu, memoryWorkingSetBytes: Int64(clamping: usage.reading.memoryWorkingSetBytes)))
            pods[PodKey(namespace: id.podNamespace, name: id.podName, uid: id.podUID), default: []].append(container)
        }
        let podList = pods.sorted { ($0.key.namespace, $0.key.name, $0.key.uid) < ($1.key.namespace, $1.key.name, $1.key.uid) }
            .map { key, containers in
                MetricsReport.Pod(name: key.name, namespace: key.namespace, uid: key.uid,
                                  containers: containers.sorted { $0.name < $1.name })
            }
        let seconds = sample.time.unixNanoseconds.quotientAndRemainder(dividingBy: 1_000_000_000)
        let timestamp = MetaTime(seconds: seconds.quotient).rfc3339
        let (s, attos) = interval.components
        return MetricsReport(
            node: node, timestamp: timestamp,
            windowMilliseconds: max(1, (window + 500_000) / 1_000_000),
            intervalMilliseconds: max(1, s * 1000 + attos / 1_000_000_000_000_000),
            usage: .init(cpuNanoCores: nodeCPU, memoryWorkingSetBytes: Int64(clamping: sample.node.memory.workingSetBytes)),
            pods: podList)
    }
}
