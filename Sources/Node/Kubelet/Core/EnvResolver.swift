import Foundation
import Resources
import RuntimeAPI

/// A container's environment as the kubelet builds it (`makeEnvironmentVariables`): `envFrom`
/// in order, then `env`, later names overriding earlier ones; values from ConfigMaps, Secrets
/// (base64-decoded), the downward API (`fieldRef`, `resourceFieldRef`); `$(VAR)` expanded
/// against what came before. Pure: the ConfigMaps and Secrets are given.
public struct EnvResolver: Sendable {
    public var pod: JSON
    public var podIP: String
    public var hostIP: String
    /// Found objects by name; a name absent here does not exist.
    public var configMaps: [String: JSON]
    public var secrets: [String: JSON]
    /// The node's allocatable cpu (cores) and memory (bytes), for `resourceFieldRef` without limits.
    public var nodeCPUMillis: Int64
    public var nodeMemoryBytes: Int64
    /// The Service variables (``ServiceEnv``): first, so that `env` can use and override them.
    public var serviceEnv: [RuntimeMessages.KeyValue] = []

    public init(pod: JSON, podIP: String, hostIP: String, configMaps: [String: JSON] = [:], secrets: [String: JSON] = [:],
                nodeCPUMillis: Int64 = 1000, nodeMemoryBytes: Int64 = 1 << 30) {
        self.pod = pod
        self.podIP = podIP
        self.hostIP = hostIP
        self.configMaps = configMaps
        self.secrets = secrets
        self.nodeCPUMillis = nodeCPUMillis
        self.nodeMemoryBytes = nodeMemoryBytes
    }

    /// The ConfigMap and Secret names a container's env refers to.
    public static func references(_ container: JSON) -> (configMaps: Set<String>, secrets: Set<String>) {
        var cms = Set<String>(), secrets = Set<String>()
        for from in container["envFrom"]?.array ?? [] {
            if let n = from["configMapRef"]?["name"]?.string { cms.insert(n) }
            if let n = from["secretRef"]?["name"]?.string { secrets.insert(n) }
        }
        for e in container["env"]?.array ?? [] {
            if let n = e["valueFrom"]?["configMapKeyRef"]?["name"]?.string { cms.insert(n) }
            if let n = e["valueFrom"]?["secretKeyRef"]?["name"]?.string { secrets.insert(n) }
        }
        return (cms, secrets)
    }

    var namespace: String { pod["metadata"]?["namespace"]?.string ?? "default" }

    static func data(_ object: JSON, secret: Bool) -> [(String, String)] {
        var out: [(String, String)] = []
        if let d = object["data"]?.object {
            for (k, v) in d {
                let s = v.string ?? ""
                out.append((k, secret ? String(decoding: Data(base64Encoded: s) ?? Data(), as: UTF8.self) : s))
            }
        }
        if !secret, let b = object["binaryData"]?.object {
            for (k, v) in b { out.append((k, String(decoding: Data(base64Encoded: v.string ?? "") ?? Data(), as: UTF8.self))) }
        }
        if secret, let s = object["stringData"]?.object { for (k, v) in s { out.append((k, v.string ?? "")) } }
        return out
    }

    public func resolve(_ container: JSON) throws(ConfigurationError) -> [RuntimeMessages.KeyValue] {
        var order: [String] = []
        var values: [String: String] = [:]
        func set(_ name: String, _ value: String) {
            if values.updateValue(value, forKey: name) == nil { order.append(name) }
        }
        for e in serviceEnv { set(e.name, e.value) }
        for from in container["envFrom"]?.array ?? [] {
            let prefix = from["prefix"]?.string ?? ""
            if let ref = from["configMapRef"], let name = ref["name"]?.string {
                guard let cm = configMaps[name] else {
                    if ref["optional"]?.bool == true { continue }
                    throw ConfigurationError(message: "configmap \"\(name)\" not found")
                }
                for (k, v) in Self.data(cm, secret: false) { set(prefix + k, v) }
            }
            if let ref = from["secretRef"], let name = ref["name"]?.string {
                guard let s = secrets[name] else {
                    if ref["optional"]?.bool == true { continue }
                    throw ConfigurationError(message: "secret \"\(name)\" not found")
                }
                for (k, v) in Self.data(s, secret: true) { set(prefix + k, v) }
            }
        }
        for e in container["env"]?.array ?? [] {
            guard let name = e["name"]?.string else { continue }
            if let from = e["valueFrom"], !from.isNull {
                if let v = try value(from) { set(name, v) }
            } else {
                set(name, Self.expand(e["value"]?.string ?? "", values))
            }
        }
        return order.map { RuntimeMessages.KeyValue(name: $0, value: values[$0]!) }
    }

    private func value(_ from: JSON) throws(ConfigurationError) -> String? {
        if let ref = from["configMapKeyRef"], let name = ref["name"]?.string, let key = ref["key"]?.string {
            let optional = ref["optional"]?.bool == true
            guard let cm = configMaps[name] else {
                if optional { return nil }
                throw ConfigurationError(message: "configmap \"\(name)\" not found")
            }
            guard let v = Self.data(cm, secret: false).first(where: { $0.0 == key })?.1 else {
                if optional { return nil }
                throw ConfigurationError(message: "couldn't find key \(key) in ConfigMap \(namespace)/\(name)")
            }
            return v
        }
        if let ref = from["secretKeyRef"], let name = ref["name"]?.string, let key = ref["key"]?.string {
            let optional = ref["optional"]?.bool == true
            guard let s = secrets[name] else {
                if optional { return nil }
                throw ConfigurationError(message: "secret \"\(name)\" not found")
            }
            guard let v = Self.data(s, secret: true).first(where: { $0.0 == key })?.1 else {
                if optional { return nil }
                throw ConfigurationError(message: "couldn't find key \(key) in Secret \(namespace)/\(name)")
            }
            return v
        }
        if let ref = from["fieldRef"], let path = ref["fieldPath"]?.string {
            return try field(path)
        }
        if let ref = from["resourceFieldRef"], let resource = ref["resource"]?.string {
            return try resourceField(resource, containerName: ref["containerName"]?.string, divisor: ref["divisor"])
        }
        return nil
    }

    func field(_ path: String) throws(ConfigurationError) -> String {
        let metadata = pod["metadata"]
        switch path {
        case "metadata.name": return metadata?["name"]?.string ?? ""
        case "metadata.namespace": return namespace
        case "metadata.uid": return metadata?["uid"]?.string ?? ""
        case "spec.nodeName": return pod["spec"]?["nodeName"]?.string ?? ""
        case "spec.serviceAccountName": return pod["spec"]?["serviceAccountName"]?.string ?? ""
        case "status.podIP", "status.podIPs": return podIP
        case "status.hostIP", "status.hostIPs": return hostIP
        default:
            for (prefix, key) in [("metadata.labels['", "labels"), ("metadata.annotations['", "annotations")]
            where path.hasPrefix(prefix) && path.hasSuffix("']") {
                let name = String(path.dropFirst(prefix.count).dropLast(2))
                return metadata?[key]?[name]?.string ?? ""
            }
            throw ConfigurationError(message: "unsupported fieldPath: \(path)")
        }
    }

    func resourceField(_ resource: String, containerName: String?, divisor: JSON?) throws(ConfigurationError) -> String {
        let containers = (pod["spec"]?["containers"]?.array ?? []) + (pod["spec"]?["initContainers"]?.array ?? [])
        let c = containers.first { containerName == nil || containerName == "" || $0["name"]?.string == containerName }
        let parts = resource.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, ["limits", "requests"].contains(parts[0]) else {
            throw ConfigurationError(message: "unsupported container resource: \(resource)")
        }
        let q = c?["resources"]?[parts[0]]?[parts[1]].flatMap { try? Quantity(json: $0) }
        let d = divisor.flatMap { try? Quantity(json: $0) }
        switch parts[1] {
        case "cpu":
            let millis = q?.milliValue ?? (parts[0] == "limits" ? nodeCPUMillis : 0)
            let div = max(1, d?.milliValue ?? 1000)
            return String((millis + div - 1) / div)
        default:
            let bytes = q?.value ?? (parts[0] == "limits" ? nodeMemoryBytes : 0)
            let div = max(1, d?.value ?? 1)
            return String((bytes + div - 1) / div)
        }
    }

    /// Kubernetes' `$(VAR)` expansion: defined names are replaced, `$$` escapes, anything else stays.
    public static func expand(_ input: String, _ values: [String: String]) -> String {
        guard input.contains("$") else { return input }
        var out = ""
        var i = input.startIndex
        while i < input.endIndex {
            let c = input[i]
            let next = input.index(after: i)
            if c == "$", next < input.endIndex {
                if input[next] == "$" {
                    out.append("$")
                    i = input.index(after: next)
                    continue
                }
                if input[next] == "(", let close = input[next...].firstIndex(of: ")") {
                    let name = String(input[input.index(after: next)..<close])
                    if let v = values[name] { out += v } else { out += input[i...close] }
                    i = input.index(after: close)
                    continue
                }
            }
            out.append(c)
            i = next
        }
        return out
    }
}
