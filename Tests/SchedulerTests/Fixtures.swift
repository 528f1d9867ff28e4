import Resources
@testable import Scheduler

/// Small builders for pods and nodes as JSON, so tests read like the objects they stand for.
enum Fixture {
    static func pod(_ name: String, cpu: String? = nil, memory: String? = nil, namespace: String = "default",
                    extra: (inout JSON) -> Void = { _ in }) -> JSON {
        var requests = JSONObject()
        if let cpu { requests["cpu"] = .string(cpu) }
        if let memory { requests["memory"] = .string(memory) }
        var container: JSON = ["name": "c", "image": "busybox"]
        if !requests.isEmpty { container["resources"] = ["requests": .object(requests)] }
        var pod: JSON = ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name), "namespace": .string(namespace), "uid": .string("uid-\(name)")],
                         "spec": ["containers": [container]]]
        extra(&pod)
        return pod
    }

    static func node(_ name: String, cpu: String = "4", memory: String = "8Gi", pods: String = "110", labels: [String: String] = [:],
                     ready: String? = "True", extra: (inout JSON) -> Void = { _ in }) -> JSON {
        var l = JSONObject()
        for (k, v) in labels.sorted(by: { $0.key < $1.key }) { l[k] = .string(v) }
        var node: JSON = ["apiVersion": "v1", "kind": "Node", "metadata": ["name": .string(name), "labels": .object(l)],
                          "status": ["allocatable": ["cpu": .string(cpu), "memory": .string(memory), "pods": .string(pods)]]]
        if let ready { node["status"]["conditions"] = [["type": "Ready", "status": .string(ready)]] }
        extra(&node)
        return node
    }

    static func taint(_ key: String, _ value: String = "", _ effect: String = "NoSchedule") -> JSON {
        ["key": .string(key), "value": .string(value), "effect": .string(effect)]
    }

    static func toleration(key: String = "", op: String = "Equal", value: String = "", effect: String = "") -> JSON {
        var t: JSON = ["operator": .string(op)]
        if !key.isEmpty { t["key"] = .string(key) }
        if !value.isEmpty { t["value"] = .string(value) }
        if !effect.isEmpty { t["effect"] = .string(effect) }
        return t
    }

    static func requirement(_ key: String, _ op: String, _ values: [String] = []) -> JSON {
        var r: JSON = ["key": .string(key), "operator": .string(op)]
        if !values.isEmpty { r["values"] = .array(values.map { .string($0) }) }
        return r
    }

    /// Required node affinity with one term per element.
    static func requiredAffinity(_ terms: [(expressions: [JSON], fields: [JSON])]) -> JSON {
        ["nodeAffinity": ["requiredDuringSchedulingIgnoredDuringExecution": [
            "nodeSelectorTerms": .array(terms.map { t in
                var term: JSON = .emptyObject
                if !t.expressions.isEmpty { term["matchExpressions"] = .array(t.expressions) }
                if !t.fields.isEmpty { term["matchFields"] = .array(t.fields) }
                return term
            }),
        ]]]
    }

    static func cache(_ nodes: [JSON], pods: [JSON] = []) -> SchedulerCache {
        var cache = SchedulerCache()
        for n in nodes { cache.setNode(SchedulingNode(json: n)) }
        for p in pods { cache.podSeen(SchedulingPod(json: p)) }
        return cache
    }
}

/// A seeded generator (SplitMix64), so random tests repeat.
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
