import Client
import Logging
import Resources

/// The ReplicaSet and ReplicationController controllers' shared shell: maps pod changes to
/// owners (with expectations), and applies ``ReplicaSetReconciler``'s plans.
public final class ReplicaManager: Sendable {
    let kind: ResourceKind
    let component: String
    let context: ControllerContext
    public let expectations = Expectations()

    public init(kind: ResourceKind, component: String, context: ControllerContext) {
        self.kind = kind
        self.component = component
        self.context = context
    }

    public func keys(for delta: Informer.Delta, of changed: ResourceKind) -> [Informer.Key] {
        if changed == kind {
            switch delta {
            case .added(let o), .modified(_, let o): return [Informer.Key(o)]
            case .deleted(let o):
                expectations.remove(Informer.Key(o))
                return [Informer.Key(o)]
            case .synced: return []
            }
        }
        guard changed == .pods else { return [] }
        switch delta {
        case .added(let pod):
            if let owner = ownerKey(pod) {
                if pod.isBeingDeleted { expectations.deletionObserved(owner, uid: pod.uid) } else { expectations.creationObserved(owner) }
                return [owner]
            }
            return matchingOwners(pod)
        case .modified(let old, let new):
            var keys: [Informer.Key] = []
            let (oldOwner, newOwner) = (ownerKey(old), ownerKey(new))
            if new.isBeingDeleted && !old.isBeingDeleted, let newOwner { expectations.deletionObserved(newOwner, uid: new.uid) }
            if let oldOwner, oldOwner != newOwner { keys.append(oldOwner) }
            if let newOwner {
                keys.append(newOwner)
            } else if old.labels != new.labels || oldOwner != nil {
                keys += matchingOwners(new)
            }
            return keys
        case .deleted(let pod):
            guard let owner = ownerKey(pod) else { return [] }
            expectations.deletionObserved(owner, uid: pod.uid)
            return [owner]
        case .synced:
            return []
        }
    }

    private func ownerKey(_ pod: JSON) -> Informer.Key? {
        guard let ref = OwnerReference.controller(of: pod), ref.kind == kind.kind else { return nil }
        return Informer.Key(namespace: pod.namespace, name: ref.name)
    }

    private func matchingOwners(_ pod: JSON) -> [Informer.Key] {
        context.cache(kind).list(namespace: pod.namespace)
            .filter { ReplicaSetReconciler.selector(of: $0, kind: kind).matches(object: pod) }
            .map { Informer.Key($0) }
    }

    public func sync(_ key: Informer.Key) async throws -> SyncResult {
        guard let owner = context.cache(kind).get(key) else {
            expectations.remove(key)
            return .done
        }
        let pods = context.cache(.pods).list(namespace: key.namespace)
        let plan = ReplicaSetReconciler.plan(owner: owner, kind: kind, pods: pods, now: context.now(),
                                             expectationsSatisfied: expectations.satisfied(key))
        try await apply(plan, owner: owner, key: key)
        return plan.requeueAfterSeconds.map { .requeue(after: .seconds($0)) } ?? .done
    }

    func apply(_ plan: ReplicaSetPlan, owner: JSON, key: Informer.Key) async throws {
        let applier = context.applier
        var firstError: StatusError?
        let ref = OwnerReference(to: owner, kind: kind).json
        for pod in plan.adopt {
            let refs = (pod["metadata"]?["ownerReferences"]?.array ?? []) + [ref]
            do {
                try await applier.apply(.patch(.pods, namespace: pod.namespace, name: pod.name,
                                               patch: ["metadata": ["ownerReferences": .array(refs), "uid": .string(pod.uid)]]),
                                        component: component)
            } catch { if firstError == nil { firstError = error } }
        }
        for pod in plan.release {
            let refs = (pod["metadata"]?["ownerReferences"]?.array ?? []).filter { $0["uid"]?.string != owner.uid }
            do {
                try await applier.apply(.patch(.pods, namespace: pod.namespace, name: pod.name,
                                               patch: ["metadata": ["ownerReferences": .array(refs), "uid": .string(pod.uid)]]),
                                        component: component)
            } catch where error.code == 404 {
            } catch { if firstError == nil { firstError = error } }
        }
        if plan.create > 0, let template = plan.podTemplate {
            expectations.expect(key, adds: plan.create)
            let (failed, attempted) = await SlowStart.runCounting(count: plan.create) { _ in
                do throws(StatusError) {
                    let pod = try await applier.apply(.create(.pods, namespace: owner.namespace, object: template), component: self.component)
                    await applier.record(.init(reason: "SuccessfulCreate", message: "Created pod: \(pod?.name ?? "")"),
                                               about: owner, kind: self.kind, component: self.component)
                    return nil
                } catch {
                    self.expectations.creationObserved(key)
                    await applier.record(.init(.warning, reason: "FailedCreate", message: "Error creating: \(error.message)"),
                                               about: owner, kind: self.kind, component: self.component)
                    return error
                }
            }
            // The creations skipped after a failed batch will never be seen.
            expectations.creationObserved(key, count: plan.create - attempted)
            firstError = firstError ?? failed
        }
        if !plan.delete.isEmpty {
            expectations.expect(key, adds: 0, deleting: plan.delete.map(\.uid))
            let victims = plan.delete
            let failed = await SlowStart.run(count: victims.count, batched: false) { i in
                let pod = victims[i]
                do throws(StatusError) {
                    try await applier.apply(.delete(.pods, namespace: pod.namespace, name: pod.name, uid: pod.uid), component: self.component)
                    await applier.record(.init(reason: "SuccessfulDelete", message: "Deleted pod: \(pod.name)"),
                                               about: owner, kind: self.kind, component: self.component)
                    return nil
                } catch {
                    self.expectations.deletionObserved(key, uid: pod.uid)
                    await applier.record(.init(.warning, reason: "FailedDelete", message: "Error deleting: \(error.message)"),
                                               about: owner, kind: self.kind, component: self.component)
                    return error
                }
            }
            firstError = firstError ?? failed
        }
        if let status = plan.status {
            var updated = owner
            updated["status"] = status
            do {
                try await applier.apply(.updateStatus(kind, object: updated), component: component)
            } catch where error.code == 404 {
            } catch { if firstError == nil { firstError = error } }
        }
        if let firstError { throw firstError }
    }
}
