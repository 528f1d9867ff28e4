/// Cumulative figures read at one instant: what the node's files say, before any rate is
/// computed.
public struct ContainerReading: Sendable, Equatable {
    /// Which pod and container this is, from the runtime's labels.
    public struct Identity: Sendable, Hashable {
        /// The runtime's container id.
        public var id: String
        /// The container's name in its pod (`io.kubernetes.container.name`), else the runtime's.
        public var name: String
        /// Empty when the container carries no pod labels.
        public var podName: String
        public var podNamespace: String
        public var podUID: String
        /// cAdvisor's `id` label: the cgroup path, or `/proc/<pid>` without one.
        public var cgroup: String
        public var image: String
        public init(id: String, name: String, podName: String = "", podNamespace: String = "", podUID: String = "",
                    cgroup: String, image: String = "") {
            self.id = id
            self.name = name
            self.podName = podName
            self.podNamespace = podNamespace
            self.podUID = podUID
            self.cgroup = cgroup
            self.image = image
        }
    }

    /// Where a figure came from.
    public enum Source: String, Sendable { case cgroup, proc }

    public var identity: Identity
    /// CPU time used since the container started, in nanoseconds.
    public var cpuNanoseconds: UInt64
    public var memoryWorkingSetBytes: UInt64
    /// Nil when neither the cgroup nor `/proc/<pid>/io` could be read.
    public var io: IOBytes?
    public var cpuSource: Source
    public var memorySource: Source

    public init(identity: Identity, cpuNanoseconds: UInt64, memoryWorkingSetBytes: UInt64, io: IOBytes?,
                cpuSource: Source, memorySource: Source) {
        self.identity = identity
        self.cpuNanoseconds = cpuNanoseconds
        self.memoryWorkingSetBytes = memoryWorkingSetBytes
        self.io = io
        self.cpuSource = cpuSource
        self.memorySource = memorySource
    }
}

/// The whole node, cumulative.
public struct NodeReading: Sendable, Equatable {
    public var cpuNanoseconds: UInt64
    public var memory: ProcFiles.Memory
    public var io: IOBytes?
    public init(cpuNanoseconds: UInt64, memory: ProcFiles.Memory, io: IOBytes?) {
        self.cpuNanoseconds = cpuNanoseconds
        self.memory = memory
        self.io = io
    }
}

/// When a reading was taken: the wall clock for reports, a monotonic clock for rates.
public struct SampleTime: Sendable, Equatable {
    /// Nanoseconds since the Unix epoch.
    public var unixNanoseconds: Int64
    /// Nanoseconds on a clock that never jumps (only differences matter).
    public var monotonicNanoseconds: Int64
    public init(unixNanoseconds: Int64, monotonicNanoseconds: Int64) {
        self.unixNanoseconds = unixNanoseconds
        self.monotonicNanoseconds = monotonicNanoseconds
    }
}
