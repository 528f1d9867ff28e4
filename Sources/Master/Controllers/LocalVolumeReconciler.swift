import Resources

/// The local provisioner's pure core: a claim that names no volume gets a new PersistentVolume
/// `pvc-<claim uid>`, a `hostPath` directory under `<root>/pvc-<uid>` (root is
/// `$SKIFF_HOME/volumes`: every Skiff node of one machine shares it, so the volume follows the
/// pod — the shell creates the directory), bound both ways as Kubernetes' PV controller binds:
/// the volume's `claimRef`, the claim's `spec.volumeName`, both `status.phase: Bound`. A volume
/// whose claim is gone is deleted (reclaim policy Delete, the default here) or Released (Retain).
public enum LocalVolumeReconciler {
    public struct Plan: Sendable, Hashable {
        public var createVolume: JSON?
        /// The volume's status to write (phase), by name.
        public var volumeStatus: JSON?
        /// The claim with `spec.volumeName` and the bind annotations, to update.
        public var bindClaim: JSON?
        public var claimStatus: JSON?
        public var deleteVolume: String?
        /// Directories the shell makes or removes.
        public var makeDirectory: String?
        public var removeDirectory: String?
        public var events: [PlannedEvent] = []
        public init() {}
    }

    public static func reconcile(claim: JSON, volumes: [JSON], root: String) -> Plan {
        var plan = Plan()
        guard !JobPodFacts.isTerminating(claim) else { return plan }
        let uid = JobPodFacts.uid(claim)
        let bound = volumes.first { $0["spec"]["claimRef"]["uid"]?.string == uid }
        let volumeName = bound.map(JobPodFacts.name) ?? "pvc-\(uid)"
        let size = claim["spec"]["resources"]["requests"]["storage"] ?? "1Gi"
        let modes = claim["spec"]["accessModes"] ?? ["ReadWriteOnce"]
        if bound == nil {
            let path = "\(root)/\(volumeName)"
            var spec: JSON = ["capacity": ["storage": size], "accessModes": modes,
                              "persistentVolumeReclaimPolicy": "Delete",
                              "hostPath": ["path": .string(path), "type": "DirectoryOrCreate"],
                              "claimRef": ["kind": "PersistentVolumeClaim", "apiVersion": "v1",
                                           "namespace": claim["metadata"]["namespace"] ?? "default",
                                           "name": claim["metadata"]["name"] ?? "", "uid": .string(uid)],
                              "volumeMode": "Filesystem"]
            if let sc = claim["spec"]["storageClassName"] { spec["storageClassName"] = sc }
            plan.createVolume = ["apiVersion": "v1", "kind": "PersistentVolume",
                                 "metadata": ["name": .string(volumeName),
                                              "annotations": ["pv.kubernetes.io/provisioned-by": "skiff.io/local"]],
                                 "spec": spec]
            plan.makeDirectory = path
            plan.events.append(.normal("ProvisioningSucceeded", "Successfully provisioned volume \(volumeName)"))
        }
        if bound == nil || bound?["status"]["phase"]?.string != "Bound" { plan.volumeStatus = ["phase": "Bound"] }
        if claim["spec"]["volumeName"]?.string != volumeName {
            var c = claim
            c["spec"]["volumeName"] = .string(volumeName)
            c["metadata"]["annotations"]["pv.kubernetes.io/bind-completed"] = "yes"
            c["metadata"]["annotations"]["pv.kubernetes.io/bound-by-controller"] = "yes"
            plan.bindClaim = c
        }
        let status: JSON = ["phase": "Bound", "accessModes": modes, "capacity": ["storage": size]]
        if claim["status"] != status { plan.claimStatus = status }
        return plan
    }

    /// A volume whose claim (by uid) is gone.
    public static func release(volume: JSON, claimUIDs: Set<String>) -> Plan {
        var plan = Plan()
        guard let uid = volume["spec"]["claimRef"]["uid"]?.string, !claimUIDs.contains(uid), !JobPodFacts.isTerminating(volume) else { return plan }
        if (volume["spec"]["persistentVolumeReclaimPolicy"]?.string ?? "Delete") == "Delete" {
            plan.deleteVolume = JobPodFacts.name(volume)
            plan.removeDirectory = volume["spec"]["hostPath"]["path"]?.string
        } else if volume["status"]["phase"]?.string != "Released" {
            plan.volumeStatus = ["phase": "Released"]
        }
        return plan
    }
}
