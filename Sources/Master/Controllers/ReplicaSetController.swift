import Client

/// `replicaset`: keeps `spec.replicas` pods of each ReplicaSet (``ReplicaSetReconciler``).
public struct ReplicaSetController: Controller {
    public static let name = "replicaset"
    public static let resources: [ResourceKind] = [.replicaSets, .pods]
    let manager: ReplicaManager

    public init(context: ControllerContext) {
        manager = ReplicaManager(kind: .replicaSets, component: "replicaset-controller", context: context)
    }
    public var workers: Int { 4 }
    public func keys(for delta: Informer.Delta, of kind: ResourceKind) -> [Informer.Key] { manager.keys(for: delta, of: kind) }
    public func sync(_ key: Informer.Key) async throws -> SyncResult { try await manager.sync(key) }
}

/// `replicationcontroller`: the same for ReplicationControllers.
public struct ReplicationControllerController: Controller {
    public static let name = "replicationcontroller"
    public static let resources: [ResourceKind] = [.replicationControllers, .pods]
    let manager: ReplicaManager

    public init(context: ControllerContext) {
        manager = ReplicaManager(kind: .replicationControllers, component: "replication-controller", context: context)
    }
    public func keys(for delta: Informer.Delta, of kind: ResourceKind) -> [Informer.Key] { manager.keys(for: delta, of: kind) }
    public func sync(_ key: Informer.Key) async throws -> SyncResult { try await manager.sync(key) }
}
