/// apps/v1: Deployment, ReplicaSet, DaemonSet, StatefulSet (k8s.io/api v1.32).
extension Schema {
    static let deploymentSpec = Schema.object("DeploymentSpec", [
        "replicas": .int32,
        "selector": .labelSelector,
        "template": .podTemplateSpec,
        "strategy": .deploymentStrategy,
        "minReadySeconds": .int32,
        "revisionHistoryLimit": .int32,
        "paused": .bool,
        "progressDeadlineSeconds": .int32,
    ])

    static let deploymentStatus = Schema.object("DeploymentStatus", [
        "observedGeneration": .int64,
        "replicas": .int32,
        "updatedReplicas": .int32,
        "readyReplicas": .int32,
        "availableReplicas": .int32,
        "unavailableReplicas": .int32,
        "conditions": .array(.deploymentCondition),
        "collisionCount": .int32,
    ])

    static let replicaSetSpec = Schema.object("ReplicaSetSpec", [
        "replicas": .int32,
        "minReadySeconds": .int32,
        "selector": .labelSelector,
        "template": .podTemplateSpec,
    ])

    static let replicaSetStatus = Schema.object("ReplicaSetStatus", [
        "replicas": .int32,
        "fullyLabeledReplicas": .int32,
        "readyReplicas": .int32,
        "availableReplicas": .int32,
        "observedGeneration": .int64,
        "conditions": .array(.replicaSetCondition),
    ])

    static let daemonSetSpec = Schema.object("DaemonSetSpec", [
        "selector": .labelSelector,
        "template": .podTemplateSpec,
        "updateStrategy": .daemonSetUpdateStrategy,
        "minReadySeconds": .int32,
        "revisionHistoryLimit": .int32,
    ])

    static let daemonSetStatus = Schema.object("DaemonSetStatus", [
        "currentNumberScheduled": .int32,
        "numberMisscheduled": .int32,
        "desiredNumberScheduled": .int32,
        "numberReady": .int32,
        "observedGeneration": .int64,
        "updatedNumberScheduled": .int32,
        "numberAvailable": .int32,
        "numberUnavailable": .int32,
        "collisionCount": .int32,
        "conditions": .array(.daemonSetCondition),
    ])

    static let statefulSetSpec = Schema.object("StatefulSetSpec", [
        "replicas": .int32,
        "selector": .labelSelector,
        "template": .podTemplateSpec,
        "volumeClaimTemplates": .array(.persistentVolumeClaim),
        "serviceName": .string,
        "podManagementPolicy": .string("PodManagementPolicyType"),
        "updateStrategy": .statefulSetUpdateStrategy,
        "revisionHistoryLimit": .int32,
        "minReadySeconds": .int32,
        "persistentVolumeClaimRetentionPolicy": .statefulSetPersistentVolumeClaimRetentionPolicy,
        "ordinals": .statefulSetOrdinals,
    ])

    static let statefulSetStatus = Schema.object("StatefulSetStatus", [
        "observedGeneration": .int64,
        "replicas": .int32,
        "readyReplicas": .int32,
        "currentReplicas": .int32,
        "updatedReplicas": .int32,
        "currentRevision": .string,
        "updateRevision": .string,
        "collisionCount": .int32,
        "conditions": .array(.statefulSetCondition),
        "availableReplicas": .int32,
    ])

    static let deploymentStrategy = Schema.object("DeploymentStrategy", [
        "type": .string("DeploymentStrategyType"),
        "rollingUpdate": .rollingUpdateDeployment,
    ])

    static let deploymentCondition = Schema.object("DeploymentCondition", [
        "type": .string("DeploymentConditionType"),
        "status": .string("ConditionStatus"),
        "lastUpdateTime": .time,
        "lastTransitionTime": .time,
        "reason": .string,
        "message": .string,
    ])

    static let replicaSetCondition = Schema.object("ReplicaSetCondition", [
        "type": .string("ReplicaSetConditionType"),
        "status": .string("ConditionStatus"),
        "lastTransitionTime": .time,
        "reason": .string,
        "message": .string,
    ])

    static let daemonSetUpdateStrategy = Schema.object("DaemonSetUpdateStrategy", [
        "type": .string("DaemonSetUpdateStrategyType"),
        "rollingUpdate": .rollingUpdateDaemonSet,
    ])

    static let daemonSetCondition = Schema.object("DaemonSetCondition", [
        "type": .string("DaemonSetConditionType"),
        "status": .string("ConditionStatus"),
        "lastTransitionTime": .time,
        "reason": .string,
        "message": .string,
    ])

    static let statefulSetUpdateStrategy = Schema.object("StatefulSetUpdateStrategy", [
        "type": .string("StatefulSetUpdateStrategyType"),
        "rollingUpdate": .rollingUpdateStatefulSetStrategy,
    ])

    static let statefulSetPersistentVolumeClaimRetentionPolicy = Schema.object("StatefulSetPersistentVolumeClaimRetentionPolicy", [
        "whenDeleted": .string("PersistentVolumeClaimRetentionPolicyType"),
        "whenScaled": .string("PersistentVolumeClaimRetentionPolicyType"),
    ])

    static let statefulSetOrdinals = Schema.object("StatefulSetOrdinals", [
        "start": .int32,
    ])

    static let statefulSetCondition = Schema.object("StatefulSetCondition", [
        "type": .string("StatefulSetConditionType"),
        "status": .string("ConditionStatus"),
        "lastTransitionTime": .time,
        "reason": .string,
        "message": .string,
    ])

    static let rollingUpdateDeployment = Schema.object("RollingUpdateDeployment", [
        "maxUnavailable": .intOrString,
        "maxSurge": .intOrString,
    ])

    static let rollingUpdateDaemonSet = Schema.object("RollingUpdateDaemonSet", [
        "maxUnavailable": .intOrString,
        "maxSurge": .intOrString,
    ])

    static let rollingUpdateStatefulSetStrategy = Schema.object("RollingUpdateStatefulSetStrategy", [
        "partition": .int32,
        "maxUnavailable": .intOrString,
    ])
}
