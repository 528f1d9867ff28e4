import Client
import Logging
import Resources

/// Writes core/v1 Events about objects, as Kubernetes' controllers do (`kubectl describe`
/// lists them): `<object>.<hex nanoseconds>`, involvedObject, reason, message, type
/// Normal|Warning, source.component, first/lastTimestamp, count 1. Failures are logged, never
/// thrown: an Event is best-effort.
public struct EventRecorder: Sendable {
    /// One Event to write.
    public struct Event: Sendable, Hashable {
        public enum EventType: String, Sendable { case normal = "Normal", warning = "Warning" }
        public var type: EventType
        public var reason: String
        public var message: String
        public init(_ type: EventType = .normal, reason: String, message: String) {
            self.type = type
            self.reason = reason
            self.message = message
        }
    }

    let client: APIClient
    let logger: Logger
    let now: @Sendable () -> MetaTime

    public init(client: APIClient, logger: Logger, now: @escaping @Sendable () -> MetaTime = MetaTime.current) {
        self.client = client
        self.logger = logger
        self.now = now
    }

    /// The Event object Kubernetes would write for `event` about `object`, from `component`.
    public static func object(for event: Event, about object: JSON, kind: ResourceKind, component: String, at time: MetaTime) -> JSON {
        let meta = object["metadata"]
        let name = meta?["name"]?.string ?? ""
        let namespace = meta?["namespace"]?.string ?? "default"
        let stamp = UInt64(max(0, time.seconds)) &* 1_000_000_000 &+ UInt64(max(0, time.nanoseconds))
        var involved: JSON = ["kind": .string(kind.kind), "namespace": .string(namespace), "name": .string(name),
                              "apiVersion": .string(kind.apiVersion)]
        if let uid = meta?["uid"] { involved["uid"] = uid }
        if let rv = meta?["resourceVersion"] { involved["resourceVersion"] = rv }
        let ts = JSON.string(MetaTime(seconds: time.seconds).rfc3339)
        return [
            "apiVersion": "v1", "kind": "Event",
            "metadata": ["name": .string("\(name).\(String(stamp, radix: 16))"), "namespace": .string(namespace)],
            "involvedObject": involved,
            "reason": .string(event.reason), "message": .string(event.message), "type": .string(event.type.rawValue),
            "source": ["component": .string(component)],
            "firstTimestamp": ts, "lastTimestamp": ts, "count": 1,
            "reportingComponent": .string(component), "reportingInstance": "",
        ]
    }

    /// Writes one Event.
    public func record(_ event: Event, about object: JSON, kind: ResourceKind, component: String) async {
        let body = Self.object(for: event, about: object, kind: kind, component: component, at: now())
        let namespace = body["metadata"]?["namespace"]?.string
        do {
            _ = try await client.call(APIRequest(.create, resource: "events", namespace: namespace, body: body))
        } catch {
            logger.debug("event not written", metadata: ["event.reason": "\(event.reason)", "error": "\(error.message)"])
        }
    }
}
