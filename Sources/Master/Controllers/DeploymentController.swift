import Client
import Resources

/// `deployment`: rolls Deployments out through ReplicaSets (``DeploymentReconciler``).
public struct DeploymentController: Controller {
    public static let name = "deployment"
    public static let resources: [ResourceKind] = [.deployments, .replicaSets]
    static let component = "deployment-controller"
    let context: ControllerContext

    public init(context: ControllerContext) { self.context = context }

    public func keys(for delta: Informer.Delta, of kind: ResourceKind) -> [Informer.Key] {
        switch delta {
        case .synced: return []
        case .added(let o), .deleted(let o):
            return kind == .deployments ? [Informer.Key(o)] : owner(o).map { [$0] } ?? []
        case .modified(let old, let new):
            if kind == .deployments { return [Informer.Key(new)] }
            return Array(Set([owner(old), owner(new)].compactMap { $0 }))
        }
    }

    private func owner(_ rs: JSON) -> Informer.Key? {
        guard let ref = OwnerReference.controller(of: rs), ref.kind == "Deployment" else { return nil }
        return Informer.Key(namespace: rs.namespace, name: ref.name)
    }

    public func sync(_ key: Informer.Key) async throws -> SyncResult {
        guard let d = context.cache(.deployments).get(key) else { return .done }
        let sets = context.cache(.replicaSets).list(namespace: key.namespace)
        let plan = DeploymentReconciler.plan(deployment: d, replicaSets: sets, now: context.now())
        let applier = context.applier, component = Self.component
        if let rs = plan.create {
            do throws(StatusError) {
                try await applier.apply(.create(.replicaSets, namespace: d.namespace, object: rs), component: component)
            } catch {
                guard error.code == 409 else { throw error }
                // A set of that name exists: ours with this template (the cache is behind), or a
                // hash collision, which the next sync resolves with a bumped collisionCount.
                if let existing = sets.first(where: { $0.name == rs.name }),
                   OwnerReference.controller(of: existing)?.uid != d.uid
                    || DeploymentReconciler.templateWithoutHash(existing["spec"]?["template"]) != d["spec"]?["template"] {
                    var bumped = d
                    bumped["status"]["collisionCount"] = .int(Int64(d.int("status", "collisionCount", default: 0) + 1))
                    try await applier.apply(.updateStatus(.deployments, object: bumped), component: component)
                    return .done
                }
            }
        }
        for rs in plan.update { try await applier.apply(.update(.replicaSets, object: rs), component: component) }
        for event in plan.events { await applier.record(event, about: d, kind: .deployments, component: component) }
        for rs in plan.delete {
            try await applier.apply(.delete(.replicaSets, namespace: rs.namespace, name: rs.name, uid: rs.uid), component: component)
        }
        var current = d
        if let patch = plan.annotations {
            if let patched = try await applier.apply(.patch(.deployments, namespace: d.namespace, name: d.name, patch: patch),
                                                     component: component) {
                current = patched
            }
        }
        if let status = plan.status {
            current["status"] = status
            try await applier.apply(.updateStatus(.deployments, object: current), component: component)
        }
        return plan.requeueAfterSeconds.map { .requeue(after: .seconds($0)) } ?? .done
    }
}
