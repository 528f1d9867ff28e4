import CZeroMQ
import SkiffTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import ZeroMQ

@Suite struct SocketTests {
    @Test func multiFrameMessagesArriveWholeAndExact() async throws {
        try await onOwnThread {
            let server = try Socket(.pair)
            try server.bind("inproc://frames")
            let client = try Socket(.pair)
            try client.connect("inproc://frames")
            let big = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            let sent = Message([[], Array("topic".utf8), [0, 255, 0], big, []])
            #expect(try client.send(sent, wait: true))
            let received = try server.receive(wait: true)
            #expect(received == sent)
            #expect(received?.byteCount == big.count + 8)
        }
    }

    @Test func wouldBlockIsNotAnError() async throws {
        try await onOwnThread {
            let pull = try Socket(.pull)
            try pull.bind("inproc://empty")
            #expect(try pull.receive() == nil)
            // A DEALER with no peer is mute: a non-blocking send is refused, not thrown.
            let dealer = try Socket(.dealer)
            #expect(try dealer.send(Message(strings: ["x"])) == false)
        }
    }

    @Test func closeRunsOnceAndLaterUseThrows() async throws {
        try await onOwnThread {
            let socket = try Socket(.dealer)
            socket.close()
            socket.close()
            #expect(socket.isClosed)
            #expect(throws: ZMQError.self) { try socket.bind("inproc://closed") }
            #expect(throws: ZMQError.self) { try socket.send(Message(strings: ["x"])) }
        }
    }

    @Test func bindErrorsNameTheEndpoint() async throws {
        try await onOwnThread {
            let socket = try Socket(.router)
            let error = #expect(throws: ZMQError.self) { try socket.bind("tcp://not-an-address:port") }
            #expect(error?.description.contains("tcp://not-an-address:port") == true)
            let taken = try Socket(.router)
            try taken.bind("tcp://127.0.0.1:*")
            let endpoint = try taken.lastEndpoint
            #expect(endpoint.hasPrefix("tcp://127.0.0.1:"))
            #expect(endpoint != "tcp://127.0.0.1:*")
            let clash = #expect(throws: ZMQError.self) { try socket.bind(endpoint) }
            #expect(clash?.code == EADDRINUSE)
        }
    }

    @Test func optionsAreSetAndReadBack() async throws {
        try await onOwnThread {
            let socket = try Socket(.sub)
            try socket.setReceiveHighWaterMark(7)
            try socket.setSendHighWaterMark(9)
            try socket.setLinger(25)
            try socket.setReconnect(interval: 50, maximum: 500)
            try socket.setHeartbeat(interval: 100, timeout: 300, ttl: 300)
            try socket.setMaxMessageSize(1 << 20)
            try socket.subscribe("pods/")
            try socket.unsubscribe("pods/")
            #expect(try socket.option(ZMQ_RCVHWM) == 7)
            #expect(try socket.option(ZMQ_SNDHWM) == 9)
            #expect(try socket.option(ZMQ_LINGER) == 25)
            #expect(try socket.option(ZMQ_RECONNECT_IVL) == 50)
            #expect(try socket.option(ZMQ_HEARTBEAT_IVL) == 100)
        }
    }

    @Test func routingIDsReachTheRouter() async throws {
        try await onOwnThread {
            let router = try Socket(.router)
            try router.bind("inproc://routing")
            let dealer = try Socket(.dealer)
            try dealer.setRoutingID(Array("node-1".utf8))
            try dealer.connect("inproc://routing")
            try dealer.send(Message(strings: ["hello"]), wait: true)
            let message = try #require(try router.receive(wait: true))
            #expect(message == Message(strings: ["node-1", "hello"]))
        }
    }

    @Test func pollerReportsReadableSocketsAndDescriptors() async throws {
        try await onOwnThread {
            let pull = try Socket(.pull)
            try pull.bind("inproc://poll")
            let push = try Socket(.push)
            try push.connect("inproc://poll")
            var poller = Poller()
            poller.add(.socket(pull, readable: true, writable: false))
            #expect(try poller.poll(timeout: 0) == 0)
            try push.send(Message(strings: ["ping"]), wait: true)
            poller.removeAll()
            poller.add(.socket(pull, readable: true, writable: false))
            #expect(try poller.poll(timeout: 1000) == 1)
            #expect(poller.isReadable(0))
        }
    }
}
