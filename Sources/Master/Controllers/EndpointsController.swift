import Client
import Resources

/// `endpoints`: each selector Service's Endpoints object follows its pods (``EndpointsReconciler``).
public struct EndpointsController: Controller {
    public static let name = "endpoints"
    public static let resources: [ResourceKind] = [.services, .pods, .endpoints]
    static let component = "endpoint-controller"
    let context: ControllerContext

    public init(context: ControllerContext) { self.context = context }
    public var workers: Int { 4 }

    public func keys(for delta: Informer.Delta, of kind: ResourceKind) -> [Informer.Key] {
        switch kind {
        case .pods: return ServicePodKeys.keys(for: delta, services: context.cache(.services))
        default:
            switch delta {
            case .added(let o), .deleted(let o), .modified(_, let o): return [Informer.Key(o)]
            case .synced: return []
            }
        }
    }

    public func sync(_ key: Informer.Key) async throws -> SyncResult {
        let stored = context.cache(.endpoints).get(key)
        guard let service = context.cache(.services).get(key) else {
            // The service is gone: so are the endpoints we kept for it.
            if let stored, stored["metadata"]?["labels"]?["endpointslice.kubernetes.io/skip-mirror"] == nil {
                try await context.applier.apply(.delete(.endpoints, namespace: key.namespace, name: key.name, uid: stored.uid),
                                                component: Self.component)
            }
            return .done
        }
        guard let desired = EndpointsReconciler.endpoints(service: service, pods: context.cache(.pods).list(namespace: key.namespace))
        else { return .done }
        if let stored {
            guard !EndpointsReconciler.same(stored, desired) else { return .done }
            var next = stored
            next["subsets"] = desired["subsets"]
            next["metadata"]["labels"] = desired["metadata"]?["labels"]
            try await context.applier.apply(.update(.endpoints, object: next), component: Self.component)
        } else {
            // A conflict means the cache is behind: the retry finds the object.
            try await context.applier.apply(.create(.endpoints, namespace: key.namespace, object: desired), component: Self.component)
        }
        return .done
    }
}
