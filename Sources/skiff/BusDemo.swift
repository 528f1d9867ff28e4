import ArgumentParser
import Bus
import Foundation
import Logging
import ServiceLifecycle

/// `skiff bus-demo`: a small service that exercises both bus patterns, for the second-language
/// client in `proto-docs/examples/` and for fault tests (`proto-docs/examples/README.md`).
struct BusDemo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bus-demo",
        abstract: "Serve the bus demo: echo/sleep/counter RPC methods and the counter/ event stream."
    )

    @Option(help: "RPC endpoint to bind (a * port picks a free one).")
    var rpc = "tcp://127.0.0.1:7101"

    @Option(help: "Event stream endpoint to bind.")
    var events = "tcp://127.0.0.1:7102"

    @Option(help: "Heartbeat interval of the event streams, in milliseconds.")
    var heartbeatMs = 1000

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.bootstrap(label: "skiff.bus-demo")
        var publisherConfiguration = EventStream.Publisher.Configuration()
        publisherConfiguration.heartbeatInterval = .milliseconds(heartbeatMs)
        publisherConfiguration.streams = ["counter/"]
        let publisher = try await EventStream.Publisher(bind: [events], configuration: publisherConfiguration, logger: logger)
        let counter = DemoCounter(publisher: publisher)
        let methods: [String: RPC.Handler] = [
            "echo": { $0.body },
            "sleep": { request in
                guard let text = String(bytes: request.body, encoding: .utf8), let millis = Int(text), millis >= 0 else {
                    throw BusError.invalid("sleep takes a decimal number of milliseconds")
                }
                try await Task.sleep(for: .milliseconds(millis))
                return Array("slept".utf8)
            },
            "counter.get": { _ in await counter.state() },
            "counter.add": { request in
                guard let text = String(bytes: request.body, encoding: .utf8), let n = Int64(text) else {
                    throw BusError.invalid("counter.add takes a decimal integer")
                }
                return await counter.add(n, times: 1)
            },
            "counter.flood": { request in
                guard let text = String(bytes: request.body, encoding: .utf8), let n = Int(text), (0...10_000_000).contains(n) else {
                    throw BusError.invalid("counter.flood takes a count from 0 to 10000000")
                }
                return await counter.add(1, times: n)
            },
        ]
        let server = try await RPC.Server(bind: [rpc], methods: methods, logger: logger)
        // The one line tests and scripts read to find the endpoints.
        let ready = ReadyLine(text: "skiff bus-demo ready rpc=\(server.endpoints[0]) events=\(publisher.endpoints[0])")
        let group = ServiceGroup(services: [publisher, server, ready], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }
}

/// The demo's state: a counter whose every change is an event on `counter/value`.
actor DemoCounter {
    let publisher: EventStream.Publisher
    var value: Int64 = 0
    var revision: UInt64 = 0

    init(publisher: EventStream.Publisher) { self.publisher = publisher }

    func state() -> [UInt8] { Array(#"{"revision":\#(revision),"value":\#(value)}"#.utf8) }

    /// Adds `n`, `times` times, publishing one event per addition, in revision order.
    func add(_ n: Int64, times: Int) -> [UInt8] {
        for _ in 0..<times {
            value &+= n
            revision += 1
            publisher.publish(topic: "counter/value", revision: revision, body: Array(#"{"value":\#(value)}"#.utf8))
        }
        return state()
    }
}
