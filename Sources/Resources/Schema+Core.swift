/// The specs and statuses of the core/v1 kinds other than Pod: Node, Namespace, Service,
/// Endpoints, Event, PersistentVolume(Claim), ReplicationController (k8s.io/api v1.32).
extension Schema {
    static let nodeSpec = Schema.object("NodeSpec", [
        "podCIDR": .string,
        "podCIDRs": .array(.string),
        "providerID": .string,
        "unschedulable": .bool,
        "taints": .array(.taint),
        "configSource": .nodeConfigSource,
        "externalID": .string,
    ])

    static let nodeStatus = Schema.object("NodeStatus", [
        "capacity": .map(.quantity),
        "allocatable": .map(.quantity),
        "phase": .string("NodePhase"),
        "conditions": .array(.nodeCondition),
        "addresses": .array(.nodeAddress),
        "daemonEndpoints": .nodeDaemonEndpoints,
        "nodeInfo": .nodeSystemInfo,
        "images": .array(.containerImage),
        "volumesInUse": .array(.string("UniqueVolumeName")),
        "volumesAttached": .array(.attachedVolume),
        "config": .nodeConfigStatus,
        "runtimeHandlers": .array(.nodeRuntimeHandler),
        "features": .nodeFeatures,
    ])

    static let namespaceSpec = Schema.object("NamespaceSpec", [
        "finalizers": .array(.string("FinalizerName")),
    ])

    static let namespaceStatus = Schema.object("NamespaceStatus", [
        "phase": .string("NamespacePhase"),
        "conditions": .array(.namespaceCondition),
    ])

    static let serviceSpec = Schema.object("ServiceSpec", [
        "ports": .array(.servicePort),
        "selector": .map(.string),
        "clusterIP": .string,
        "clusterIPs": .array(.string),
        "type": .string("ServiceType"),
        "externalIPs": .array(.string),
        "sessionAffinity": .string("ServiceAffinity"),
        "loadBalancerIP": .string,
        "loadBalancerSourceRanges": .array(.string),
        "externalName": .string,
        "externalTrafficPolicy": .string("ServiceExternalTrafficPolicy"),
        "healthCheckNodePort": .int32,
        "publishNotReadyAddresses": .bool,
        "sessionAffinityConfig": .sessionAffinityConfig,
        "ipFamilies": .array(.string("IPFamily")),
        "ipFamilyPolicy": .string("IPFamilyPolicy"),
        "allocateLoadBalancerNodePorts": .bool,
        "loadBalancerClass": .string,
        "internalTrafficPolicy": .string("ServiceInternalTrafficPolicy"),
        "trafficDistribution": .string,
    ])

    static let serviceStatus = Schema.object("ServiceStatus", [
        "loadBalancer": .loadBalancerStatus,
        "conditions": .array(.condition),
    ])

    static let endpointSubset = Schema.object("EndpointSubset", [
        "addresses": .array(.endpointAddress),
        "notReadyAddresses": .array(.endpointAddress),
        "ports": .array(.endpointPort),
    ])

    static let objectReference = Schema.object("ObjectReference", [
        "kind": .string,
        "namespace": .string,
        "name": .string,
        "uid": .string("types.UID"),
        "apiVersion": .string,
        "resourceVersion": .string,
        "fieldPath": .string,
    ])

    static let eventSource = Schema.object("EventSource", [
        "component": .string,
        "host": .string,
    ])

    static let eventSeries = Schema.object("EventSeries", [
        "count": .int32,
        "lastObservedTime": .microTime,
    ])

    static let persistentVolumeSpec = Schema.object("PersistentVolumeSpec", [
        "capacity": .map(.quantity),
        "gcePersistentDisk": .gcePersistentDiskVolumeSource,
        "awsElasticBlockStore": .awsElasticBlockStoreVolumeSource,
        "hostPath": .hostPathVolumeSource,
        "glusterfs": .glusterfsPersistentVolumeSource,
        "nfs": .nfsVolumeSource,
        "rbd": .rbdPersistentVolumeSource,
        "iscsi": .iscsiPersistentVolumeSource,
        "cinder": .cinderPersistentVolumeSource,
        "cephfs": .cephFSPersistentVolumeSource,
        "fc": .fcVolumeSource,
        "flocker": .flockerVolumeSource,
        "flexVolume": .flexPersistentVolumeSource,
        "azureFile": .azureFilePersistentVolumeSource,
        "vsphereVolume": .vsphereVirtualDiskVolumeSource,
        "quobyte": .quobyteVolumeSource,
        "azureDisk": .azureDiskVolumeSource,
        "photonPersistentDisk": .photonPersistentDiskVolumeSource,
        "portworxVolume": .portworxVolumeSource,
        "scaleIO": .scaleIOPersistentVolumeSource,
        "local": .localVolumeSource,
        "storageos": .storageOSPersistentVolumeSource,
        "csi": .csiPersistentVolumeSource,
        "accessModes": .array(.string("PersistentVolumeAccessMode")),
        "claimRef": .objectReference,
        "persistentVolumeReclaimPolicy": .string("PersistentVolumeReclaimPolicy"),
        "storageClassName": .string,
        "mountOptions": .array(.string),
        "volumeMode": .string("PersistentVolumeMode"),
        "nodeAffinity": .volumeNodeAffinity,
        "volumeAttributesClassName": .string,
    ])

    static let persistentVolumeStatus = Schema.object("PersistentVolumeStatus", [
        "phase": .string("PersistentVolumePhase"),
        "message": .string,
        "reason": .string,
        "lastPhaseTransitionTime": .time,
    ])

    static let persistentVolumeClaimSpec = Schema.object("PersistentVolumeClaimSpec", [
        "accessModes": .array(.string("PersistentVolumeAccessMode")),
        "selector": .labelSelector,
        "resources": .volumeResourceRequirements,
        "volumeName": .string,
        "storageClassName": .string,
        "volumeMode": .string("PersistentVolumeMode"),
        "dataSource": .typedLocalObjectReference,
        "dataSourceRef": .typedObjectReference,
        "volumeAttributesClassName": .string,
    ])

    static let persistentVolumeClaimStatus = Schema.object("PersistentVolumeClaimStatus", [
        "phase": .string("PersistentVolumeClaimPhase"),
        "accessModes": .array(.string("PersistentVolumeAccessMode")),
        "capacity": .map(.quantity),
        "conditions": .array(.persistentVolumeClaimCondition),
        "allocatedResources": .map(.quantity),
        "allocatedResourceStatuses": .map(.string("ClaimResourceStatus")),
        "currentVolumeAttributesClassName": .string,
        "modifyVolumeStatus": .modifyVolumeStatus,
    ])

    static let replicationControllerSpec = Schema.object("ReplicationControllerSpec", [
        "replicas": .int32,
        "minReadySeconds": .int32,
        "selector": .map(.string),
        "template": .podTemplateSpec,
    ])

    static let replicationControllerStatus = Schema.object("ReplicationControllerStatus", [
        "replicas": .int32,
        "fullyLabeledReplicas": .int32,
        "readyReplicas": .int32,
        "availableReplicas": .int32,
        "observedGeneration": .int64,
        "conditions": .array(.replicationControllerCondition),
    ])

    static let taint = Schema.object("Taint", [
        "key": .string,
        "value": .string,
        "effect": .string("TaintEffect"),
        "timeAdded": .time,
    ])

    static let nodeConfigSource = Schema.object("NodeConfigSource", [
        "configMap": .configMapNodeConfigSource,
    ])

    static let nodeCondition = Schema.object("NodeCondition", [
        "type": .string("NodeConditionType"),
        "status": .string("ConditionStatus"),
        "lastHeartbeatTime": .time,
        "lastTransitionTime": .time,
        "reason": .string,
        "message": .string,
    ])

    static let nodeAddress = Schema.object("NodeAddress", [
        "type": .string("NodeAddressType"),
        "address": .string,
    ])

    static let nodeDaemonEndpoints = Schema.object("NodeDaemonEndpoints", [
        "kubeletEndpoint": .daemonEndpoint,
    ])

    static let nodeSystemInfo = Schema.object("NodeSystemInfo", [
        "machineID": .string,
        "systemUUID": .string,
        "bootID": .string,
        "kernelVersion": .string,
        "osImage": .string,
        "containerRuntimeVersion": .string,
        "kubeletVersion": .string,
        "kubeProxyVersion": .string,
        "operatingSystem": .string,
        "architecture": .string,
    ])

    static let attachedVolume = Schema.object("AttachedVolume", [
        "name": .string("UniqueVolumeName"),
        "devicePath": .string,
    ])

    static let nodeConfigStatus = Schema.object("NodeConfigStatus", [
        "assigned": .nodeConfigSource,
        "active": .nodeConfigSource,
        "lastKnownGood": .nodeConfigSource,
        "error": .string,
    ])

    static let nodeRuntimeHandler = Schema.object("NodeRuntimeHandler", [
        "name": .string,
        "features": .nodeRuntimeHandlerFeatures,
    ])

    static let nodeFeatures = Schema.object("NodeFeatures", [
        "supplementalGroupsPolicy": .bool,
    ])

    static let namespaceCondition = Schema.object("NamespaceCondition", [
        "type": .string("NamespaceConditionType"),
        "status": .string("ConditionStatus"),
        "lastTransitionTime": .time,
        "reason": .string,
        "message": .string,
    ])

    static let servicePort = Schema.object("ServicePort", [
        "name": .string,
        "protocol": .string("Protocol"),
        "appProtocol": .string,
        "port": .int32,
        "targetPort": .intOrString,
        "nodePort": .int32,
    ])

    static let sessionAffinityConfig = Schema.object("SessionAffinityConfig", [
        "clientIP": .clientIPConfig,
    ])

    static let loadBalancerStatus = Schema.object("LoadBalancerStatus", [
        "ingress": .array(.loadBalancerIngress),
    ])

    static let endpointAddress = Schema.object("EndpointAddress", [
        "ip": .string,
        "hostname": .string,
        "nodeName": .string,
        "targetRef": .objectReference,
    ])

    static let endpointPort = Schema.object("EndpointPort", [
        "name": .string,
        "port": .int32,
        "protocol": .string("Protocol"),
        "appProtocol": .string,
    ])

    static let volumeNodeAffinity = Schema.object("VolumeNodeAffinity", [
        "required": .nodeSelector,
    ])

    static let volumeResourceRequirements = Schema.object("VolumeResourceRequirements", [
        "limits": .map(.quantity),
        "requests": .map(.quantity),
    ])

    static let typedLocalObjectReference = Schema.object("TypedLocalObjectReference", [
        "apiGroup": .string,
        "kind": .string,
        "name": .string,
    ])

    static let typedObjectReference = Schema.object("TypedObjectReference", [
        "apiGroup": .string,
        "kind": .string,
        "name": .string,
        "namespace": .string,
    ])

    static let persistentVolumeClaimCondition = Schema.object("PersistentVolumeClaimCondition", [
        "type": .string("PersistentVolumeClaimConditionType"),
        "status": .string("ConditionStatus"),
        "lastProbeTime": .time,
        "lastTransitionTime": .time,
        "reason": .string,
        "message": .string,
    ])

    static let modifyVolumeStatus = Schema.object("ModifyVolumeStatus", [
        "targetVolumeAttributesClassName": .string,
        "status": .string("PersistentVolumeClaimModifyVolumeStatus"),
    ])

    static let replicationControllerCondition = Schema.object("ReplicationControllerCondition", [
        "type": .string("ReplicationControllerConditionType"),
        "status": .string("ConditionStatus"),
        "lastTransitionTime": .time,
        "reason": .string,
        "message": .string,
    ])

    static let configMapNodeConfigSource = Schema.object("ConfigMapNodeConfigSource", [
        "namespace": .string,
        "name": .string,
        "uid": .string("types.UID"),
        "resourceVersion": .string,
        "kubeletConfigKey": .string,
    ])

    static let daemonEndpoint = Schema.object("DaemonEndpoint", [
        "Port": .int32,
    ])

    static let nodeRuntimeHandlerFeatures = Schema.object("NodeRuntimeHandlerFeatures", [
        "recursiveReadOnlyMounts": .bool,
        "userNamespaces": .bool,
    ])

    static let clientIPConfig = Schema.object("ClientIPConfig", [
        "timeoutSeconds": .int32,
    ])

    static let loadBalancerIngress = Schema.object("LoadBalancerIngress", [
        "ip": .string,
        "hostname": .string,
        "ipMode": .string("LoadBalancerIPMode"),
        "ports": .array(.portStatus),
    ])

    static let portStatus = Schema.object("PortStatus", [
        "port": .int32,
        "protocol": .string("Protocol"),
        "error": .string,
    ])
}
