import Client
import Foundation
import Resources

/// The CronJob controller: CronJobs and Jobs from the shared caches, ``CronJobReconciler`` for
/// the plan. Time zones come from the system tz database (`/usr/share/zoneinfo`) through
/// Foundation's `TimeZone`; no `timeZone` means the controller manager's local zone is UTC.
public struct CronJobController: Controller {
    public static let name = "cronjob"
    public static let resources: [ResourceKind] = [.cronJobs, .jobs]
    static let component = "cronjob-controller"

    let context: ControllerContext
    public init(context: ControllerContext) { self.context = context }

    public func keys(for delta: Informer.Delta, of kind: ResourceKind) -> [Informer.Key] {
        switch delta {
        case .added(let o), .deleted(let o):
            return kind == .cronJobs ? [Informer.Key(o)] : JobController.owner(of: o, kind: "CronJob").map { [$0] } ?? []
        case .modified(_, let o):
            return kind == .cronJobs ? [Informer.Key(o)] : JobController.owner(of: o, kind: "CronJob").map { [$0] } ?? []
        case .synced: return []
        }
    }

    /// The UTC offset function of a zone name; nil when the system does not know it.
    public static func offset(timeZone name: String?) -> (@Sendable (Int64) -> Int)? {
        guard let name, !name.isEmpty else { return { _ in 0 } }
        guard let zone = TimeZone(identifier: name) else { return nil }
        return { zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval($0))) }
    }

    public func sync(_ key: Informer.Key) async throws -> SyncResult {
        guard let cj = context.cache(.cronJobs).get(key) else { return .done }
        let uid = JobPodFacts.uid(cj)
        var jobs = context.cache(.jobs).list(namespace: key.namespace).filter { JobPodFacts.isControlled($0, byUID: uid) }
        // An active Job the cache has not seen yet is looked up, not declared missing.
        for ref in cj["status"]["active"]?.array ?? [] {
            guard let name = ref["name"]?.string, !jobs.contains(where: { JobPodFacts.name($0) == name }) else { continue }
            if let job = try? await context.client.call(APIRequest(.get, group: "batch", resource: "jobs", namespace: key.namespace,
                                                                  name: name)).object() {
                jobs.append(job)
            }
        }
        let plan = CronJobReconciler.reconcile(cronJob: cj, jobs: jobs, now: context.now(),
                                               offset: Self.offset(timeZone: cj["spec"]["timeZone"]?.string))
        try await apply(plan, cronJob: cj)
        return plan.requeueAfter.map { .requeue(after: .milliseconds(Int64(($0 * 1000).rounded(.up)))) } ?? .done
    }

    func apply(_ plan: CronJobPlan, cronJob cj: JSON) async throws {
        let key = Informer.Key(cj)
        let applier = context.applier
        for name in plan.deleteJobs {
            try await applier.apply(.delete(.jobs, namespace: key.namespace, name: name, uid: nil), component: Self.component)
        }
        var status = plan.status
        if let job = plan.createJob {
            do {
                if let created = try await applier.apply(.create(.jobs, namespace: key.namespace, object: job), component: Self.component),
                   var active = status?["active"]?.array, let i = active.firstIndex(where: { $0["name"] == created["metadata"]["name"] }) {
                    active[i] = CronJobReconciler.reference(created)
                    status?["active"] = .array(active)
                }
            } catch {
                // 409: created by an earlier sync whose write the cache has not shown yet.
                if error.code == 409 { return try await finishStatus(status, cronJob: cj, events: plan.events) }
                _ = try? await applier.apply(.event(.init(.warning, reason: "FailedCreate", message: "Error creating job: \(error.message)"),
                                           about: cj, kind: .cronJobs), component: Self.component)
                throw error
            }
        }
        try await finishStatus(status, cronJob: cj, events: plan.events)
    }

    func finishStatus(_ status: JSON?, cronJob cj: JSON, events: [PlannedEvent]) async throws {
        let applier = context.applier
        if let status {
            var updated = cj
            updated["status"] = status
            try await applier.apply(.updateStatus(.cronJobs, object: updated), component: Self.component)
        }
        for e in events {
            _ = try? await applier.apply(.event(e.recorded, about: cj, kind: .cronJobs), component: Self.component)
        }
    }
}
