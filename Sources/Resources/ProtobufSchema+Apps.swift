extension ProtobufSchema {
    /// `apps/v1` Deployment.
    static let apps: [String: ProtobufMessage] = [
        "Deployment": [
            1: .one("metadata", .message("ObjectMeta")),
            2: .one("spec", .message("DeploymentSpec")),
            3: .one("status", .message("DeploymentStatus")),
        ],
        "DeploymentSpec": [
            1: .one("replicas", .int32, keepsZero: true),
            2: .one("selector", .message("LabelSelector")),
            3: .one("template", .message("PodTemplateSpec")),
            4: .one("strategy", .message("DeploymentStrategy")),
            5: .one("minReadySeconds", .int32),
            6: .one("revisionHistoryLimit", .int32, keepsZero: true),
            7: .one("paused", .bool),
            9: .one("progressDeadlineSeconds", .int32, keepsZero: true),
        ],
        "DeploymentStrategy": [
            1: .one("type", .string),
            2: .one("rollingUpdate", .message("RollingUpdateDeployment")),
        ],
        "RollingUpdateDeployment": [
            1: .one("maxUnavailable", .intOrString),
            2: .one("maxSurge", .intOrString),
        ],
        "DeploymentStatus": [
            1: .one("observedGeneration", .int64),
            2: .one("replicas", .int32),
            3: .one("updatedReplicas", .int32),
            4: .one("availableReplicas", .int32),
            5: .one("unavailableReplicas", .int32),
            6: .many("conditions", .message("DeploymentCondition")),
            7: .one("readyReplicas", .int32),
            8: .one("collisionCount", .int32, keepsZero: true),
        ],
        "DeploymentCondition": [
            1: .one("type", .string, keepsZero: true),
            2: .one("status", .string, keepsZero: true),
            4: .one("reason", .string),
            5: .one("message", .string),
            6: .one("lastUpdateTime", .time),
            7: .one("lastTransitionTime", .time),
        ],
    ]
}
