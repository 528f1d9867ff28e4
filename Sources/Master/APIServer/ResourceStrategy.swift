import Resources

/// What differs between kinds in the API server's bookkeeping (Kubernetes' "REST strategies"):
/// which kinds count `generation`, which have a status subresource, what create resets.
struct ResourceStrategy: Sendable {
    let type: ResourceType
    /// What new pods tolerate of a lost node.
    var tolerationSeconds = DefaultTolerationSeconds()

    /// Kinds whose `metadata.generation` starts at 1 and grows with every spec change.
    var tracksGeneration: Bool {
        ["deployments", "replicasets", "statefulsets", "daemonsets", "jobs", "cronjobs", "replicationcontrollers"]
            .contains(type.plural)
    }

    /// Kinds whose status is written only through `/status`: a write to the object keeps the
    /// stored status, a write to `/status` keeps everything else.
    var hasStatusSubresource: Bool { type.subresource("status") != nil }

    /// What create does to `status` (Kubernetes' `PrepareForCreate`).
    func prepareForCreate(_ object: inout JSON) {
        switch type.plural {
        case "pods":
            object["status"] = ["phase": "Pending"]
            Self.admitPod(&object, tolerationSeconds: tolerationSeconds)
        case "namespaces":
            object["status"] = ["phase": "Active"]
        case "services":
            object["status"] = ["loadBalancer": .emptyObject]
        case "jobs":
            object["status"] = nil
            generateJobSelector(&object)
        case "nodes", "persistentvolumes", "persistentvolumeclaims":
            break  // kubelets register nodes with their status; volumes keep theirs
        default:
            if hasStatusSubresource { object["status"] = nil }
        }
    }

    /// What Kubernetes' default admission plugins add to a new pod: the `default` service
    /// account (ServiceAccount) and five minutes of tolerance for a not-ready or unreachable
    /// node (DefaultTolerationSeconds; `--default-not-ready-toleration-seconds` and
    /// `--default-unreachable-toleration-seconds`) — which is how long its pods outlive a lost node.
    static func admitPod(_ pod: inout JSON, tolerationSeconds seconds: DefaultTolerationSeconds) {
        if (pod["spec"]?["serviceAccountName"]?.string ?? "").isEmpty {
            let account = pod["spec"]?["serviceAccount"]?.string.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
            pod["spec"]["serviceAccountName"] = .string(account)
        }
        pod["spec"]["serviceAccount"] = pod["spec"]?["serviceAccountName"]
        var tolerations = pod["spec"]?["tolerations"]?.array ?? []
        for (key, tolerationSeconds) in [("node.kubernetes.io/not-ready", seconds.notReady), ("node.kubernetes.io/unreachable", seconds.unreachable)] {
            let covered = tolerations.contains { t in
                (t["key"]?.string == key || (t["key"]?.string ?? "").isEmpty && t["operator"]?.string == "Exists")
                    && ((t["effect"]?.string ?? "").isEmpty || t["effect"]?.string == "NoExecute")
            }
            if !covered {
                tolerations.append(["key": .string(key), "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": .int(tolerationSeconds)])
            }
        }
        pod["spec"]["tolerations"] = .array(tolerations)
    }

    /// A Job without `manualSelector: true` gets Kubernetes' generated selector: its pods are
    /// labelled with the Job's uid and name, and selected by the uid.
    private func generateJobSelector(_ job: inout JSON) {
        guard job["spec"]?["manualSelector"]?.bool != true, let uid = job["metadata"]?["uid"]?.string else { return }
        let name = job["metadata"]?["name"]?.string ?? ""
        var labels = job["spec"]?["template"]?["metadata"]?["labels"]?.object ?? JSONObject()
        labels["batch.kubernetes.io/controller-uid"] = .string(uid)
        labels["batch.kubernetes.io/job-name"] = .string(name)
        labels["controller-uid"] = .string(uid)
        labels["job-name"] = .string(name)
        job["spec"]["template"]["metadata"]["labels"] = .object(labels)
        if job["spec"]?["selector"] == nil || job["spec"]?["selector"]?.isNull == true {
            job["spec"]["selector"] = ["matchLabels": ["batch.kubernetes.io/controller-uid": .string(uid)]]
        }
    }

    /// The object an update of the main resource stores: the new object, but the old status
    /// (for kinds with a status subresource) and the server-owned metadata of the old one.
    func prepareForUpdate(_ new: inout JSON, old: JSON) {
        if hasStatusSubresource { new["status"] = old["status"] }
        keepServerMetadata(&new, old: old)
        if tracksGeneration {
            let generation = old["metadata"]?["generation"]?.int ?? 1
            new["metadata"]["generation"] = .int(new.specPart == old.specPart ? generation : generation + 1)
        }
    }

    /// The object a `/status` write stores: the old object with the new status.
    func prepareForStatusUpdate(_ new: JSON, old: JSON) -> JSON {
        var result = old
        result["status"] = new["status"]
        return result
    }

    private func keepServerMetadata(_ new: inout JSON, old: JSON) {
        for field in ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"] {
            new["metadata"][field] = old["metadata"]?[field]
        }
        new["metadata"]["namespace"] = old["metadata"]?["namespace"]
        new["metadata"]["name"] = old["metadata"]?["name"]
    }
}

/// The DefaultTolerationSeconds admission plugin's settings (kube-apiserver's
/// `--default-not-ready-toleration-seconds`, `--default-unreachable-toleration-seconds`).
public struct DefaultTolerationSeconds: Sendable, Hashable {
    public var notReady: Int64 = 300
    public var unreachable: Int64 = 300
    public init() {}
}
