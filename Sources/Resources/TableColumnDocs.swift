/// The `description` of each column Kubernetes' printers define, copied from the API's
/// generated Swagger documentation (`SwaggerDoc()` of k8s.io/api and k8s.io/apimachinery
/// v0.32), which is where `pkg/printers/internalversion/printers.go` takes them from. Each
/// constant names the Go type and field it documents.
enum TableColumnDocs {
    /// `meta.ObjectMeta.name`
    static let objectMetaName = "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"
    /// `meta.ObjectMeta.creationTimestamp`
    static let objectMetaCreationTimestamp = "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
    /// `core.PodStatus.podIP`
    static let podStatusPodIP = "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated."
    /// `core.PodSpec.nodeName`
    static let podSpecNodeName = "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename"
    /// `core.PodStatus.nominatedNodeName`
    static let podStatusNominatedNodeName = "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled."
    /// `core.PodSpec.readinessGates`
    static let podSpecReadinessGates = "If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to \"True\" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates"
    /// `core.PodSpec.nodeSelector`
    static let podSpecNodeSelector = "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/"
    /// `core.ReplicationControllerSpec.replicas`
    static let replicationControllerSpecReplicas = "Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller"
    /// `core.ReplicationControllerStatus.replicas`
    static let replicationControllerStatusReplicas = "Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller"
    /// `core.ReplicationControllerStatus.readyReplicas`
    static let replicationControllerStatusReadyReplicas = "The number of ready replicas for this replication controller."
    /// `core.ReplicationControllerSpec.selector`
    static let replicationControllerSpecSelector = "Selector is a label query over pods that should match the Replicas count. If Selector is empty, it is defaulted to the labels present on the Pod template. Label keys and values that must match in order to be controlled by this replication controller, if empty defaulted to labels on Pod template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"
    /// `ext.ReplicaSetSpec.replicas`
    static let replicaSetSpecReplicas = "Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller"
    /// `ext.ReplicaSetStatus.replicas`
    static let replicaSetStatusReplicas = "Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller"
    /// `ext.ReplicaSetStatus.readyReplicas`
    static let replicaSetStatusReadyReplicas = "The number of ready replicas for this replica set."
    /// `ext.ReplicaSetSpec.selector`
    static let replicaSetSpecSelector = "Selector is a label query over pods that should match the replica count. If the selector is empty, it is defaulted to the labels present on the pod template. Label keys and values that must match in order to be controlled by this replica set. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"
    /// `ext.DaemonSetStatus.desiredNumberScheduled`
    static let daemonSetStatusDesiredNumberScheduled = "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/"
    /// `ext.DaemonSetStatus.currentNumberScheduled`
    static let daemonSetStatusCurrentNumberScheduled = "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/"
    /// `ext.DaemonSetStatus.numberReady`
    static let daemonSetStatusNumberReady = "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready."
    /// `ext.DaemonSetStatus.updatedNumberScheduled`
    static let daemonSetStatusUpdatedNumberScheduled = "The total number of nodes that are running updated daemon pod"
    /// `ext.DaemonSetStatus.numberAvailable`
    static let daemonSetStatusNumberAvailable = "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)"
    /// `ext.DaemonSetSpec.selector`
    static let daemonSetSpecSelector = "A label query over pods that are managed by the daemon set. Must match in order to be controlled. If empty, defaulted to labels on Pod template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"
    /// `batch.JobStatus.succeeded`
    static let jobStatusSucceeded = "The number of pods which reached phase Succeeded. The value increases monotonically for a given spec. However, it may decrease in reaction to scale down of elastic indexed jobs."
    /// `batch.JobSpec.selector`
    static let jobSpecSelector = "A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"
    /// `batchb1.CronJobSpec.schedule`
    static let cronJobSpecSchedule = "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron."
    /// `batchb1.CronJobSpec.timeZone`
    static let cronJobSpecTimeZone = "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default to the time zone of the kube-controller-manager process. The set of valid time zone names and the time zone offset is loaded from the system-wide time zone database by the API server during CronJob validation and the controller manager during execution. If no system-wide time zone database can be found a bundled version of the database is used instead. If the time zone name becomes invalid during the lifetime of a CronJob or due to a change in host configuration, the controller will stop creating new new Jobs and will create a system event with the reason UnknownTimeZone. More information can be found in https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones"
    /// `batchb1.CronJobSpec.suspend`
    static let cronJobSpecSuspend = "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false."
    /// `batchb1.CronJobStatus.active`
    static let cronJobStatusActive = "A list of pointers to currently running jobs."
    /// `batchb1.CronJobStatus.lastScheduleTime`
    static let cronJobStatusLastScheduleTime = "Information when was the last time the job was successfully scheduled."
    /// `core.ServiceSpec.type`
    static let serviceSpecType = "type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer. \"ClusterIP\" allocates a cluster-internal IP address for load-balancing to endpoints. Endpoints are determined by the selector or if that is not specified, by manual construction of an Endpoints object or EndpointSlice objects. If clusterIP is \"None\", no virtual IP is allocated and the endpoints are published as a set of endpoints rather than a virtual IP. \"NodePort\" builds on ClusterIP and allocates a port on every node which routes to the same endpoints as the clusterIP. \"LoadBalancer\" builds on NodePort and creates an external load-balancer (if supported in the current cloud) which routes to the same endpoints as the clusterIP. \"ExternalName\" aliases this service to the specified externalName. Several other fields do not apply to ExternalName services. More info: https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types"
    /// `core.ServiceSpec.clusterIP`
    static let serviceSpecClusterIP = "clusterIP is the IP address of the service and is usually assigned randomly. If an address is specified manually, is in-range (as per system configuration), and is not in use, it will be allocated to the service; otherwise creation of the service will fail. This field may not be changed through updates unless the type field is also being changed to ExternalName (which requires this field to be blank) or the type field is being changed from ExternalName (in which case this field may optionally be specified, as describe above).  Valid values are \"None\", empty string (\"\"), or a valid IP address. Setting this to \"None\" makes a \"headless service\" (no virtual IP), which is useful when direct endpoint connections are preferred and proxying is not required.  Only applies to types ClusterIP, NodePort, and LoadBalancer. If this field is specified when creating a Service of type ExternalName, creation will fail. This field will be wiped when updating a Service to type ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"
    /// `core.ServiceSpec.externalIPs`
    static let serviceSpecExternalIPs = "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.  These IPs are not managed by Kubernetes.  The user is responsible for ensuring that traffic arrives at a node with this IP.  A common example is external load-balancers that are not part of the Kubernetes system."
    /// `core.ServiceSpec.ports`
    static let serviceSpecPorts = "The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"
    /// `core.ServiceSpec.selector`
    static let serviceSpecSelector = "Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and LoadBalancer. Ignored if type is ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/"
    /// `core.Endpoints.subsets`
    static let endpointsSubsets = "The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share. A single address with multiple ports, some of which are ready and some of which are not (because they come from different containers) will result in the address being displayed in different subsets for the different ports. No address will appear in both Addresses and NotReadyAddresses in the same subset. Sets of addresses and ports that comprise a service."
    /// `core.NodeSystemInfo.kubeletVersion`
    static let nodeSystemInfoKubeletVersion = "Kubelet Version reported by the node."
    /// `core.NodeStatus.addresses`
    static let nodeStatusAddresses = "List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in its own status or consumers of the downward API (status.hostIP)."
    /// `core.NodeSystemInfo.osImage`
    static let nodeSystemInfoOsImage = "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy))."
    /// `core.NodeSystemInfo.kernelVersion`
    static let nodeSystemInfoKernelVersion = "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."
    /// `core.NodeSystemInfo.containerRuntimeVersion`
    static let nodeSystemInfoContainerRuntimeVersion = "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2)."
    /// `core.Event.lastTimestamp`
    static let eventLastTimestamp = "The time at which the most recent occurrence of this event was recorded."
    /// `core.Event.type`
    static let eventType = "Type of this event (Normal, Warning), new types could be added in the future"
    /// `core.Event.reason`
    static let eventReason = "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."
    /// `core.Event.involvedObject`
    static let eventInvolvedObject = "The object that this event is about."
    /// `core.ObjectReference.fieldPath`
    static let objectReferenceFieldPath = "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: \"spec.containers{name}\" (where \"name\" refers to the name of the container that triggered the event) or if no container name is specified \"spec.containers[2]\" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object."
    /// `core.Event.source`
    static let eventSource = "The component reporting this event. Should be a short machine understandable string."
    /// `core.Event.message`
    static let eventMessage = "A human-readable description of the status of this operation."
    /// `core.Event.firstTimestamp`
    static let eventFirstTimestamp = "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)"
    /// `core.Event.count`
    static let eventCount = "The number of times this event has occurred."
    /// `core.Secret.type`
    static let secretType = "Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types"
    /// `core.Secret.data`
    static let secretData = "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4"
    /// `core.PersistentVolumeSpec.capacity`
    static let persistentVolumeSpecCapacity = "capacity is the description of the persistent volume's resources and capacity. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#capacity"
    /// `core.PersistentVolumeSpec.accessModes`
    static let persistentVolumeSpecAccessModes = "accessModes contains all ways the volume can be mounted. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes"
    /// `core.PersistentVolumeSpec.persistentVolumeReclaimPolicy`
    static let persistentVolumeSpecPersistentVolumeReclaimPolicy = "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim. Valid options are Retain (default for manually created PersistentVolumes), Delete (default for dynamically provisioned PersistentVolumes), and Recycle (deprecated). Recycle must be supported by the volume plugin underlying this PersistentVolume. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#reclaiming"
    /// `core.PersistentVolumeStatus.phase`
    static let persistentVolumeStatusPhase = "phase indicates if a volume is available, bound to a claim, or released by a claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#phase"
    /// `core.PersistentVolumeSpec.claimRef`
    static let persistentVolumeSpecClaimRef = "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim. Expected to be non-nil when bound. claim.VolumeName is the authoritative bind between PV and PVC. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#binding"
    /// `core.PersistentVolumeStatus.reason`
    static let persistentVolumeStatusReason = "reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI."
    /// `core.PersistentVolumeSpec.volumeMode`
    static let persistentVolumeSpecVolumeMode = "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state. Value of Filesystem is implied when not included in spec."
    /// `core.PersistentVolumeClaimStatus.phase`
    static let persistentVolumeClaimStatusPhase = "phase represents the current phase of PersistentVolumeClaim."
    /// `core.PersistentVolumeClaimSpec.volumeName`
    static let persistentVolumeClaimSpecVolumeName = "volumeName is the binding reference to the PersistentVolume backing this claim."
    /// `core.PersistentVolumeClaimStatus.capacity`
    static let persistentVolumeClaimStatusCapacity = "capacity represents the actual resources of the underlying volume."
    /// `core.PersistentVolumeClaimStatus.accessModes`
    static let persistentVolumeClaimStatusAccessModes = "accessModes contains the actual access modes the volume backing the PVC has. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1"
    /// `core.PersistentVolumeClaimSpec.volumeMode`
    static let persistentVolumeClaimSpecVolumeMode = "volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec."
    /// `ext.DeploymentStatus.updatedReplicas`
    static let deploymentStatusUpdatedReplicas = "Total number of non-terminated pods targeted by this deployment that have the desired template spec."
    /// `ext.DeploymentStatus.availableReplicas`
    static let deploymentStatusAvailableReplicas = "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."
    /// `ext.DeploymentSpec.selector`
    static let deploymentSpecSelector = "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment."
    /// `core.ConfigMap.data`
    static let configMapData = "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process."
    /// `coord.LeaseSpec.holderIdentity`
    static let leaseSpecHolderIdentity = "holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field."
    /// `appsb1.ControllerRevision.revision`
    static let controllerRevisionRevision = "revision indicates the revision of the state represented by Data."
    /// `discb1.EndpointSlice.addressType`
    static let endpointSliceAddressType = "addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation. The following address types are currently supported: * IPv4: Represents an IPv4 Address. * IPv6: Represents an IPv6 Address. * FQDN: Represents a Fully Qualified Domain Name."
    /// `discb1.EndpointSlice.ports`
    static let endpointSlicePorts = "ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name. When ports is empty, it indicates that there are no defined ports. When a port is defined with a nil port value, it indicates \"all ports\". Each slice may include a maximum of 100 ports."
    /// `discb1.EndpointSlice.endpoints`
    static let endpointSliceEndpoints = "endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints."
}
