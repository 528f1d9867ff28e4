import Resources

/// An Event a reconcile decided to record, on the object it reconciled (Kubernetes'
/// `record.EventRecorder.Eventf(obj, type, reason, message)`).
public struct PlannedEvent: Sendable, Hashable {
    /// `Normal` or `Warning`.
    public var type: String
    public var reason: String
    public var message: String

    public init(_ type: String = "Normal", _ reason: String, _ message: String) {
        self.type = type
        self.reason = reason
        self.message = message
    }

    public static func normal(_ reason: String, _ message: String) -> PlannedEvent { PlannedEvent("Normal", reason, message) }
    public static func warning(_ reason: String, _ message: String) -> PlannedEvent { PlannedEvent("Warning", reason, message) }
}

/// What one sync of a Job decided, in the order the apply step carries it out: delete pods,
/// create pods (each `SuccessfulCreate`/`SuccessfulDelete` event is recorded by the apply step
/// once it knows the name), write the status, delete the Job (its TTL passed).
public struct JobPlan: Sendable, Hashable {
    /// Complete pod objects (`generateName`, labels, owner reference, template spec).
    public var createPods: [JSON] = []
    /// Names of pods to delete.
    public var deletePods: [String] = []
    /// The new `status`, or nil when it does not change.
    public var status: JSON?
    public var events: [PlannedEvent] = []
    /// Delete the Job itself with `propagationPolicy=Background` (ttlSecondsAfterFinished).
    public var deleteJob = false
    /// Sync again after this many seconds (back-off, deadline, TTL), if nothing else comes first.
    public var requeueAfter: Double?

    public init() {}
}
