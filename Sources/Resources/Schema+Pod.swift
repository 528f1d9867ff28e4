/// `PodTemplateSpec`, `PodSpec` and `PodStatus` with their scheduling, DNS and security parts
/// (core/v1, k8s.io/api v1.32).
extension Schema {
    static let podSpec = Schema.object("PodSpec", [
        "volumes": .array(.volume),
        "initContainers": .array(.container),
        "containers": .array(.container),
        "ephemeralContainers": .array(.ephemeralContainer),
        "restartPolicy": .string("RestartPolicy"),
        "terminationGracePeriodSeconds": .int64,
        "activeDeadlineSeconds": .int64,
        "dnsPolicy": .string("DNSPolicy"),
        "nodeSelector": .map(.string),
        "serviceAccountName": .string,
        "serviceAccount": .string,
        "automountServiceAccountToken": .bool,
        "nodeName": .string,
        "hostNetwork": .bool,
        "hostPID": .bool,
        "hostIPC": .bool,
        "shareProcessNamespace": .bool,
        "securityContext": .podSecurityContext,
        "imagePullSecrets": .array(.localObjectReference),
        "hostname": .string,
        "subdomain": .string,
        "affinity": .affinity,
        "schedulerName": .string,
        "tolerations": .array(.toleration),
        "hostAliases": .array(.hostAlias),
        "priorityClassName": .string,
        "priority": .int32,
        "dnsConfig": .podDNSConfig,
        "readinessGates": .array(.podReadinessGate),
        "runtimeClassName": .string,
        "enableServiceLinks": .bool,
        "preemptionPolicy": .string("PreemptionPolicy"),
        "overhead": .map(.quantity),
        "topologySpreadConstraints": .array(.topologySpreadConstraint),
        "setHostnameAsFQDN": .bool,
        "os": .podOS,
        "hostUsers": .bool,
        "schedulingGates": .array(.podSchedulingGate),
        "resourceClaims": .array(.podResourceClaim),
        "resources": .resourceRequirements,
    ])

    static let podStatus = Schema.object("PodStatus", [
        "phase": .string("PodPhase"),
        "conditions": .array(.podCondition),
        "message": .string,
        "reason": .string,
        "nominatedNodeName": .string,
        "hostIP": .string,
        "hostIPs": .array(.hostIP),
        "podIP": .string,
        "podIPs": .array(.podIP),
        "startTime": .time,
        "initContainerStatuses": .array(.containerStatus),
        "containerStatuses": .array(.containerStatus),
        "qosClass": .string("PodQOSClass"),
        "ephemeralContainerStatuses": .array(.containerStatus),
        "resize": .string("PodResizeStatus"),
        "resourceClaimStatuses": .array(.podResourceClaimStatus),
    ])

    static let podSecurityContext = Schema.object("PodSecurityContext", [
        "seLinuxOptions": .seLinuxOptions,
        "windowsOptions": .windowsSecurityContextOptions,
        "runAsUser": .int64,
        "runAsGroup": .int64,
        "runAsNonRoot": .bool,
        "supplementalGroups": .array(.int64),
        "supplementalGroupsPolicy": .string("SupplementalGroupsPolicy"),
        "fsGroup": .int64,
        "sysctls": .array(.sysctl),
        "fsGroupChangePolicy": .string("PodFSGroupChangePolicy"),
        "seccompProfile": .seccompProfile,
        "appArmorProfile": .appArmorProfile,
        "seLinuxChangePolicy": .string("PodSELinuxChangePolicy"),
    ])

    static let localObjectReference = Schema.object("LocalObjectReference", [
        "name": .string,
    ])

    static let affinity = Schema.object("Affinity", [
        "nodeAffinity": .nodeAffinity,
        "podAffinity": .podAffinity,
        "podAntiAffinity": .podAntiAffinity,
    ])

    static let toleration = Schema.object("Toleration", [
        "key": .string,
        "operator": .string("TolerationOperator"),
        "value": .string,
        "effect": .string("TaintEffect"),
        "tolerationSeconds": .int64,
    ])

    static let hostAlias = Schema.object("HostAlias", [
        "ip": .string,
        "hostnames": .array(.string),
    ])

    static let podDNSConfig = Schema.object("PodDNSConfig", [
        "nameservers": .array(.string),
        "searches": .array(.string),
        "options": .array(.podDNSConfigOption),
    ])

    static let podReadinessGate = Schema.object("PodReadinessGate", [
        "conditionType": .string("PodConditionType"),
    ])

    static let topologySpreadConstraint = Schema.object("TopologySpreadConstraint", [
        "maxSkew": .int32,
        "topologyKey": .string,
        "whenUnsatisfiable": .string("UnsatisfiableConstraintAction"),
        "labelSelector": .labelSelector,
        "minDomains": .int32,
        "nodeAffinityPolicy": .string("NodeInclusionPolicy"),
        "nodeTaintsPolicy": .string("NodeInclusionPolicy"),
        "matchLabelKeys": .array(.string),
    ])

    static let podOS = Schema.object("PodOS", [
        "name": .string("OSName"),
    ])

    static let podSchedulingGate = Schema.object("PodSchedulingGate", [
        "name": .string,
    ])

    static let podResourceClaim = Schema.object("PodResourceClaim", [
        "name": .string,
        "resourceClaimName": .string,
        "resourceClaimTemplateName": .string,
    ])

    static let podCondition = Schema.object("PodCondition", [
        "type": .string("PodConditionType"),
        "status": .string("ConditionStatus"),
        "lastProbeTime": .time,
        "lastTransitionTime": .time,
        "reason": .string,
        "message": .string,
    ])

    static let hostIP = Schema.object("HostIP", [
        "ip": .string,
    ])

    static let podIP = Schema.object("PodIP", [
        "ip": .string,
    ])

    static let containerStatus = Schema.object("ContainerStatus", [
        "name": .string,
        "state": .containerState,
        "lastState": .containerState,
        "ready": .bool,
        "restartCount": .int32,
        "image": .string,
        "imageID": .string,
        "containerID": .string,
        "started": .bool,
        "allocatedResources": .map(.quantity),
        "resources": .resourceRequirements,
        "volumeMounts": .array(.volumeMountStatus),
        "user": .containerUser,
        "allocatedResourcesStatus": .array(.resourceStatus),
    ])

    static let podResourceClaimStatus = Schema.object("PodResourceClaimStatus", [
        "name": .string,
        "resourceClaimName": .string,
    ])

    static let containerImage = Schema.object("ContainerImage", [
        "names": .array(.string),
        "sizeBytes": .int64,
    ])

    static let podTemplateSpec = Schema.object("PodTemplateSpec", [
        "metadata": .objectMeta,
        "spec": .podSpec,
    ])

    static let sysctl = Schema.object("Sysctl", [
        "name": .string,
        "value": .string,
    ])

    static let nodeAffinity = Schema.object("NodeAffinity", [
        "requiredDuringSchedulingIgnoredDuringExecution": .nodeSelector,
        "preferredDuringSchedulingIgnoredDuringExecution": .array(.preferredSchedulingTerm),
    ])

    static let podAffinity = Schema.object("PodAffinity", [
        "requiredDuringSchedulingIgnoredDuringExecution": .array(.podAffinityTerm),
        "preferredDuringSchedulingIgnoredDuringExecution": .array(.weightedPodAffinityTerm),
    ])

    static let podAntiAffinity = Schema.object("PodAntiAffinity", [
        "requiredDuringSchedulingIgnoredDuringExecution": .array(.podAffinityTerm),
        "preferredDuringSchedulingIgnoredDuringExecution": .array(.weightedPodAffinityTerm),
    ])

    static let podDNSConfigOption = Schema.object("PodDNSConfigOption", [
        "name": .string,
        "value": .string,
    ])

    static let containerState = Schema.object("ContainerState", [
        "waiting": .containerStateWaiting,
        "running": .containerStateRunning,
        "terminated": .containerStateTerminated,
    ])

    static let volumeMountStatus = Schema.object("VolumeMountStatus", [
        "name": .string,
        "mountPath": .string,
        "readOnly": .bool,
        "recursiveReadOnly": .string("RecursiveReadOnlyMode"),
    ])

    static let containerUser = Schema.object("ContainerUser", [
        "linux": .linuxContainerUser,
    ])

    static let resourceStatus = Schema.object("ResourceStatus", [
        "name": .string("ResourceName"),
        "resources": .array(.resourceHealth),
    ])

    static let nodeSelector = Schema.object("NodeSelector", [
        "nodeSelectorTerms": .array(.nodeSelectorTerm),
    ])

    static let preferredSchedulingTerm = Schema.object("PreferredSchedulingTerm", [
        "weight": .int32,
        "preference": .nodeSelectorTerm,
    ])

    static let podAffinityTerm = Schema.object("PodAffinityTerm", [
        "labelSelector": .labelSelector,
        "namespaces": .array(.string),
        "topologyKey": .string,
        "namespaceSelector": .labelSelector,
        "matchLabelKeys": .array(.string),
        "mismatchLabelKeys": .array(.string),
    ])

    static let weightedPodAffinityTerm = Schema.object("WeightedPodAffinityTerm", [
        "weight": .int32,
        "podAffinityTerm": .podAffinityTerm,
    ])

    static let containerStateWaiting = Schema.object("ContainerStateWaiting", [
        "reason": .string,
        "message": .string,
    ])

    static let containerStateRunning = Schema.object("ContainerStateRunning", [
        "startedAt": .time,
    ])

    static let containerStateTerminated = Schema.object("ContainerStateTerminated", [
        "exitCode": .int32,
        "signal": .int32,
        "reason": .string,
        "message": .string,
        "startedAt": .time,
        "finishedAt": .time,
        "containerID": .string,
    ])

    static let linuxContainerUser = Schema.object("LinuxContainerUser", [
        "uid": .int64,
        "gid": .int64,
        "supplementalGroups": .array(.int64),
    ])

    static let resourceHealth = Schema.object("ResourceHealth", [
        "resourceID": .string("ResourceID"),
        "health": .string("ResourceHealthStatus"),
    ])

    static let nodeSelectorTerm = Schema.object("NodeSelectorTerm", [
        "matchExpressions": .array(.nodeSelectorRequirement),
        "matchFields": .array(.nodeSelectorRequirement),
    ])

    static let nodeSelectorRequirement = Schema.object("NodeSelectorRequirement", [
        "key": .string,
        "operator": .string("NodeSelectorOperator"),
        "values": .array(.string),
    ])
}
