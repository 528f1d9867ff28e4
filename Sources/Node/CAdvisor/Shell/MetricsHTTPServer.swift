import Bus
import Hummingbird
import Logging
import ServiceLifecycle

/// `GET /metrics` over HTTP (Hummingbird): the Prometheus text of whatever `text` returns, for
/// scrapers that do not speak the bus. Everything else is a 404.
public struct MetricsHTTPServer: Service {
    let host: String
    let port: Int
    let text: @Sendable () -> String
    let logger: Logger
    let onReady: @Sendable (_ url: String) -> Void

    /// `port` 0 picks a free port; `onReady` gets the URL of `/metrics` once listening.
    public init(host: String = "127.0.0.1", port: Int, logger: Logger, text: @escaping @Sendable () -> String,
                onReady: @escaping @Sendable (_ url: String) -> Void) {
        self.host = host
        self.port = port
        self.text = text
        self.logger = logger
        self.onReady = onReady
    }

    public func run() async throws {
        let router = Router()
        let text = self.text
        router.get("/metrics") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: PrometheusText.contentType],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: text())))
        }
        let (host, port, onReady) = (self.host, self.port, self.onReady)
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                let shown = host.contains(":") ? "[\(host)]" : host
                onReady("http://\(shown):\(bound)/metrics")
            },
            logger: logger)
        try await app.run()
    }
}
