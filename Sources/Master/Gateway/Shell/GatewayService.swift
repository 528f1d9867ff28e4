import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Resources
import ServiceLifecycle

/// `skiff gateway`: the Kubernetes REST API over HTTP (Hummingbird 2), translated to the API
/// server's bus RPC and event stream. Holds no cluster state.
///
/// Starts listening at once, whether or not the API server is up (calls then get a 503 that
/// says so). Once listening it writes a kubeconfig pointing at itself and calls `onReady` with
/// its URL.
///
/// Layout: `Core/` is pure (``Router``, ``RequestPlan``, ``ResourceCall``, ``ResponseFormat``,
/// ``BodyDecoder``, ``YAMLToJSON``, ``WatchFanout``, ``StaticResponses``) and is where the
/// tests of behaviour live; `Shell/` carries it out (``GatewayResponder`` on Hummingbird,
/// ``APIBackend`` over RPC, ``WatchHub`` over the event stream, ``WatchSession`` per watch).
///
/// Choices worth knowing:
/// - Every response is `application/json` (a client asking for YAML or protobuf gets JSON), except
///   aggregated discovery, which must carry its exact media type, and `pods/log` (`text/plain`).
/// - A resource's event-stream subscriber, once opened by a watch, stays open: there are about
///   twenty resources, and later watches then start without waiting for a subscription.
/// - Live events are filtered by the current object only: an object modified out of a watch's
///   label selector is not turned into a DELETED event (the API server's `watch` catch-up does
///   its own filtering).
/// - Table watches get no BOOKMARK events (kubectl's `get -w` never asks for them).
/// - `pods/log` is one RPC reply: `follow=true` returns what exists, it does not stream.
public struct GatewayService: Service {
    public struct Configuration: Sendable {
        public var host = "127.0.0.1"
        public var port = 8001
        public var apiEndpoints: [String]
        public var eventEndpoints: [String]
        /// Where to write the kubeconfig; nil: do not write one.
        public var kubeconfigPath: String?
        /// metrics.k8s.io included: the API server serves it from what each node's cAdvisor reports.
        public var registry: ResourceRegistry = .builtIn(includingMetrics: true)
        public var skiffVersion = "0"
        public var bookmarkInterval: Duration = .seconds(60)

        public init(apiEndpoints: [String], eventEndpoints: [String]) {
            self.apiEndpoints = apiEndpoints
            self.eventEndpoints = eventEndpoints
        }
    }

    let configuration: Configuration
    let logger: Logger
    let onReady: @Sendable (_ url: String) -> Void

    public init(configuration: Configuration, logger: Logger, onReady: @escaping @Sendable (_ url: String) -> Void) {
        self.configuration = configuration
        self.logger = logger
        self.onReady = onReady
    }

    /// Kubernetes' API server accepts a request line plus headers of up to 1 MiB (Go's
    /// `MaxHeaderBytes = 1 << 20`), so a long label selector in the URL still reaches the
    /// selector parser and gets a Status; NIO's default (80 KiB) would answer an empty 400.
    static let http1 = HTTP1Channel.Configuration(
        httpDecoderConfiguration: .init(maxHeaderFieldSize: 1 << 20, maxHeaderListSize: 1 << 20))

    public func run() async throws {
        let c = configuration
        let backend = try await APIBackend(endpoints: c.apiEndpoints, logger: logger)
        let hub = WatchHub(eventEndpoints: c.eventEndpoints, logger: logger)
        var settings = GatewayResponder.WatchSettings()
        settings.bookmarkInterval = c.bookmarkInterval
        let responder = GatewayResponder(
            router: Router(registry: c.registry),
            statics: StaticResponses(registry: c.registry, skiffVersion: c.skiffVersion, serverAddress: "\(c.host):\(c.port)"),
            backend: backend, hub: hub, watchSettings: settings, logger: logger)
        let logger = self.logger
        let onReady = self.onReady
        let app = Application(
            responder: responder,
            server: .http1(configuration: Self.http1),
            configuration: ApplicationConfiguration(address: .hostname(c.host, port: c.port), serverName: nil),
            services: [backend, hub],
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? c.port
                let url = Kubeconfig.serverURL(host: c.host, port: port)
                if let path = c.kubeconfigPath {
                    do {
                        try KubeconfigFile.write(Kubeconfig.render(server: url), to: path)
                    } catch {
                        logger.error("cannot write the kubeconfig", metadata: ["path": "\(path)", "error": "\(error)"])
                    }
                }
                onReady(url)
            },
            logger: logger)
        try await withGracefulShutdownHandler {
            try await app.run()
        } onGracefulShutdown: {
            hub.endAll()
        }
    }
}
