import Client
import Resources

/// `metrics.k8s.io/v1beta1` objects exactly as metrics-server serves them, built from reports:
/// CPU as a decimal quantity of nanocores (`1234567n`), memory as a binary quantity of bytes
/// (`12345Ki`), the window as a Go duration (`10s`, `10.003s`). Pure.
enum MetricsObjects {
    static let apiVersion = "metrics.k8s.io/v1beta1"

    /// A `PodMetrics` (`kind`/`apiVersion` only when served alone, as in a list's items they are not).
    static func pod(_ pod: MetricsReport.Pod, report: MetricsReport, labels: JSON?, now: String, standalone: Bool) -> JSON {
        var metadata: JSONObject = ["name": .string(pod.name), "namespace": .string(pod.namespace),
                                    "creationTimestamp": .string(now)]
        if let labels, labels.object?.isEmpty == false { metadata["labels"] = labels }
        var object: JSONObject = [:]
        if standalone {
            object["kind"] = "PodMetrics"
            object["apiVersion"] = .string(apiVersion)
        }
        object["metadata"] = .object(metadata)
        object["timestamp"] = .string(report.timestamp)
        object["window"] = .string(goDuration(milliseconds: report.windowMilliseconds))
        object["containers"] = .array(pod.containers.map { c in
            ["name": .string(c.name), "usage": usage(c.usage)]
        })
        return .object(object)
    }

    /// A `NodeMetrics`.
    static func node(_ report: MetricsReport, labels: JSON?, now: String, standalone: Bool) -> JSON {
        var metadata: JSONObject = ["name": .string(report.node), "creationTimestamp": .string(now)]
        if let labels, labels.object?.isEmpty == false { metadata["labels"] = labels }
        var object: JSONObject = [:]
        if standalone {
            object["kind"] = "NodeMetrics"
            object["apiVersion"] = .string(apiVersion)
        }
        object["metadata"] = .object(metadata)
        object["timestamp"] = .string(report.timestamp)
        object["window"] = .string(goDuration(milliseconds: report.windowMilliseconds))
        object["usage"] = usage(report.usage)
        return .object(object)
    }

    /// A `PodMetricsList` or `NodeMetricsList` (metrics-server sets no resourceVersion).
    static func list(kind: String, items: [JSON]) -> JSON {
        ["kind": .string(kind), "apiVersion": .string(apiVersion), "metadata": .emptyObject, "items": .array(items)]
    }

    static func usage(_ u: MetricsReport.Usage) -> JSON {
        ["cpu": Quantity(nanos: Int128(max(u.cpuNanoCores, 0)), format: .decimalSI).json,
         "memory": Quantity(max(u.memoryWorkingSetBytes, 0), format: .binarySI).json]
    }

    /// Go's `time.Duration.String()` for a whole number of milliseconds: `0s`, `500ms`, `10s`,
    /// `10.25s`, `1m30s`, `2h0m0s`.
    static func goDuration(milliseconds ms: Int64) -> String {
        if ms == 0 { return "0s" }
        if ms < 0 { return "-" + goDuration(milliseconds: -ms) }
        if ms < 1000 { return "\(ms)ms" }
        var seconds = String(ms / 1000 % 60)
        let fraction = ms % 1000
        if fraction != 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: 3 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            seconds += "." + digits
        }
        let minutes = ms / 60_000, hours = ms / 3_600_000
        if hours > 0 { return "\(hours)h\(minutes % 60)m\(seconds)s" }
        if minutes > 0 { return "\(minutes)m\(seconds)s" }
        return seconds + "s"
    }
}
