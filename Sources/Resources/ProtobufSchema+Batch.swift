extension ProtobufSchema {
    /// `batch/v1` Job and CronJob.
    static let batch: [String: ProtobufMessage] = [
        "Job": [
            1: .one("metadata", .message("ObjectMeta")),
            2: .one("spec", .message("JobSpec")),
            3: .one("status", .message("JobStatus")),
        ],
        "JobSpec": [
            1: .one("parallelism", .int32, keepsZero: true),
            2: .one("completions", .int32, keepsZero: true),
            3: .one("activeDeadlineSeconds", .int64, keepsZero: true),
            4: .one("selector", .message("LabelSelector")),
            5: .one("manualSelector", .bool, keepsZero: true),
            6: .one("template", .message("PodTemplateSpec")),
            7: .one("backoffLimit", .int32, keepsZero: true),
            8: .one("ttlSecondsAfterFinished", .int32, keepsZero: true),
            9: .one("completionMode", .string, keepsZero: true),
            10: .one("suspend", .bool, keepsZero: true),
            11: .one("podFailurePolicy", .message("PodFailurePolicy")),
            12: .one("backoffLimitPerIndex", .int32, keepsZero: true),
            13: .one("maxFailedIndexes", .int32, keepsZero: true),
            14: .one("podReplacementPolicy", .string, keepsZero: true),
            15: .one("managedBy", .string, keepsZero: true),
            16: .one("successPolicy", .message("SuccessPolicy")),
        ],
        "PodFailurePolicy": [
            1: .many("rules", .message("PodFailurePolicyRule")),
        ],
        "PodFailurePolicyRule": [
            1: .one("action", .string, keepsZero: true),
            2: .one("onExitCodes", .message("PodFailurePolicyOnExitCodesRequirement")),
            3: .many("onPodConditions", .message("PodFailurePolicyOnPodConditionsPattern")),
        ],
        "PodFailurePolicyOnExitCodesRequirement": [
            1: .one("containerName", .string, keepsZero: true),
            2: .one("operator", .string, keepsZero: true),
            3: .many("values", .int32),
        ],
        "PodFailurePolicyOnPodConditionsPattern": [
            1: .one("type", .string, keepsZero: true),
            2: .one("status", .string, keepsZero: true),
        ],
        "SuccessPolicy": [
            1: .many("rules", .message("SuccessPolicyRule")),
        ],
        "SuccessPolicyRule": [
            1: .one("succeededIndexes", .string, keepsZero: true),
            2: .one("succeededCount", .int32, keepsZero: true),
        ],
        "JobStatus": [
            1: .many("conditions", .message("JobCondition")),
            2: .one("startTime", .time),
            3: .one("completionTime", .time),
            4: .one("active", .int32),
            5: .one("succeeded", .int32),
            6: .one("failed", .int32),
            7: .one("completedIndexes", .string),
            8: .one("uncountedTerminatedPods", .message("UncountedTerminatedPods")),
            9: .one("ready", .int32, keepsZero: true),
            10: .one("failedIndexes", .string, keepsZero: true),
            11: .one("terminating", .int32, keepsZero: true),
        ],
        "JobCondition": [
            1: .one("type", .string, keepsZero: true),
            2: .one("status", .string, keepsZero: true),
            3: .one("lastProbeTime", .time),
            4: .one("lastTransitionTime", .time),
            5: .one("reason", .string),
            6: .one("message", .string),
        ],
        "UncountedTerminatedPods": [
            1: .many("succeeded", .string),
            2: .many("failed", .string),
        ],
        "CronJob": [
            1: .one("metadata", .message("ObjectMeta")),
            2: .one("spec", .message("CronJobSpec")),
            3: .one("status", .message("CronJobStatus")),
        ],
        "CronJobSpec": [
            1: .one("schedule", .string, keepsZero: true),
            2: .one("startingDeadlineSeconds", .int64, keepsZero: true),
            3: .one("concurrencyPolicy", .string),
            4: .one("suspend", .bool, keepsZero: true),
            5: .one("jobTemplate", .message("JobTemplateSpec")),
            6: .one("successfulJobsHistoryLimit", .int32, keepsZero: true),
            7: .one("failedJobsHistoryLimit", .int32, keepsZero: true),
            8: .one("timeZone", .string, keepsZero: true),
        ],
        "JobTemplateSpec": [
            1: .one("metadata", .message("ObjectMeta")),
            2: .one("spec", .message("JobSpec")),
        ],
        "CronJobStatus": [
            1: .many("active", .message("ObjectReference")),
            4: .one("lastScheduleTime", .time),
            5: .one("lastSuccessfulTime", .time),
        ],
    ]
}
