import Client
import Resources

/// `endpointslice`: each selector Service's EndpointSlices (discovery.k8s.io/v1) follow its
/// pods, terminating ones included with their conditions.
public struct EndpointSliceController: Controller {
    public static let name = "endpointslice"
    public static let resources: [ResourceKind] = [.services, .pods, .endpointSlices]
    static let component = "endpointslice-controller"
    static let managedBy = "endpointslice-controller.k8s.io"
    let context: ControllerContext

    public init(context: ControllerContext) { self.context = context }
    public var workers: Int { 4 }

    public func keys(for delta: Informer.Delta, of kind: ResourceKind) -> [Informer.Key] {
        switch kind {
        case .pods: return ServicePodKeys.keys(for: delta, services: context.cache(.services))
        case .endpointSlices:
            switch delta {
            case .added(let o), .deleted(let o), .modified(_, let o):
                guard let svc = o["metadata"]?["labels"]?["kubernetes.io/service-name"]?.string else { return [] }
                return [Informer.Key(namespace: o.namespace, name: svc)]
            case .synced: return []
            }
        default:
            switch delta {
            case .added(let o), .deleted(let o), .modified(_, let o): return [Informer.Key(o)]
            case .synced: return []
            }
        }
    }

    public func sync(_ key: Informer.Key) async throws -> SyncResult {
        guard let service = context.cache(.services).get(key), EndpointsReconciler.selector(service) != nil else {
            return .done  // deleted services' slices go with them (ownerReferences)
        }
        let existing = context.cache(.endpointSlices).list(namespace: key.namespace).filter {
            $0.labels["kubernetes.io/service-name"] == key.name && $0.labels["endpointslice.kubernetes.io/managed-by"] == Self.managedBy
                && !$0.isBeingDeleted
        }
        var desired = EndpointsReconciler.slices(service: service, pods: context.cache(.pods).list(namespace: key.namespace))
        if desired.isEmpty { desired = [([], [])] }
        var unused = existing
        let applier = context.applier, component = Self.component
        for group in desired {
            let portsJSON = JSON.array(group.ports), endpointsJSON = JSON.array(group.endpoints)
            let match = unused.firstIndex { ($0["ports"] ?? .array([])) == portsJSON } ?? (unused.isEmpty ? nil : 0)
            if let i = match {
                var slice = unused.remove(at: i)
                if slice["ports"] ?? .array([]) == portsJSON && slice["endpoints"] ?? .array([]) == endpointsJSON { continue }
                slice["ports"] = portsJSON
                slice["endpoints"] = endpointsJSON
                try await applier.apply(.update(.endpointSlices, object: slice), component: component)
            } else {
                var labels = service["metadata"]?["labels"] ?? .emptyObject
                labels["kubernetes.io/service-name"] = .string(service.name)
                labels["endpointslice.kubernetes.io/managed-by"] = .string(Self.managedBy)
                let slice: JSON = [
                    "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
                    "metadata": ["generateName": .string(service.name + "-"), "namespace": .string(service.namespace), "labels": labels,
                                 "ownerReferences": [OwnerReference(to: service, kind: .services).json]],
                    "addressType": "IPv4", "endpoints": endpointsJSON, "ports": portsJSON,
                ]
                try await applier.apply(.create(.endpointSlices, namespace: service.namespace, object: slice), component: component)
            }
        }
        for slice in unused {
            try await applier.apply(.delete(.endpointSlices, namespace: slice.namespace, name: slice.name, uid: slice.uid),
                                    component: component)
        }
        return .done
    }
}
