import Resources

/// What one sync of a CronJob decided, applied in order: delete Jobs (Replace, history limits;
/// each with Background propagation), create the Job, write the status.
public struct CronJobPlan: Sendable, Hashable {
    public var deleteJobs: [String] = []
    /// The Job to create (named `<cronjob>-<minutes since the epoch>`).
    public var createJob: JSON?
    public var status: JSON?
    public var events: [PlannedEvent] = []
    /// Seconds until the next activation (or a retry), if any.
    public var requeueAfter: Double?
    public init() {}
}
