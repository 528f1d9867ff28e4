import Kubelet
import Resources
import RuntimeAPI
import Testing

/// The pure parts of a pod's network set-up: its resolv.conf per dnsPolicy, its Service variables.
struct PodNetworkConfigTests {
    static let node = RuntimeMessages.DNSConfig(servers: ["192.0.2.53"], searches: ["corp.example"], options: ["edns0"])

    func dns(_ spec: JSON, namespace: String = "team") -> RuntimeMessages.DNSConfig? {
        PodDNS.config(pod: ["metadata": ["name": "p", "namespace": .string(namespace)], "spec": spec],
                      clusterDNS: ["10.96.0.10"], clusterDomain: "cluster.local", node: { Self.node })
    }

    @Test func clusterFirstGivesTheClusterServerSearchPathAndNdots() {
        let c = dns([:])
        #expect(c == .init(servers: ["10.96.0.10"], searches: ["team.svc.cluster.local", "svc.cluster.local", "cluster.local"],
                           options: ["ndots:5"]))
        #expect(c?.resolvConf == "search team.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n")
    }

    @Test func hostNetworkPodsKeepTheNodesFileUnlessClusterFirstWithHostNet() {
        #expect(dns(["hostNetwork": true]) == nil)
        #expect(dns(["hostNetwork": true, "dnsPolicy": "ClusterFirstWithHostNet"])?.servers == ["10.96.0.10"])
        #expect(dns(["dnsPolicy": "Default"]) == nil)
    }

    @Test func dnsConfigIsMergedAndNoneTakesOnlyIt() {
        let extra: JSON = ["nameservers": ["10.0.0.9", "10.96.0.10"], "searches": ["extra.local"],
                           "options": [["name": "ndots", "value": "2"], ["name": "single-request"]]]
        let merged = dns(["dnsConfig": extra])
        #expect(merged?.servers == ["10.96.0.10", "10.0.0.9"])
        #expect(merged?.searches.last == "extra.local")
        #expect(merged?.options == ["ndots:2", "single-request"])
        let none = dns(["dnsPolicy": "None", "dnsConfig": extra])
        #expect(none == .init(servers: ["10.0.0.9", "10.96.0.10"], searches: ["extra.local"], options: ["ndots:2", "single-request"]))
        let defaultWithExtra = dns(["dnsPolicy": "Default", "dnsConfig": ["searches": ["x.local"]]])
        #expect(defaultWithExtra == .init(servers: ["192.0.2.53"], searches: ["corp.example", "x.local"], options: ["edns0"]))
        #expect(PodDNS.parse(resolvConf: "# c\nnameserver 1.1.1.1\nsearch a b\noptions ndots:1 rotate\nnameserver 8.8.8.8\n")
                == .init(servers: ["1.1.1.1", "8.8.8.8"], searches: ["a", "b"], options: ["ndots:1", "rotate"]))
    }

    static func service(_ name: String, namespace: String = "team", ip: String, ports: [JSON]) -> JSON {
        ["metadata": ["name": .string(name), "namespace": .string(namespace)], "spec": ["clusterIP": .string(ip), "ports": .array(ports)]]
    }

    @Test func serviceVariablesAreKubernetesAndDockerLinkNames() {
        let redis = Self.service("redis-primary", ip: "10.96.0.11", ports: [["port": 6379], ["name": "sentinel-x", "port": 26379, "protocol": "UDP"]])
        let env = ServiceEnv.variables([redis]).map { "\($0.name)=\($0.value)" }
        #expect(env == [
            "REDIS_PRIMARY_SERVICE_HOST=10.96.0.11", "REDIS_PRIMARY_SERVICE_PORT=6379", "REDIS_PRIMARY_SERVICE_PORT_SENTINEL_X=26379",
            "REDIS_PRIMARY_PORT=tcp://10.96.0.11:6379",
            "REDIS_PRIMARY_PORT_6379_TCP=tcp://10.96.0.11:6379", "REDIS_PRIMARY_PORT_6379_TCP_PROTO=tcp",
            "REDIS_PRIMARY_PORT_6379_TCP_PORT=6379", "REDIS_PRIMARY_PORT_6379_TCP_ADDR=10.96.0.11",
            "REDIS_PRIMARY_PORT_26379_UDP=udp://10.96.0.11:26379", "REDIS_PRIMARY_PORT_26379_UDP_PROTO=udp",
            "REDIS_PRIMARY_PORT_26379_UDP_PORT=26379", "REDIS_PRIMARY_PORT_26379_UDP_ADDR=10.96.0.11",
        ])
        // Headless services and services without ports give nothing.
        #expect(ServiceEnv.variables([Self.service("headless", ip: "None", ports: [["port": 80]]), Self.service("bare", ip: "10.96.0.12", ports: [])]).isEmpty)
    }

    @Test func serviceLinksFollowEnableServiceLinksAndAlwaysIncludeTheAPIServer() {
        let mine = Self.service("web", ip: "10.96.0.20", ports: [["port": 80]])
        let master = Self.service("kubernetes", namespace: "default", ip: "10.96.0.1", ports: [["name": "https", "port": 443]])
        let pod: JSON = ["metadata": ["name": "p", "namespace": "team"], "spec": [:]]
        #expect(ServiceEnv.services(for: pod, inNamespace: [mine], masterServices: [master]).compactMap { $0["metadata"]?["name"]?.string }
                == ["kubernetes", "web"])
        let noLinks: JSON = ["metadata": ["name": "p", "namespace": "team"], "spec": ["enableServiceLinks": false]]
        #expect(ServiceEnv.services(for: noLinks, inNamespace: [mine], masterServices: [master]).compactMap { $0["metadata"]?["name"]?.string }
                == ["kubernetes"])
    }

    @Test func containerEnvOverridesAndExpandsServiceVariables() throws {
        var resolver = EnvResolver(pod: ["metadata": ["name": "p", "namespace": "team"]], podIP: "10.244.1.5", hostIP: "127.0.0.1")
        resolver.serviceEnv = [.init(name: "WEB_SERVICE_HOST", value: "10.96.0.20"), .init(name: "WEB_SERVICE_PORT", value: "80")]
        let env = try resolver.resolve(["env": [["name": "URL", "value": "http://$(WEB_SERVICE_HOST):$(WEB_SERVICE_PORT)/"],
                                                ["name": "WEB_SERVICE_PORT", "value": "8080"]]])
        let values = Dictionary(env.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        #expect(values["URL"] == "http://10.96.0.20:80/")
        #expect(values["WEB_SERVICE_PORT"] == "8080")
    }
}
