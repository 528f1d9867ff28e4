import Client
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
    }

    var nodeName: String { configuration.nodeName }

    /// Wall-clock nanoseconds since the epoch: the core's `now`.
    static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// A ConfigMap or Secret by name, nil when it does not exist.
    func object(_ resource: String, namespace: String, name: String) async throws -> JSON? {
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
