/// batch/v1: Job and CronJob (k8s.io/api v1.32).
extension Schema {
    static let jobSpec = Schema.object("JobSpec", [
        "parallelism": .int32,
        "completions": .int32,
        "activeDeadlineSeconds": .int64,
        "podFailurePolicy": .podFailurePolicy,
        "successPolicy": .successPolicy,
        "backoffLimit": .int32,
        "backoffLimitPerIndex": .int32,
        "maxFailedIndexes": .int32,
        "selector": .labelSelector,
        "manualSelector": .bool,
        "template": .podTemplateSpec,
        "ttlSecondsAfterFinished": .int32,
        "completionMode": .string("CompletionMode"),
        "suspend": .bool,
        "podReplacementPolicy": .string("PodReplacementPolicy"),
        "managedBy": .string,
    ])

    static let jobStatus = Schema.object("JobStatus", [
        "conditions": .array(.jobCondition),
        "startTime": .time,
        "completionTime": .time,
        "active": .int32,
        "succeeded": .int32,
        "failed": .int32,
        "terminating": .int32,
        "completedIndexes": .string,
        "failedIndexes": .string,
        "uncountedTerminatedPods": .uncountedTerminatedPods,
        "ready": .int32,
    ])

    static let cronJobSpec = Schema.object("CronJobSpec", [
        "schedule": .string,
        "timeZone": .string,
        "startingDeadlineSeconds": .int64,
        "concurrencyPolicy": .string("ConcurrencyPolicy"),
        "suspend": .bool,
        "jobTemplate": .jobTemplateSpec,
        "successfulJobsHistoryLimit": .int32,
        "failedJobsHistoryLimit": .int32,
    ])

    static let cronJobStatus = Schema.object("CronJobStatus", [
        "active": .array(.objectReference),
        "lastScheduleTime": .time,
        "lastSuccessfulTime": .time,
    ])

    static let podFailurePolicy = Schema.object("PodFailurePolicy", [
        "rules": .array(.podFailurePolicyRule),
    ])

    static let successPolicy = Schema.object("SuccessPolicy", [
        "rules": .array(.successPolicyRule),
    ])

    static let jobCondition = Schema.object("JobCondition", [
        "type": .string("JobConditionType"),
        "status": .string("ConditionStatus"),
        "lastProbeTime": .time,
        "lastTransitionTime": .time,
        "reason": .string,
        "message": .string,
    ])

    static let uncountedTerminatedPods = Schema.object("UncountedTerminatedPods", [
        "succeeded": .array(.string("types.UID")),
        "failed": .array(.string("types.UID")),
    ])

    static let jobTemplateSpec = Schema.object("JobTemplateSpec", [
        "metadata": .objectMeta,
        "spec": .jobSpec,
    ])

    static let podFailurePolicyRule = Schema.object("PodFailurePolicyRule", [
        "action": .string("PodFailurePolicyAction"),
        "onExitCodes": .podFailurePolicyOnExitCodesRequirement,
        "onPodConditions": .array(.podFailurePolicyOnPodConditionsPattern),
    ])

    static let successPolicyRule = Schema.object("SuccessPolicyRule", [
        "succeededIndexes": .string,
        "succeededCount": .int32,
    ])

    static let podFailurePolicyOnExitCodesRequirement = Schema.object("PodFailurePolicyOnExitCodesRequirement", [
        "containerName": .string,
        "operator": .string("PodFailurePolicyOnExitCodesOperator"),
        "values": .array(.int32),
    ])

    static let podFailurePolicyOnPodConditionsPattern = Schema.object("PodFailurePolicyOnPodConditionsPattern", [
        "type": .string("PodConditionType"),
        "status": .string("ConditionStatus"),
    ])
}
