import Foundation
import Resources
import RuntimeAPI

/// A pod's /etc/resolv.conf as the kubelet decides it (`pkg/kubelet/network/dns`): pure.
///
/// `dnsPolicy` ClusterFirst (the default) gives the cluster DNS servers, the search path
/// `<ns>.svc.<domain> svc.<domain> <domain>` and `ndots:5` — except for hostNetwork pods,
/// which then get the node's file like `Default`; ClusterFirstWithHostNet gives the cluster's to
/// them too; `None` takes only `spec.dnsConfig`. `spec.dnsConfig` is merged into the others
/// (servers and searches appended without repeats, options replaced by name).
public enum PodDNS {
    /// nil: the pod keeps the node's /etc/resolv.conf as it is.
    public static func config(pod: JSON, clusterDNS: [String], clusterDomain: String,
                              node: () -> RuntimeMessages.DNSConfig) -> RuntimeMessages.DNSConfig? {
        let spec = pod["spec"]
        let namespace = pod["metadata"]?["namespace"]?.string ?? "default"
        let hostNetwork = spec?["hostNetwork"]?.bool ?? false
        var policy = spec?["dnsPolicy"]?.string ?? "ClusterFirst"
        if policy == "ClusterFirst" && hostNetwork { policy = "Default" }
        if (policy == "ClusterFirst" || policy == "ClusterFirstWithHostNet") && clusterDNS.isEmpty { policy = "Default" }
        let extra = spec?["dnsConfig"]
        let hasExtra = extra != nil && extra?.isNull == false
        var base: RuntimeMessages.DNSConfig
        switch policy {
        case "None":
            base = .init(servers: [])
        case "Default":
            guard hasExtra else { return nil }
            base = node()
        default:
            let domain = clusterDomain.trimmingCharacters(in: ["."])
            base = .init(servers: clusterDNS, searches: ["\(namespace).svc.\(domain)", "svc.\(domain)", domain], options: ["ndots:5"])
        }
        if hasExtra, let extra {
            for s in (extra["nameservers"]?.array ?? []).compactMap(\.string) where !base.servers.contains(s) { base.servers.append(s) }
            for s in (extra["searches"]?.array ?? []).compactMap(\.string) where !base.searches.contains(s) { base.searches.append(s) }
            for o in extra["options"]?.array ?? [] {
                guard let name = o["name"]?.string else { continue }
                let option = o["value"]?.string.map { "\(name):\($0)" } ?? name
                base.options.removeAll { $0 == name || $0.hasPrefix(name + ":") }
                base.options.append(option)
            }
        }
        base.servers = Array(base.servers.prefix(3))
        base.searches = Array(base.searches.prefix(32))
        return base
    }

    /// The servers, searches and options of a resolv.conf text.
    public static func parse(resolvConf text: String) -> RuntimeMessages.DNSConfig {
        var config = RuntimeMessages.DNSConfig(servers: [])
        for line in text.split(separator: "\n") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let key = fields.first, !key.hasPrefix("#"), !key.hasPrefix(";") else { continue }
            switch key {
            case "nameserver": config.servers += fields.dropFirst().prefix(1)
            case "search", "domain": config.searches = Array(fields.dropFirst())
            case "options": config.options += fields.dropFirst()
            default: break
            }
        }
        return config
    }
}

/// The Service environment variables of a container (`pkg/kubelet/envvars`): pure.
///
/// For each Service with a ClusterIP: `<NAME>_SERVICE_HOST`, `<NAME>_SERVICE_PORT` (the first
/// port), `<NAME>_SERVICE_PORT_<PORTNAME>` per named port, and Docker's link variables
/// `<NAME>_PORT`, `<NAME>_PORT_<port>_<PROTO>[_PROTO|_PORT|_ADDR]`; names upper-cased with `-`
/// as `_`. Which services: those of the pod's namespace when `enableServiceLinks` is not false,
/// and always the API server's `kubernetes` service of `default`.
public enum ServiceEnv {
    public static func services(for pod: JSON, inNamespace: [JSON], masterServices: [JSON]) -> [JSON] {
        let namespace = pod["metadata"]?["namespace"]?.string ?? "default"
        let links = pod["spec"]?["enableServiceLinks"]?.bool ?? true
        var chosen: [String: JSON] = [:]
        if links {
            for s in inNamespace where s["metadata"]?["namespace"]?.string ?? namespace == namespace {
                if let name = s["metadata"]?["name"]?.string { chosen[name] = s }
            }
        }
        for s in masterServices where s["metadata"]?["name"]?.string == "kubernetes" && chosen["kubernetes"] == nil {
            chosen["kubernetes"] = s
        }
        return chosen.keys.sorted().compactMap { chosen[$0] }
    }

    public static func variables(_ services: [JSON]) -> [RuntimeMessages.KeyValue] {
        var out: [RuntimeMessages.KeyValue] = []
        for service in services {
            guard let name = service["metadata"]?["name"]?.string,
                  let ip = service["spec"]?["clusterIP"]?.string, !ip.isEmpty, ip != "None" else { continue }
            let ports = service["spec"]?["ports"]?.array ?? []
            guard let first = ports.first?["port"]?.int else { continue }
            let prefix = envName(name)
            out.append(.init(name: prefix + "_SERVICE_HOST", value: ip))
            out.append(.init(name: prefix + "_SERVICE_PORT", value: String(first)))
            for p in ports {
                if let portName = p["name"]?.string, !portName.isEmpty, let port = p["port"]?.int {
                    out.append(.init(name: prefix + "_SERVICE_PORT_" + envName(portName), value: String(port)))
                }
            }
            let hostIP = ip.contains(":") ? "[\(ip)]" : ip
            for (k, p) in ports.enumerated() {
                guard let port = p["port"]?.int else { continue }
                let given = p["protocol"]?.string ?? ""
                let proto = given.isEmpty ? "TCP" : given
                let url = "\(proto.lowercased())://\(hostIP):\(port)"
                if k == 0 { out.append(.init(name: prefix + "_PORT", value: url)) }
                let portPrefix = "\(prefix)_PORT_\(port)_\(proto.uppercased())"
                out.append(.init(name: portPrefix, value: url))
                out.append(.init(name: portPrefix + "_PROTO", value: proto.lowercased()))
                out.append(.init(name: portPrefix + "_PORT", value: String(port)))
                out.append(.init(name: portPrefix + "_ADDR", value: ip))
            }
        }
        return out
    }

    static func envName(_ s: String) -> String { s.replacingOccurrences(of: "-", with: "_").uppercased() }
}
