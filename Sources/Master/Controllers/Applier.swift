import Client
import Logging
import Resources

/// Carries out ``Action``s through the API server: the shell half of every reconcile.
public struct Applier: Sendable {
    let client: APIClient
    let recorder: EventRecorder
    let logger: Logger

    public init(client: APIClient, recorder: EventRecorder, logger: Logger) {
        self.client = client
        self.recorder = recorder
        self.logger = logger
    }

    /// Applies one action; the object the API server answered with (nil for events and deletes).
    /// Events are written from `component`.
    @discardableResult
    public func apply(_ action: Action, component: String) async throws(StatusError) -> JSON? {
        switch action {
        case .create(let kind, let namespace, let object):
            return try await client.call(request(.create, kind, namespace: namespace, body: object)).object()
        case .update(let kind, let object):
            let m = object["metadata"]
            return try await client.call(request(.update, kind, namespace: m?["namespace"]?.string, name: m?["name"]?.string,
                                                 body: object)).object()
        case .updateStatus(let kind, let object):
            let m = object["metadata"]
            var r = request(.update, kind, namespace: m?["namespace"]?.string, name: m?["name"]?.string, body: object)
            r.subresource = "status"
            return try await client.call(r).object()
        case .patch(let kind, let namespace, let name, let patch, let json):
            var r = request(.patch, kind, namespace: namespace, name: name, body: patch)
            r.patchType = json ? "application/json-patch+json" : "application/merge-patch+json"
            return try await client.call(r).object()
        case .delete(let kind, let namespace, let name, let uid):
            var options: JSON = ["kind": "DeleteOptions", "apiVersion": "v1", "propagationPolicy": "Background"]
            if let uid { options["preconditions"] = ["uid": .string(uid)] }
            do throws(StatusError) {
                _ = try await client.call(request(.delete, kind, namespace: namespace, name: name, body: options))
            } catch {
                guard error.code == 404 else { throw error }  // already gone: what was wanted
            }
            return nil
        case .event(let event, let object, let kind):
            await recorder.record(event, about: object, kind: kind, component: component)
            return nil
        }
    }

    private func request(_ verb: APIRequest.Verb, _ kind: ResourceKind, namespace: String?, name: String? = nil,
                         body: JSON?) -> APIRequest {
        APIRequest(verb, group: kind.group, version: kind.version, resource: kind.resource,
                   namespace: kind.namespaced ? namespace : nil, name: name, body: body)
    }
}

extension Applier {
    /// Writes an Event (best-effort: never throws).
    public func record(_ event: EventRecorder.Event, about object: JSON, kind: ResourceKind, component: String) async {
        await recorder.record(event, about: object, kind: kind, component: component)
    }
}
