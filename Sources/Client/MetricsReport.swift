/// The body of `metrics.report`, the method by which each node's cAdvisor hands its latest sample
/// to the API server (`proto-docs/cadvisor.md`): usage of the node and of each container of each
/// pod, as rates over the window between two readings. JSON, field names as declared.
///
/// The API server keeps only the newest report per node, in memory, and serves it as
/// `metrics.k8s.io/v1beta1` `NodeMetrics` and `PodMetrics`; a node's figures are forgotten
/// when no report came for three intervals.
public struct MetricsReport: Codable, Sendable, Equatable {
    /// The RPC method name on the API server's endpoint.
    public static let method = "metrics.report"

    public var node: String
    /// When the newer of the two readings was taken (the node's clock), RFC 3339 UTC, seconds.
    public var timestamp: String
    /// Milliseconds between the two readings the rates come from.
    public var windowMilliseconds: Int64
    /// How often this node reports, in milliseconds.
    public var intervalMilliseconds: Int64
    /// The whole node (`/proc/stat`, `/proc/meminfo`).
    public var usage: Usage
    /// Pods with at least one container measured over the whole window.
    public var pods: [Pod]

    public init(node: String, timestamp: String, windowMilliseconds: Int64, intervalMilliseconds: Int64,
                usage: Usage, pods: [Pod]) {
        self.node = node
        self.timestamp = timestamp
        self.windowMilliseconds = windowMilliseconds
        self.intervalMilliseconds = intervalMilliseconds
        self.usage = usage
        self.pods = pods
    }

    public struct Usage: Codable, Sendable, Equatable {
        /// CPU time per second of wall time, in billionths of a core.
        public var cpuNanoCores: Int64
        /// Memory in use that cannot be reclaimed at once: usage minus inactive file pages.
        public var memoryWorkingSetBytes: Int64
        public init(cpuNanoCores: Int64, memoryWorkingSetBytes: Int64) {
            self.cpuNanoCores = cpuNanoCores
            self.memoryWorkingSetBytes = memoryWorkingSetBytes
        }
    }

    public struct Pod: Codable, Sendable, Equatable {
        public var name: String
        public var namespace: String
        /// The pod's uid as the kubelet labelled its containers; empty when unknown. A report for
        /// another incarnation of a pod of the same name is not served as this pod's.
        public var uid: String
        public var containers: [Container]
        public init(name: String, namespace: String, uid: String, containers: [Container]) {
            self.name = name
            self.namespace = namespace
            self.uid = uid
            self.containers = containers
        }
    }

    public struct Container: Codable, Sendable, Equatable {
        public var name: String
        public var usage: Usage
        public init(name: String, usage: Usage) {
            self.name = name
            self.usage = usage
        }
    }

    /// The labels by which the kubelet tells the runtime which pod and container a container is
    /// (the CRI convention); cAdvisor reads them back from `runtime.container.list`.
    public enum Labels {
        public static let podName = "io.kubernetes.pod.name"
        public static let podNamespace = "io.kubernetes.pod.namespace"
        public static let podUID = "io.kubernetes.pod.uid"
        public static let containerName = "io.kubernetes.container.name"
    }
}
