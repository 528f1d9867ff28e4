import Bus
import Client
import Foundation
import Logging
import RuntimeAPI
import ServiceLifecycle
import Synchronization

/// `skiff cadvisor`: every interval, asks the runtime for its running containers, reads the
/// node's and their figures (``MachineReader``, on a thread of its own), turns them into rates
/// (``UsageTracker``) and sends them to the API server as `metrics.report` — straight to the
/// master, not through the kubelet. Serves `_metrics` (Prometheus text, cAdvisor's names) on
/// its RPC endpoint, and over HTTP at `/metrics` when given a port (``MetricsHTTPServer``).
///
/// Guarantees: one reading at a time, at most one per interval (a slow reading delays the next,
/// it never overlaps it); the runtime and the API server each get half an interval to answer;
/// an unreachable one is logged and counted, and the next interval tries again.
public final class CAdvisorService: Service, Sendable {
    public struct Configuration: Sendable {
        public var nodeName: String
        public var runtimeEndpoints = [NodeDefaults.runtimeRPC]
        public var apiEndpoints = [APIDefaults.rpcEndpoint]
        public var rpcEndpoints = [NodeDefaults.cadvisorRPC]
        public var interval: Duration = .seconds(10)
        public var reader = MachineReader()
        public init(nodeName: String) { self.nodeName = nodeName }
    }

    struct State {
        var tracker = UsageTracker()
        var latest: UsageTracker.Sample?
        var counters = CAdvisorMetrics.Counters()
    }

    public let server: RPC.Server
    let runtime: RPC.Client
    let api: RPC.Client
    let configuration: Configuration
    let logger: Logger
    let state = Mutex(State())
    /// Finishes after the first reading: the service then has figures to serve.
    let firstReading = AsyncStream.makeStream(of: Never.self)

    public static func start(configuration: Configuration, logger: Logger) async throws -> CAdvisorService {
        let runtime = try await RPC.Client(connect: configuration.runtimeEndpoints, logger: logger)
        let api = try await RPC.Client(connect: configuration.apiEndpoints, logger: logger)
        let text = Mutex<(@Sendable () -> String)?>(nil)
        let server: RPC.Server
        do {
            server = try await RPC.Server(bind: configuration.rpcEndpoints, methods: [
                PrometheusText.rpcMethod: { _ in Array((text.withLock { $0 }?() ?? "").utf8) },
            ], logger: logger)
        } catch {
            await runtime.close()
            await api.close()
            throw error
        }
        let service = CAdvisorService(server: server, runtime: runtime, api: api, configuration: configuration, logger: logger)
        text.withLock { $0 = { [weak service] in service?.prometheusText() ?? "" } }
        return service
    }

    private init(server: RPC.Server, runtime: RPC.Client, api: RPC.Client, configuration: Configuration, logger: Logger) {
        self.server = server
        self.runtime = runtime
        self.api = api
        self.configuration = configuration
        self.logger = logger
    }

    public var rpcEndpoint: String { server.endpoints[0] }

    /// The newest figures in the Prometheus text format.
    public func prometheusText() -> String {
        let (sample, counters) = state.withLock { ($0.latest, $0.counters) }
        return PrometheusText.render(CAdvisorMetrics.families(sample, counters: counters))
    }

    /// Returns once the first reading is done.
    public func waitUntilFirstReading() async {
        for await _ in firstReading.stream { return }
    }

    public func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask {
                await cancelWhenGracefulShutdown { await self.sampleEveryInterval() }
            }
            defer { group.cancelAll() }
            try await server.run()
        }
        await runtime.close()
        await api.close()
    }

    private func sampleEveryInterval() async {
        let clock = ContinuousClock()
        var next = clock.now
        while !Task.isCancelled {
            await sampleOnce()
            firstReading.continuation.finish()
            next += configuration.interval
            if next < clock.now { next = clock.now + configuration.interval }
            do { try await Task.sleep(until: next, clock: clock) } catch { return }
        }
    }

    /// One interval's work: list, read, compute, report.
    func sampleOnce() async {
        var containers: [RuntimeMessages.ContainerStatus] = []
        var runtimeFailed = false
        do {
            let request = try JSONEncoder().encode(RuntimeMessages.ListContainersRequest(state: .running))
            let reply = try await runtime.call(RuntimeMessages.Method.listContainers, Array(request),
                                               timeout: configuration.interval / 2, idempotent: true)
            containers = try JSONDecoder().decode(RuntimeMessages.ContainerList.self, from: Data(reply)).containers
                .filter { $0.state == .running }
        } catch {
            if Task.isCancelled { return }
            runtimeFailed = true
            logger.warning("cannot list the runtime's containers", metadata: ["error": "\(error)"])
        }
        let reader = configuration.reader, listed = containers
        let (node, readings) = await Self.offPool { (reader.readNode(), reader.read(listed)) }
        guard let node else {
            logger.error("cannot read the node's /proc/stat or /proc/meminfo")
            return
        }
        let now = SampleTime(unixNanoseconds: Int64(Date().timeIntervalSince1970 * 1e9),
                             monotonicNanoseconds: Self.monotonicNanoseconds())
        let sample = state.withLock { s in
            let sample = s.tracker.read(node: node, containers: readings, at: now)
            s.latest = sample
            s.counters.samples += 1
            if runtimeFailed { s.counters.runtimeErrors += 1 }
            return sample
        }
        guard let report = ReportBuilder.report(node: configuration.nodeName, sample: sample, interval: configuration.interval) else { return }
        do {
            let body = try JSONEncoder().encode(report)
            _ = try await api.call(MetricsReport.method, Array(body), timeout: configuration.interval / 2, idempotent: true)
            state.withLock { $0.counters.reportsSent += 1 }
            logger.debug("reported", metadata: ["node.name": "\(configuration.nodeName)", "pods": "\(report.pods.count)"])
        } catch {
            if Task.isCancelled { return }
            state.withLock { $0.counters.reportErrors += 1 }
            logger.warning("cannot report to the API server", metadata: ["error": "\(error)"])
        }
    }

    static func monotonicNanoseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// Runs blocking file reads on a thread of their own, off the cooperative pool.
    static func offPool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: body()) }.start()
        }
    }
}
