import Client
import Resources
import Synchronization

/// The node lifecycle controller: Nodes, their Leases (`kube-node-lease/<node>`) and the pods
/// bound to them from the shared caches, ``NodeLifecycleReconciler`` for the plan. One worker,
/// so that two nodes never get the same pod CIDR.
public struct NodeLifecycleController: Controller {
    public static let name = "nodelifecycle"
    public static let resources: [ResourceKind] = [.nodes, .leases, .pods]
    static let component = "node-controller"

    /// Set by `skiff controller-manager` from its flags before the manager starts.
    public static let settings = Mutex(NodeLifecycleReconciler.Settings())

    let context: ControllerContext
    /// The pod CIDR range allocator, built from the cached Nodes at the first sync (the caches
    /// have synced by then).
    let cidrs = AllocatorBox()
    public init(context: ControllerContext) { self.context = context }
    public var workers: Int { 1 }

    public func keys(for delta: Informer.Delta, of kind: ResourceKind) -> [Informer.Key] {
        switch delta {
        case .added(let o), .modified(_, let o), .deleted(let o):
            switch kind {
            case .nodes: return [Informer.Key(name: JobPodFacts.name(o))]
            case .leases:
                guard o["metadata"]["namespace"]?.string == "kube-node-lease" else { return [] }
                return [Informer.Key(name: JobPodFacts.name(o))]
            default:
                guard let node = o["spec"]["nodeName"]?.string, !node.isEmpty else { return [] }
                return [Informer.Key(name: node)]
            }
        case .synced: return []
        }
    }

    public func sync(_ key: Informer.Key) async throws -> SyncResult {
        let settings = Self.settings.withLock { $0 }
        let nodes = context.cache(.nodes)
        guard let node = nodes.get(Informer.Key(name: key.name)) else {
            cidrs.state.withLock { $0?.release(node: key.name) }  // deleted: its block is free again
            return .done
        }
        let lease = context.cache(.leases).get(Informer.Key(namespace: "kube-node-lease", name: key.name))
        let pods = context.cache(.pods).list().filter { $0["spec"]["nodeName"]?.string == key.name }
        let cidr: String? = cidrs.state.withLock { state in
            if state == nil {
                state = PodCIDRAllocator(cluster: settings.clusterCIDR, maskSize: settings.nodeMaskSize)
                state?.rebuild(from: nodes.list())
            }
            if PodCIDRAllocator.cidr(of: node) != nil {
                state?.occupy(node)
                return nil
            }
            return state?.allocate(for: key.name)
        }
        let plan = NodeLifecycleReconciler.reconcile(node: node, lease: lease, pods: pods, podCIDR: cidr, now: context.now(),
                                                     settings: settings)
        let applier = context.applier
        if let status = plan.status {
            var updated = node
            updated["status"] = status
            try await applier.apply(.updateStatus(.nodes, object: updated), component: Self.component)
        }
        if let patch = plan.specPatch {
            try await applier.apply(.patch(.nodes, namespace: nil, name: key.name, patch: patch), component: Self.component)
        }
        for e in plan.nodeEvents { _ = try? await applier.apply(.event(e.recorded, about: node, kind: .nodes), component: Self.component) }
        for pod in plan.evictPods {
            let about = pods.first { JobPodFacts.uid($0) == pod.uid } ?? .emptyObject
            _ = try? await applier.apply(.event(.init(.normal, reason: "TaintManagerEviction", message: "Marking for deletion Pod \(pod.namespace)/\(pod.name)"),
                                                about: about, kind: .pods), component: Self.component)
            try await applier.apply(.delete(.pods, namespace: pod.namespace, name: pod.name, uid: pod.uid), component: Self.component)
        }
        return plan.requeueAfter.map { .requeue(after: .milliseconds(Int64(($0 * 1000).rounded(.up)))) } ?? .done
    }
}

/// The allocator behind a lock, shared by the controller's (one) worker and its copies.
final class AllocatorBox: Sendable {
    let state = Mutex<PodCIDRAllocator?>(nil)
}
