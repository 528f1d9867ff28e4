import Client
import Foundation
import RuntimeAPI
import Synchronization
#if canImport(Glibc)
import Glibc
#endif
import Logging
import Resources

/// What every part of a running kubelet shares: its clients, its cache of pods, its files.
/// Immutable after start; thread-safe.
final class KubeletContext: Sendable {
    let configuration: KubeletConfiguration
    let api: APIClient
    let runtime: RuntimeClient
    let pods: Informer
    let recorder: EventRecorder
    let files: PodFiles
    let prober: Prober
    let machine: MachineInfo
    let logger: Logger
    /// Every Service (for the containers' Service variables).
    let services: Informer
    /// The Node's `spec.podCIDR` once seen (it does not change), and when it was last looked for.
    private let nodePodCIDR = Mutex<(cidr: String?, lookedAt: ContinuousClock.Instant?)>((nil, nil))

    init(configuration: KubeletConfiguration, api: APIClient, runtime: RuntimeClient, pods: Informer, machine: MachineInfo,
         logger: Logger) {
        self.configuration = configuration
        self.api = api
        self.runtime = runtime
        self.pods = pods
        self.machine = machine
        self.logger = logger
        recorder = EventRecorder(api: api, nodeName: configuration.nodeName, logger: logger)
        files = PodFiles(root: configuration.root)
        prober = Prober(runtime: runtime)
        services = Informer(client: api, events: configuration.apiEventEndpoints, source: .init(resource: "services"), logger: logger)
    }

    /// This node's pod range: the Node's `spec.podCIDR` (read until the controller manager has
    /// set it), else `--pod-cidr`; nil when neither is known yet.
    /// The Node is read at most once a second for it (a burst of new pods costs one read).
    func podCIDR() async -> String? {
        let now = ContinuousClock.now
        let (known, look) = nodePodCIDR.withLock { state -> (String?, Bool) in
            if let cidr = state.cidr { return (cidr, false) }
            if let last = state.lookedAt, now - last < .seconds(1) { return (nil, false) }
            state.lookedAt = now
            return (nil, true)
        }
        if let known { return known }
        if look, case .success(let reply) = await api.result(APIRequest(.get, resource: "nodes", name: configuration.nodeName)),
           let cidr = (try? reply.object())?["spec"]?["podCIDR"]?.string, !cidr.isEmpty {
            nodePodCIDR.withLock { $0.cidr = cidr }
            return cidr
        }
        return configuration.podCIDR
    }

    /// The pod network the runtime is asked for (nil: none known, the pod uses the node's).
    func podNetwork() async -> RuntimeMessages.PodNetwork? {
        guard let cidr = await podCIDR() else { return nil }
        return .init(podCIDR: cidr, routes: [configuration.clusterCIDR, configuration.serviceCIDR])
    }

    /// The Services a container of `pod` gets variables for: from the informer once it has
    /// synced, else listed.
    func serviceEnv(_ pod: PodModel) async -> [RuntimeMessages.KeyValue] {
        var inNamespace: [JSON], master: [JSON]
        if services.hasSynced {
            inNamespace = services.list(namespace: pod.namespace)
            master = services.get(.init(namespace: "default", name: "kubernetes")).map { [$0] } ?? []
        } else {
            func list(_ namespace: String) async -> [JSON] {
                guard case .success(let reply) = await api.result(APIRequest(.list, resource: "services", namespace: namespace)) else { return [] }
                return (try? reply.object())?["items"]?.array ?? []
            }
            inNamespace = await list(pod.namespace)
            master = pod.namespace == "default" ? inNamespace : await list("default")
        }
        return ServiceEnv.variables(ServiceEnv.services(for: pod.object, inNamespace: inNamespace, masterServices: master))
    }

    /// The node's resolv.conf, for `Default` pods with a `dnsConfig`.
    static func nodeDNS() -> RuntimeMessages.DNSConfig {
        PodDNS.parse(resolvConf: (try? String(contentsOfFile: "/etc/resolv.conf", encoding: .utf8)) ?? "")
    }

    var nodeName: String { configuration.nodeName }

    /// Wall-clock nanoseconds since the epoch: the core's `now`.
    static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// An object by name (a ConfigMap, Secret, claim or volume; `namespace` nil for cluster-scoped
    /// ones), nil when it does not exist; any other failure throws.
    func object(_ resource: String, namespace: String?, name: String) async throws -> JSON? {
        switch await api.result(APIRequest(.get, resource: resource, namespace: namespace, name: name)) {
        case .success(let reply): return try reply.object()
        case .failure(let e) where e.code == 404: return nil
        case .failure(let e): throw e
        }
    }
}

extension APIClient {
    /// One call, its failure as a value (a `catch where` on typed throws crashes Swift 6.3's SILGen).
    func result(_ request: APIRequest) async -> Result<APIReply, StatusError> {
        do { return .success(try await call(request)) } catch { return .failure(error) }
    }
}
