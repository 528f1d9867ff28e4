import Resources

/// What one sync of a StatefulSet decided, applied in order: create the revision, create
/// claims, create pods, delete pods, delete claims (retention policy `whenScaled: Delete`),
/// delete old revisions, write the status.
public struct StatefulSetPlan: Sendable, Hashable {
    public var createRevision: JSON?
    public var createClaims: [JSON] = []
    public var createPods: [JSON] = []
    public var deletePods: [String] = []
    public var deleteClaims: [String] = []
    public var deleteRevisions: [String] = []
    public var status: JSON?
    public var events: [PlannedEvent] = []
    /// Look again after this many seconds (minReadySeconds).
    public var requeueAfter: Double?
    public init() {}
}
