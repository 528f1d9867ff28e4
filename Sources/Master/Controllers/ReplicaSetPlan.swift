import Resources

/// What one ReplicaSet (or ReplicationController) sync should do: ``ReplicaSetReconciler``'s
/// output, carried out by ``ReplicaSetSync``.
public struct ReplicaSetPlan: Sendable, Equatable {
    /// Orphans matching the selector: patch in our controller reference.
    public var adopt: [JSON] = []
    /// Pods we own that no longer match: patch our reference out.
    public var release: [JSON] = []
    /// How many pods to create from ``podTemplate``.
    public var create = 0
    /// The pod to create (generateName `<owner>-`); nil when nothing is created.
    public var podTemplate: JSON?
    /// Pods to delete, in deletion order.
    public var delete: [JSON] = []
    /// The new status, when it differs from the stored one.
    public var status: JSON?
    /// When to look again even without a change (minReadySeconds).
    public var requeueAfterSeconds: Int?

    public init() {}
}
