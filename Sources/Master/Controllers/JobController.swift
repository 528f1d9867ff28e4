import Client
import Resources

/// The Job controller: Jobs and their pods from the shared caches, ``JobReconciler`` for the
/// plan, the ``Applier`` to carry it out. Pod creations and deletions in flight are tracked
/// with ``Expectations`` so a slow cache never makes it create twice.
public struct JobController: Controller {
    public static let name = "job"
    public static let resources: [ResourceKind] = [.jobs, .pods]
    static let component = "job-controller"

    let context: ControllerContext
    let expectations = Expectations()

    public init(context: ControllerContext) { self.context = context }
    public var workers: Int { 4 }

    public func keys(for delta: Informer.Delta, of kind: ResourceKind) -> [Informer.Key] {
        if kind == .jobs {
            switch delta {
            case .added(let o), .modified(_, let o): return [Informer.Key(o)]
            case .deleted(let o):
                expectations.remove(Informer.Key(o))
                return []
            case .synced: return []
            }
        }
        switch delta {
        case .added(let pod):
            guard let key = Self.owner(of: pod, kind: "Job") else { return [] }
            expectations.creationObserved(key)
            return [key]
        case .modified(let old, let new):
            return Array(Set([Self.owner(of: old, kind: "Job"), Self.owner(of: new, kind: "Job")].compactMap { $0 }))
        case .deleted(let pod):
            guard let key = Self.owner(of: pod, kind: "Job") else { return [] }
            expectations.deletionObserved(key, uid: JobPodFacts.uid(pod))
            return [key]
        case .synced: return []
        }
    }

    /// The key of the object's controller of this kind, in its namespace.
    static func owner(of object: JSON, kind: String) -> Informer.Key? {
        guard let ref = (object["metadata"]["ownerReferences"]?.array ?? []).first(where: { $0["controller"]?.bool == true }),
              ref["kind"]?.string == kind, let name = ref["name"]?.string else { return nil }
        return Informer.Key(namespace: object["metadata"]["namespace"]?.string ?? "", name: name)
    }

    public func sync(_ key: Informer.Key) async throws -> SyncResult {
        guard let job = context.cache(.jobs).get(key) else {
            expectations.remove(key)
            return .done
        }
        guard expectations.satisfied(key) else { return .done }
        let uid = JobPodFacts.uid(job)
        let pods = context.cache(.pods).list(namespace: key.namespace).filter { JobPodFacts.isControlled($0, byUID: uid) }
        let plan = JobReconciler.reconcile(job: job, pods: pods, now: context.now())
        try await apply(plan, job: job, pods: pods)
        return plan.requeueAfter.map { .requeue(after: .milliseconds(Int64(($0 * 1000).rounded(.up)) + 50)) } ?? .done
    }

    func apply(_ plan: JobPlan, job: JSON, pods: [JSON]) async throws {
        let key = Informer.Key(job)
        let applier = context.applier
        func record(_ e: PlannedEvent) async {
            _ = try? await applier.apply(.event(e.recorded, about: job, kind: .jobs), component: Self.component)
        }
        let uids = Dictionary(pods.map { (JobPodFacts.name($0), JobPodFacts.uid($0)) }, uniquingKeysWith: { a, _ in a })
        if !plan.createPods.isEmpty || !plan.deletePods.isEmpty {
            expectations.expect(key, adds: plan.createPods.count, deleting: plan.deletePods.compactMap { uids[$0] })
        }
        var firstError: (any Error)?
        for name in plan.deletePods {
            do {
                try await applier.apply(.delete(.pods, namespace: key.namespace, name: name, uid: uids[name]), component: Self.component)
                await record(.normal("SuccessfulDelete", "Deleted pod: \(name)"))
            } catch {
                expectations.deletionObserved(key, uid: uids[name] ?? "")
                await record(.warning("FailedDelete", "Error deleting: \(error.message)"))
                firstError = firstError ?? error
            }
        }
        for pod in plan.createPods {
            do {
                let created = try await applier.apply(.create(.pods, namespace: key.namespace, object: pod), component: Self.component)
                await record(.normal("SuccessfulCreate", "Created pod: \(created.map(JobPodFacts.name) ?? "")"))
            } catch {
                expectations.creationObserved(key)
                await record(.warning("FailedCreate", "Error creating: \(error.message)"))
                firstError = firstError ?? error
            }
        }
        if let status = plan.status {
            var updated = job
            updated["status"] = status
            try await applier.apply(.updateStatus(.jobs, object: updated), component: Self.component)
        }
        for e in plan.events { await record(e) }
        if plan.deleteJob {
            try await applier.apply(.delete(.jobs, namespace: key.namespace, name: key.name, uid: JobPodFacts.uid(job)), component: Self.component)
        }
        if let firstError { throw firstError }
    }
}

extension PlannedEvent {
    /// The framework's event value.
    var recorded: EventRecorder.Event {
        EventRecorder.Event(type == "Warning" ? .warning : .normal, reason: reason, message: message)
    }
}
