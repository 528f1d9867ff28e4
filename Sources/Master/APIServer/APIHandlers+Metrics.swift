import Bus
import Client
import Foundation
import Resources
import Synchronization

/// The metrics API: `metrics.report` from each node's cAdvisor in, `metrics.k8s.io/v1beta1`
/// `pods` and `nodes` (get, list) out — held in memory only, never in the store.
///
/// Like metrics-server, figures are served only for Pods and Nodes that exist in the API (a
/// pod's uid must match the one reported, when reported), with their labels, so that label
/// selectors work as on the objects themselves.
final class MetricsStore: Sendable {
    private let table = Mutex(MetricsTable<ContinuousClock.Instant>())

    func received(_ report: MetricsReport) {
        let now = ContinuousClock.now
        table.withLock {
            $0.expire(now: now)
            $0.received(report, now: now)
        }
    }

    func reports() -> [MetricsReport] {
        let now = ContinuousClock.now
        return table.withLock { $0.reports(now: now) }
    }

    func pods(namespace: String?) -> [(pod: MetricsReport.Pod, report: MetricsReport)] {
        let now = ContinuousClock.now
        return table.withLock { $0.pods(namespace: namespace, now: now) }
    }
}

extension APIHandlers {
    /// The RPC handler of `metrics.report`: a node's newest sample; answers `{}`.
    func metricsReportHandler() -> RPC.Handler {
        { [self] request in
            let report: MetricsReport
            do {
                report = try JSONDecoder().decode(MetricsReport.self, from: Data(request.body))
            } catch {
                throw APIError.busError(.badRequest("metrics.report: the body is not a MetricsReport: \(error)"))
            }
            if let problem = Self.problem(in: report) {
                throw APIError.busError(.badRequest("metrics.report: \(problem)"))
            }
            metrics.received(report)
            return Array("{}".utf8)
        }
    }

    static func problem(in report: MetricsReport) -> String? {
        if report.node.isEmpty { return "node is empty" }
        if MetaTime(rfc3339: report.timestamp) == nil { return "timestamp \"\(report.timestamp)\" is not RFC 3339" }
        if report.intervalMilliseconds <= 0 { return "intervalMilliseconds must be positive" }
        if report.windowMilliseconds <= 0 { return "windowMilliseconds must be positive" }
        if let pod = report.pods.first(where: { $0.name.isEmpty || $0.namespace.isEmpty }) {
            return "a pod has an empty name or namespace: \(pod)"
        }
        return nil
    }

    /// `get` and `list` of `metrics.k8s.io/v1beta1` `pods` and `nodes`.
    func handleMetrics(_ request: APIRequest) throws -> APIReply {
        guard request.version == "v1beta1", request.subresource == nil,
              let type = ResourceType.metrics.first(where: { $0.plural == request.resource }) else {
            throw StatusError(code: 404, reason: "NotFound", message: "the server could not find the requested resource")
        }
        if !type.namespaced, request.namespace != nil {
            throw StatusError(code: 404, reason: "NotFound", message: "the server could not find the requested resource")
        }
        guard request.verb == .get || request.verb == .list else {
            throw StatusError.methodNotSupported(type, verb: request.verb.rawValue)
        }
        if request.verb == .get, (request.name ?? "").isEmpty { throw StatusError.methodNotSupported(type, verb: "get") }
        if request.verb == .get, type.namespaced, request.namespace == nil {
            throw StatusError.badRequest("the namespace of the request is required for \(type.qualifiedPlural)")
        }
        let filter = try Filter(query: request.query, type: type)
        let now = Self.now()
        var items: [JSON] = []
        if type.namespaced {
            for (pod, report) in metrics.pods(namespace: request.namespace) {
                if request.verb == .get, pod.name != request.name { continue }
                guard let object = cache.read({ $0.get(RegistryKey(resource: "pods", namespace: pod.namespace, name: pod.name)) })?.object,
                      pod.uid.isEmpty || object["metadata"]?["uid"]?.string == pod.uid else { continue }
                let item = MetricsObjects.pod(pod, report: report, labels: object["metadata"]?["labels"], now: now,
                                              standalone: request.verb == .get)
                if filter.matches(item) { items.append(item) }
            }
        } else {
            for report in metrics.reports() {
                if request.verb == .get, report.node != request.name { continue }
                guard let object = cache.read({ $0.get(RegistryKey(resource: "nodes", namespace: nil, name: report.node)) })?.object
                else { continue }
                let item = MetricsObjects.node(report, labels: object["metadata"]?["labels"], now: now,
                                               standalone: request.verb == .get)
                if filter.matches(item) { items.append(item) }
            }
        }
        if request.verb == .get {
            guard let item = items.first else { throw metricsNotFound(type, namespace: request.namespace, name: request.name!) }
            return APIReply(object: item)
        }
        return APIReply(object: MetricsObjects.list(kind: type.kind + "List", items: items))
    }

    /// metrics-server's 404s: `pods "x" not found` when the object does not exist, else
    /// `pods.metrics.k8s.io "default/x" not found` (`nodes.metrics.k8s.io "n"` for a node).
    private func metricsNotFound(_ type: ResourceType, namespace: String?, name: String) -> StatusError {
        let key = RegistryKey(resource: type.plural, namespace: type.namespaced ? namespace : nil, name: name)
        if cache.read({ $0.get(key) }) == nil {
            return StatusError(code: 404, reason: "NotFound", message: "\(type.plural) \"\(name)\" not found",
                               details: .init(name: name, group: "", kind: type.plural))
        }
        let shown = type.namespaced ? "\(namespace ?? "")/\(name)" : name
        return StatusError(code: 404, reason: "NotFound", message: "\(type.qualifiedPlural) \"\(shown)\" not found",
                           details: .init(name: shown, group: type.group, kind: type.plural))
    }
}
