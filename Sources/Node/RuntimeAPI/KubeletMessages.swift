/// SKIFF-KUBELET/1: what a kubelet serves over SKIFF-RPC/1 on its `--rpc` endpoint
/// (`proto-docs/kubelet.md`), found by the API server through its Node's `skiff.io/kubelet-rpc`
/// annotation. JSON bodies; errors are RPC errors with Kubernetes reasons (`NotFound`,
/// `BadRequest`).
public enum KubeletMessages {
    /// The Node annotation that names the kubelet's RPC endpoint.
    public static let rpcAnnotation = "skiff.io/kubelet-rpc"

    public enum Method {
        /// A container's log (`kubectl logs`), or the next part of it when following.
        public static let logs = "kubelet.logs"
    }

    /// The query of `GET pods/<name>/log`, plus a cursor for follow.
    public struct LogsRequest: Codable, Sendable, Equatable {
        public var namespace: String
        public var pod: String
        /// Required when the pod has more than one container.
        public var container: String?
        public var tailLines: Int?
        public var sinceSeconds: Int?
        /// RFC 3339.
        public var sinceTime: String?
        public var timestamps: Bool?
        /// The previous instance of the container (the one before its last restart).
        public var previous: Bool?
        public var limitBytes: Int?
        public var follow: Bool?
        /// From the previous reply: continue after what it returned (tail/since are not applied again).
        public var cursor: String?

        public init(namespace: String, pod: String, container: String? = nil, tailLines: Int? = nil, sinceSeconds: Int? = nil,
                    sinceTime: String? = nil, timestamps: Bool? = nil, previous: Bool? = nil, limitBytes: Int? = nil,
                    follow: Bool? = nil, cursor: String? = nil) {
            self.namespace = namespace
            self.pod = pod
            self.container = container
            self.tailLines = tailLines
            self.sinceSeconds = sinceSeconds
            self.sinceTime = sinceTime
            self.timestamps = timestamps
            self.previous = previous
            self.limitBytes = limitBytes
            self.follow = follow
            self.cursor = cursor
        }
    }

    public struct LogsResponse: Codable, Sendable, Equatable {
        /// The log text, as `kubectl logs` prints it.
        public var text: String
        /// Where the next call continues (`<containerID>@<byte offset>`).
        public var cursor: String
        /// The container no longer runs and everything was returned: following can stop.
        public var ended: Bool
        public init(text: String, cursor: String, ended: Bool) {
            self.text = text
            self.cursor = cursor
            self.ended = ended
        }
    }
}
