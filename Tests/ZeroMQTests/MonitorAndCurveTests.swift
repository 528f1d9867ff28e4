import SkiffTestSupport
import Testing
@testable import ZeroMQ

@Suite struct MonitorAndCurveTests {
    /// Waits (blocking this test's own thread, bounded) for a monitor event of `kind`.
    func awaitEvent(_ kind: MonitorEvent.Kind, on monitor: Socket) throws -> MonitorEvent? {
        var poller = Poller()
        for _ in 0..<200 {
            poller.removeAll()
            poller.add(.socket(monitor, readable: true, writable: false))
            _ = try poller.poll(timeout: 100)
            while let message = try monitor.receive() {
                let event = try MonitorEvent(message)
                if event.kind == kind { return event }
            }
        }
        return nil
    }

    @Test func monitorReportsConnectAndDisconnect() async throws {
        try await onOwnThread { try monitorScenario() }
    }

    func monitorScenario() throws {
        let router = try Socket(.router)
        try router.bind("tcp://127.0.0.1:*")
        let endpoint = try router.lastEndpoint
        let dealer = try Socket(.dealer)
        try dealer.setReconnect(interval: 50, maximum: 100)
        let monitor = try dealer.monitor(name: "monitor-test", events: [.connected, .disconnected])
        try dealer.connect(endpoint)
        let connected = try awaitEvent(.connected, on: monitor)
        #expect(connected?.endpoint == endpoint)
        router.close()
        let disconnected = try awaitEvent(.disconnected, on: monitor)
        #expect(disconnected?.endpoint == endpoint)
        dealer.stopMonitor()
    }

    @Test func malformedMonitorMessagesAreRejected() {
        #expect(throws: FrameError.self) { try MonitorEvent(Message([[1, 2, 3]])) }
    }

    @Test func z85KeysRoundTrip() throws {
        let keys = try Curve.generate()
        #expect(keys.publicKey.count == 32 && keys.secretKey.count == 32)
        let text = Curve.z85(keys.publicKey)
        #expect(text.count == 40)
        #expect(try Curve.decode(z85: text) == keys.publicKey)
        #expect(throws: FrameError.self) { try Curve.decode(z85: "abc") }
    }

    @Test(.enabled(if: Curve.isAvailable)) func curveEncryptsAndAuthenticates() async throws {
        try await onOwnThread { try curveScenario() }
    }

    func curveScenario() throws {
        let serverKeys = try Curve.generate()
        let server = try Socket(.router)
        try server.setCurveServer(secretKey: serverKeys.secretKey)
        try server.bind("tcp://127.0.0.1:*")
        let endpoint = try server.lastEndpoint

        let client = try Socket(.dealer)
        try client.setCurveClient(serverKey: serverKeys.publicKey, keys: try Curve.generate())
        try client.connect(endpoint)
        try client.send(Message(strings: ["secret"]), wait: true)
        let received = try #require(try server.receive(wait: true))
        #expect(received[1] == Array("secret".utf8))

        // A client that trusts the wrong server key fails the handshake: the server reports
        // it, and the message never arrives.
        let monitor = try server.monitor(name: "curve-server", events: .all)
        let impostor = try Socket(.dealer)
        try impostor.setCurveClient(serverKey: try Curve.generate().publicKey, keys: try Curve.generate())
        try impostor.connect(endpoint)
        try impostor.send(Message(strings: ["intrusion"]), wait: false)
        #expect(try awaitEvent(.handshakeFailed, on: monitor) != nil)
        #expect(try server.receive() == nil)
    }
}

extension MonitorAndCurveTests {
    /// Closing a monitor's PAIR before the socket it monitors used to leave libzmq's I/O thread
    /// blocked for ever on the next event (and with it every socket of the context).
    @Test func closingTheMonitorFirstDoesNotFreezeTheContext() async throws {
        try await onOwnThread {
            let router = try Socket(.router)
            try router.bind("tcp://127.0.0.1:*")
            let endpoint = try router.lastEndpoint
            let monitor = try router.monitor(name: "closed-first", events: .all)
            monitor.close()
            // Connections come and go: events the monitor would report.
            for _ in 0..<20 {
                let dealer = try Socket(.dealer)
                try dealer.connect(endpoint)
                try dealer.send(Message(strings: ["x"]), wait: true)
                _ = try router.receive(wait: true)
                dealer.close()
            }
            // The context still works: a fresh pair of sockets exchanges a message.
            let pull = try Socket(.pull)
            try pull.bind("tcp://127.0.0.1:*")
            let push = try Socket(.push)
            try push.connect(try pull.lastEndpoint)
            try push.send(Message(strings: ["alive"]), wait: true)
            var poller = Poller()
            poller.add(.socket(pull, readable: true, writable: false))
            #expect(try poller.poll(timeout: 10_000) == 1)
            #expect(try pull.receive() == Message(strings: ["alive"]))
        }
    }
}
