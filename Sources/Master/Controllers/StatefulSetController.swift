import Client
import Resources

/// The StatefulSet controller: sets, pods, claims and ControllerRevisions from the shared
/// caches, ``StatefulSetReconciler`` for the plan, the ``Applier`` to carry it out.
public struct StatefulSetController: Controller {
    public static let name = "statefulset"
    public static let resources: [ResourceKind] = [.statefulSets, .pods, .persistentVolumeClaims, .controllerRevisions]
    static let component = "statefulset-controller"

    let context: ControllerContext
    let expectations = Expectations()
    public init(context: ControllerContext) { self.context = context }
    public var workers: Int { 2 }

    public func keys(for delta: Informer.Delta, of kind: ResourceKind) -> [Informer.Key] {
        if kind == .statefulSets {
            switch delta {
            case .added(let o), .modified(_, let o): return [Informer.Key(o)]
            case .deleted(let o): expectations.remove(Informer.Key(o)); return []
            case .synced: return []
            }
        }
        guard kind == .pods else {
            switch delta {  // claims and revisions: their set, if they name one
            case .added(let o), .modified(_, let o), .deleted(let o):
                return JobController.owner(of: o, kind: "StatefulSet").map { [$0] } ?? []
            case .synced: return []
            }
        }
        switch delta {
        case .added(let pod):
            guard let key = JobController.owner(of: pod, kind: "StatefulSet") else { return [] }
            expectations.creationObserved(key)
            return [key]
        case .modified(let old, let new):
            return Array(Set([JobController.owner(of: old, kind: "StatefulSet"), JobController.owner(of: new, kind: "StatefulSet")].compactMap { $0 }))
        case .deleted(let pod):
            guard let key = JobController.owner(of: pod, kind: "StatefulSet") else { return [] }
            expectations.deletionObserved(key, uid: JobPodFacts.uid(pod))
            return [key]
        case .synced: return []
        }
    }

    public func sync(_ key: Informer.Key) async throws -> SyncResult {
        guard let set = context.cache(.statefulSets).get(key) else {
            expectations.remove(key)
            return .done
        }
        guard expectations.satisfied(key), !JobPodFacts.isTerminating(set) else { return .done }
        let pods = context.cache(.pods).list(namespace: key.namespace)
        let claims = context.cache(.persistentVolumeClaims).list(namespace: key.namespace)
        let revisions = context.cache(.controllerRevisions).list(namespace: key.namespace)
        let plan = StatefulSetReconciler.reconcile(set: set, pods: pods, claims: claims, revisions: revisions, now: context.now())
        try await apply(plan, set: set, pods: pods)
        return plan.requeueAfter.map { .requeue(after: .milliseconds(Int64(($0 * 1000).rounded(.up)) + 50)) } ?? .done
    }

    func apply(_ plan: StatefulSetPlan, set: JSON, pods: [JSON]) async throws {
        let key = Informer.Key(set)
        let applier = context.applier
        let ns = key.namespace
        func ignoringExists(_ action: Action) async throws {
            do { try await applier.apply(action, component: Self.component) } catch { if error.code != 409 { throw error } }
        }
        if let revision = plan.createRevision { try await ignoringExists(.create(.controllerRevisions, namespace: ns, object: revision)) }
        for claim in plan.createClaims { try await ignoringExists(.create(.persistentVolumeClaims, namespace: ns, object: claim)) }
        let uids = Dictionary(pods.map { (JobPodFacts.name($0), JobPodFacts.uid($0)) }, uniquingKeysWith: { a, _ in a })
        if !plan.createPods.isEmpty || !plan.deletePods.isEmpty {
            expectations.expect(key, adds: plan.createPods.count, deleting: plan.deletePods.compactMap { uids[$0] })
        }
        for pod in plan.createPods {
            do { try await applier.apply(.create(.pods, namespace: ns, object: pod), component: Self.component) } catch {
                expectations.creationObserved(key)
                _ = try? await applier.apply(.event(.init(.warning, reason: "FailedCreate",
                    message: "create Pod \(JobPodFacts.name(pod)) in StatefulSet \(key.name) failed error: \(error.message)"),
                    about: set, kind: .statefulSets), component: Self.component)
                throw error
            }
        }
        for name in plan.deletePods {
            do { try await applier.apply(.delete(.pods, namespace: ns, name: name, uid: uids[name]), component: Self.component) } catch {
                expectations.deletionObserved(key, uid: uids[name] ?? "")
                throw error
            }
        }
        for name in plan.deleteClaims { try await applier.apply(.delete(.persistentVolumeClaims, namespace: ns, name: name, uid: nil), component: Self.component) }
        for name in plan.deleteRevisions { try await applier.apply(.delete(.controllerRevisions, namespace: ns, name: name, uid: nil), component: Self.component) }
        if let status = plan.status {
            var updated = set
            updated["status"] = status
            try await applier.apply(.updateStatus(.statefulSets, object: updated), component: Self.component)
        }
        for e in plan.events { _ = try? await applier.apply(.event(e.recorded, about: set, kind: .statefulSets), component: Self.component) }
    }
}
