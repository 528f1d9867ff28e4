import Client
import Resources

/// `daemonset`: one pod per eligible node (``DaemonSetReconciler``).
public struct DaemonSetController: Controller {
    public static let name = "daemonset"
    public static let resources: [ResourceKind] = [.daemonSets, .nodes, .pods]
    static let component = "daemonset-controller"
    let context: ControllerContext
    let expectations = Expectations()

    public init(context: ControllerContext) { self.context = context }

    public func keys(for delta: Informer.Delta, of kind: ResourceKind) -> [Informer.Key] {
        switch kind {
        case .daemonSets:
            switch delta {
            case .added(let o), .modified(_, let o): return [Informer.Key(o)]
            case .deleted(let o): expectations.remove(Informer.Key(o)); return [Informer.Key(o)]
            case .synced: return []
            }
        case .nodes:
            switch delta {
            case .added, .deleted: return context.cache(.daemonSets).list().map { Informer.Key($0) }
            case .modified(let old, let new):
                guard old.labels != new.labels || old["spec"] != new["spec"] else { return [] }
                return context.cache(.daemonSets).list().map { Informer.Key($0) }
            case .synced: return []
            }
        default:
            switch delta {
            case .added(let pod):
                guard let key = owner(pod) else { return [] }
                expectations.creationObserved(key)
                return [key]
            case .modified(let old, let new):
                guard let key = owner(new) ?? owner(old) else { return [] }
                if new.isBeingDeleted && !old.isBeingDeleted { expectations.deletionObserved(key, uid: new.uid) }
                return [key]
            case .deleted(let pod):
                guard let key = owner(pod) else { return [] }
                expectations.deletionObserved(key, uid: pod.uid)
                return [key]
            case .synced: return []
            }
        }
    }

    private func owner(_ pod: JSON) -> Informer.Key? {
        guard let ref = OwnerReference.controller(of: pod), ref.kind == "DaemonSet" else { return nil }
        return Informer.Key(namespace: pod.namespace, name: ref.name)
    }

    public func sync(_ key: Informer.Key) async throws -> SyncResult {
        guard let ds = context.cache(.daemonSets).get(key) else {
            expectations.remove(key)
            return .done
        }
        let plan = DaemonSetReconciler.plan(daemonSet: ds, nodes: context.cache(.nodes).list(),
                                            pods: context.cache(.pods).list(namespace: key.namespace), now: context.now(),
                                            expectationsSatisfied: expectations.satisfied(key) && !ds.isBeingDeleted)
        let applier = context.applier, component = Self.component
        var firstError: StatusError?
        if !plan.create.isEmpty || !plan.delete.isEmpty {
            expectations.expect(key, adds: plan.create.count, deleting: plan.delete.map(\.uid))
        }
        let creates = plan.create
        let (createError, attempted) = await SlowStart.runCounting(count: creates.count) { i in
            do throws(StatusError) {
                let pod = try await applier.apply(.create(.pods, namespace: ds.namespace, object: creates[i].pod), component: component)
                await applier.record(.init(reason: "SuccessfulCreate", message: "Created pod: \(pod?.name ?? "")"),
                                           about: ds, kind: .daemonSets, component: component)
                return nil
            } catch {
                expectations.creationObserved(key)
                await applier.record(.init(.warning, reason: "FailedCreate", message: "Error creating: \(error.message)"),
                                           about: ds, kind: .daemonSets, component: component)
                return error
            }
        }
        expectations.creationObserved(key, count: creates.count - attempted)  // skipped after a failed batch
        firstError = createError
        for pod in plan.delete {
            do throws(StatusError) {
                try await applier.apply(.delete(.pods, namespace: pod.namespace, name: pod.name, uid: pod.uid), component: component)
                await applier.record(.init(reason: "SuccessfulDelete", message: "Deleted pod: \(pod.name)"),
                                           about: ds, kind: .daemonSets, component: component)
            } catch {
                expectations.deletionObserved(key, uid: pod.uid)
                if firstError == nil { firstError = error }
            }
        }
        if let status = plan.status {
            var updated = ds
            updated["status"] = status
            do throws(StatusError) {
                try await applier.apply(.updateStatus(.daemonSets, object: updated), component: component)
            } catch {
                if error.code != 404 && firstError == nil { firstError = error }
            }
        }
        if let firstError { throw firstError }
        return plan.requeueAfterSeconds.map { .requeue(after: .seconds($0)) } ?? .done
    }
}
