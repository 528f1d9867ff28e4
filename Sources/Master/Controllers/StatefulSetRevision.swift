import Resources

/// ControllerRevisions of a StatefulSet: `<set>-<hash>` where the hash is FNV-1a (32 bit) over
/// the pod template in canonical JSON (sorted keys), spelled with Kubernetes'
/// `rand.SafeEncodeString` alphabet as its controllers do.
public enum StatefulSetRevision {
    public static let hashLabel = "controller-revision-hash"

    public static func hash(of template: JSON) -> String {
        var h: UInt32 = 2_166_136_261
        for b in canonical(template).utf8 {
            h ^= UInt32(b)
            h = h &* 16_777_619
        }
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        return String(String(h).utf8.map { alphabet[Int($0) % alphabet.count] })
    }

    public static func name(set: JSON, template: JSON) -> String { "\(JobPodFacts.name(set))-\(hash(of: template))" }

    /// The ControllerRevision object for the set's current template.
    public static func object(set: JSON, revision: Int64) -> JSON {
        let template = set["spec"]["template"] ?? .emptyObject
        var labels = template["metadata"]["labels"] ?? .emptyObject
        labels["controller.kubernetes.io/hash"] = .string(hash(of: template))
        var data = template
        data["$patch"] = "replace"
        return ["apiVersion": "apps/v1", "kind": "ControllerRevision",
                "metadata": ["name": .string(name(set: set, template: template)), "namespace": set["metadata"]["namespace"] ?? "default",
                             "labels": labels,
                             "ownerReferences": [JobPodFacts.controllerRef(of: set, apiVersion: "apps/v1", kind: "StatefulSet")]],
                "data": ["spec": ["template": data]], "revision": .int(revision)]
    }

    /// The pod template a revision holds.
    public static func template(of revision: JSON) -> JSON? {
        guard var t = revision["data"]["spec"]["template"] else { return nil }
        t["$patch"] = nil
        return t
    }

    /// JSON with object keys sorted, so equal values hash alike.
    static func canonical(_ v: JSON) -> String {
        switch v {
        case .object(let o):
            let members = o.sorted { $0.key < $1.key }.map { "\(JSON.string($0.key).serialized()):\(canonical($0.value))" }
            return "{" + members.joined(separator: ",") + "}"
        case .array(let a): return "[" + a.map(canonical).joined(separator: ",") + "]"
        default: return v.serialized()
        }
    }
}
