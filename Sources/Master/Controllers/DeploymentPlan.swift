import Resources

/// What one Deployment sync should do: ``DeploymentReconciler``'s output, carried out by
/// ``DeploymentController``.
public struct DeploymentPlan: Sendable, Equatable {
    /// A new ReplicaSet to create (`<deployment>-<pod-template-hash>`).
    public var create: JSON?
    /// ReplicaSets to replace (new `spec.replicas` or annotations), guarded by resourceVersion.
    public var update: [JSON] = []
    /// Old ReplicaSets beyond revisionHistoryLimit.
    public var delete: [JSON] = []
    /// Merge patch of the Deployment's annotations (its revision), when they change.
    public var annotations: JSON?
    /// The new status, when it differs from the stored one.
    public var status: JSON?
    /// Events about the Deployment (ScalingReplicaSet …).
    public var events: [EventRecorder.Event] = []
    /// When to look again without a change (progress deadline, minReadySeconds).
    public var requeueAfterSeconds: Int?

    public init() {}
}
