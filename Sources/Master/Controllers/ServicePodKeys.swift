import Client
import Resources

/// The services a pod change concerns: those whose selector matches the pod before or after.
enum ServicePodKeys {
    static func keys(for delta: Informer.Delta, services: Informer) -> [Informer.Key] {
        let pods: [JSON]
        switch delta {
        case .added(let p), .deleted(let p): pods = [p]
        case .modified(let old, let new):
            // Only what endpoints show: labels, IP, readiness, node, deletion, phase, hostname.
            guard old.labels != new.labels || old["status"] != new["status"] || old.isBeingDeleted != new.isBeingDeleted
                    || old["spec"]?["nodeName"] != new["spec"]?["nodeName"] else { return [] }
            pods = [old, new]
        case .synced: return []
        }
        var keys = Set<Informer.Key>()
        for svc in services.list(namespace: pods[0].namespace) {
            guard let selector = EndpointsReconciler.selector(svc) else { continue }
            if pods.contains(where: { selector.matches(object: $0) }) { keys.insert(Informer.Key(svc)) }
        }
        return keys.sorted()
    }
}
