import Client
import Logging
import Resources

/// Writes core/v1 Events about pods, from component `kubelet` on this host. ``record(_:pod:now:)``
/// only queues (a pod's worker never waits for an Event); ``run()`` writes them in order.
/// Failures are logged, never fatal: Events are best effort, as in Kubernetes.
final class EventRecorder: Sendable {
    let api: APIClient
    let nodeName: String
    let logger: Logger
    private let queue: AsyncStream<(namespace: String, event: JSON)>
    private let sink: AsyncStream<(namespace: String, event: JSON)>.Continuation

    init(api: APIClient, nodeName: String, logger: Logger) {
        self.api = api
        self.nodeName = nodeName
        self.logger = logger
        (queue, sink) = AsyncStream.makeStream(of: (namespace: String, event: JSON).self, bufferingPolicy: .bufferingNewest(10_000))
    }

    func record(_ e: PodWorkerCore.PodEvent, pod: JSON, now: Int64) {
        let metadata = pod["metadata"]
        let namespace = metadata?["namespace"]?.string ?? "default"
        let podName = metadata?["name"]?.string ?? ""
        var involved: JSONObject = ["kind": "Pod", "namespace": .string(namespace), "name": .string(podName),
                                    "uid": metadata?["uid"] ?? "", "apiVersion": "v1"]
        if let rv = metadata?["resourceVersion"] { involved["resourceVersion"] = rv }
        if let f = e.fieldPath { involved["fieldPath"] = .string(f) }
        let time = JSON.string(KubeletTime.rfc3339(now))
        let suffix = String(UInt64(now) &+ UInt64.random(in: 0..<1 << 20), radix: 16)
        let event: JSON = [
            "apiVersion": "v1", "kind": "Event",
            "metadata": ["name": .string("\(podName).\(suffix)"), "namespace": .string(namespace)],
            "involvedObject": .object(involved), "reason": .string(e.reason), "message": .string(e.message),
            "source": ["component": "kubelet", "host": .string(nodeName)],
            "firstTimestamp": time, "lastTimestamp": time, "count": 1, "type": .string(e.type),
            "eventTime": nil, "reportingComponent": "kubelet", "reportingInstance": .string(nodeName),
        ]
        sink.yield((namespace, event))
    }

    /// Writes queued Events until cancelled.
    func run() async {
        for await (namespace, event) in queue {
            do {
                _ = try await api.call(APIRequest(.create, resource: "events", namespace: namespace, body: event))
            } catch {
                logger.debug("event not recorded", metadata: ["event.reason": "\(event["reason"]?.string ?? "")", "error": "\(error)"])
            }
        }
    }
}
