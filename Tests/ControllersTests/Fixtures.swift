import Controllers
import Resources

/// Objects as the API server would hold them, for the pure reconcile tests.
enum Fixtures {
    static let now = MetaTime(seconds: 1_700_000_000)

    static func time(_ offset: Int64) -> JSON { .string(MetaTime(seconds: now.seconds + offset).rfc3339) }

    static func replicaSet(_ name: String = "web", replicas: Int = 3, uid: String = "rs-uid", generation: Int = 1,
                           minReadySeconds: Int = 0) -> JSON {
        ["apiVersion": "apps/v1", "kind": "ReplicaSet",
         "metadata": ["name": .string(name), "namespace": "default", "uid": .string(uid), "generation": .int(Int64(generation)),
                      "resourceVersion": "10"],
         "spec": ["replicas": .int(Int64(replicas)), "minReadySeconds": .int(Int64(minReadySeconds)),
                  "selector": ["matchLabels": ["app": "web"]],
                  "template": ["metadata": ["labels": ["app": "web", "tier": "front"]],
                               "spec": ["containers": [["name": "c", "image": "nginx"]]]]]]
    }

    /// A pod; `owner` nil makes an orphan.
    static func pod(_ name: String, owner: JSON? = nil, ownerKind: ResourceKind = .replicaSets, labels: JSON = ["app": "web", "tier": "front"],
                    node: String? = nil, phase: String = "Pending", ready: Bool = false, readySince: Int64 = -100,
                    created: Int64 = -1000, restarts: Int = 0, ip: String? = nil, deleting: Bool = false) -> JSON {
        var metadata: JSON = ["name": .string(name), "namespace": "default", "uid": .string("uid-" + name), "labels": labels,
                              "creationTimestamp": time(created), "resourceVersion": "5"]
        if let owner { metadata["ownerReferences"] = [OwnerReference(to: owner, kind: ownerKind).json] }
        if deleting { metadata["deletionTimestamp"] = time(0) }
        var spec: JSON = ["containers": [["name": "c", "image": "nginx", "ports": [["name": "http", "containerPort": 8080]]]]]
        if let node { spec["nodeName"] = .string(node) }
        var status: JSON = ["phase": .string(phase),
                            "conditions": [["type": "Ready", "status": .string(ready ? "True" : "False"), "lastTransitionTime": time(readySince)]],
                            "containerStatuses": [["name": "c", "restartCount": .int(Int64(restarts))]]]
        if let ip { status["podIP"] = .string(ip) }
        return ["apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": spec, "status": status]
    }
}

/// A deterministic generator for the property tests (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
