import Synchronization
import SkiffTestSupport
import Testing
@testable import Bus
@testable import ZeroMQ

/// RPC over real sockets on loopback, client and server in this process.
@Suite struct RPCTests {
    static let methods: [String: RPC.Handler] = [
        "echo": { $0.body },
        "fail": { _ in throw BusError.conflict("the object has been modified") },
        "crash": { _ in throw CancellationError() },
        "sleep": { request in
            try await Task.sleep(for: .milliseconds(Int(String(decoding: request.body, as: UTF8.self))!))
            return Array("slept".utf8)
        },
    ]

    func withServer(_ configuration: RPC.Server.Configuration = .init(),
                    _ body: (RPC.Server, RPC.Client) async throws -> Void) async throws {
        let server = try await RPC.Server(bind: ["tcp://127.0.0.1:*"], methods: Self.methods, configuration: configuration)
        let client = try await RPC.Client(connect: server.endpoints)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await server.run() }
            defer { group.cancelAll() }
            try await body(server, client)
        }
        await client.close()
    }

    @Test func callsReturnTheHandlersResult() async throws {
        try await withServer { _, client async throws in
            #expect(try await client.call("echo", Array("hi".utf8)) == Array("hi".utf8))
            #expect(try await client.call("echo", []) == [])
            #expect(try await client.call(RPC.pingMethod, idempotent: true) == [])
        }
    }

    @Test func errorsTravelWithTheirReasonAndCode() async throws {
        try await withServer { _, client async throws in
            let conflict = await #expect(throws: BusError.self) { try await client.call("fail") }
            #expect(conflict == BusError.conflict("the object has been modified"))
            let missing = await #expect(throws: BusError.self) { try await client.call("nope") }
            #expect(missing?.reason == .notFound && missing?.code == 404)
            #expect(missing?.message == #"method "nope" not found"#)
            let crash = await #expect(throws: BusError.self) { try await client.call("crash") }
            #expect(crash?.reason == .internal && crash?.code == 500)
        }
    }

    @Test func manyCallsInFlightOnOneSocketEachGetTheirOwnReply() async throws {
        try await withServer { _, client async throws in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<500 {
                    group.addTask { () async throws in
                        let body = Array("call-\(index)".utf8)
                        #expect(try await client.call("echo", body) == body)
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test func aSlowHandlerDoesNotHoldUpOthers() async throws {
        try await withServer { _, client async throws in
            async let slow = client.call("sleep", Array("2000".utf8), timeout: .seconds(30))
            // While the slow call runs, fast ones complete.
            for _ in 0..<20 { _ = try await client.call("echo", [1]) }
            #expect(try await slow == Array("slept".utf8))
        }
    }

    @Test func aCallWithNoReplyInTimeFailsWithTimeout() async throws {
        try await withServer { _, client async throws in
            let clock = ContinuousClock()
            let start = clock.now
            let error = await #expect(throws: BusError.self) {
                try await client.call("sleep", Array("5000".utf8), timeout: .milliseconds(200))
            }
            #expect(error?.reason == .timeout && error?.code == 504)
            #expect(clock.now - start < .seconds(4))
        }
    }

    @Test func aCallToNoServerFailsUnavailableAndIsNeverSentLater() async throws {
        // Nothing listens on this port (bound and closed at once).
        let probe = try Socket(.router)
        try probe.bind("tcp://127.0.0.1:*")
        let endpoint = try probe.lastEndpoint
        probe.close()
        let client = try await RPC.Client(connect: [endpoint])
        let error = await #expect(throws: BusError.self) { try await client.call("echo", timeout: .milliseconds(300), idempotent: false) }
        #expect(error?.reason == .unavailable && error?.code == 503)
        #expect(error?.message.contains("was not sent") == true)
        // A server that appears afterwards never sees the abandoned call.
        let seen = Counter()
        let server = try await RPC.Server(bind: [endpoint], methods: ["echo": { request in
            seen.increment()
            return request.body
        }])
        let serving = Task { try await server.run() }
        #expect(try await client.call("echo", [7], timeout: .seconds(10)) == [7])
        #expect(seen.value == 1)
        serving.cancel()
        await server.close()
        await client.close()
    }

    @Test func oversizeBodiesGetRequestEntityTooLarge() async throws {
        var configuration = RPC.Server.Configuration()
        configuration.maxBodyBytes = 1 << 20
        try await withServer(configuration) { _, client async throws in
            let error = await #expect(throws: BusError.self) {
                try await client.call("echo", [UInt8](repeating: 7, count: (1 << 20) + 1))
            }
            #expect(error?.reason == .requestEntityTooLarge && error?.code == 413)
            #expect(try await client.call("echo", [1, 2]) == [1, 2])
        }
    }

    /// Holds handlers until the test opens it, counting those that arrived.
    actor Gate {
        var arrived = 0
        var waiting: [CheckedContinuation<Void, Never>] = []
        var open = false
        func pass() async {
            arrived += 1
            if open { return }
            await withCheckedContinuation { waiting.append($0) }
        }
        func release() {
            open = true
            for waiter in waiting { waiter.resume() }
            waiting.removeAll()
        }
    }

    @Test func aFrameOverTheHardLimitDropsOnlyThatConnection() async throws {
        var configuration = RPC.Server.Configuration()
        configuration.maxBodyBytes = 1 << 20
        configuration.maxMessageBytes = 2 << 20
        try await withServer(configuration) { server, client async throws in
            let offender = try await RPC.Client(connect: server.endpoints)
            let error = await #expect(throws: BusError.self) {
                try await offender.call("echo", [UInt8](repeating: 1, count: 3 << 20), timeout: .seconds(30))
            }
            // libzmq cut the connection: the call was in flight, so it is Unavailable.
            #expect(error?.reason == .unavailable, "\(String(describing: error))")
            await offender.close()
            let reply = try await client.call("echo", [9])
            #expect(reply == [9])
        }
    }

    @Test func overTheConcurrencyLimitCallsGetTooManyRequests() async throws {
        let gate = Gate()
        var configuration = RPC.Server.Configuration()
        configuration.maxConcurrentCalls = 2
        let server = try await RPC.Server(bind: ["tcp://127.0.0.1:*"], methods: [
            "hold": { _ in await gate.pass(); return [] },
            "echo": { $0.body },
        ], configuration: configuration)
        let client = try await RPC.Client(connect: server.endpoints)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await server.run() }
            defer { group.cancelAll() }
            async let first = client.call("hold", timeout: .seconds(60))
            async let second = client.call("hold", timeout: .seconds(60))
            // Both holders occupy the server before the probe.
            while await gate.arrived < 2 { try await Task.sleep(for: .milliseconds(5)) }
            let refused = await #expect(throws: BusError.self) { try await client.call("echo", [1]) }
            #expect(refused?.reason == .tooManyRequests && refused?.code == 429)
            await gate.release()
            _ = try await (first, second)
            let after = try await client.call("echo", [2])
            #expect(after == [2])
        }
        await client.close()
    }

    @Test func garbageFramesGetErrorRepliesAndTheServerKeepsServing() async throws {
        try await withServer { server, client async throws in
            let endpoint = server.endpoints[0]
            let replies = try await onOwnThread { () throws -> [RPC.ReplyHeader] in
                let raw = try Socket(.dealer)
                defer { raw.close() }
                try raw.connect(endpoint)
                let valid = RPC.RequestHeader(id: 77, timeoutMilliseconds: 1000, idempotent: false, method: "echo").encode()
                let garbage: [[Frame]] = [
                    [Array("garbage".utf8)],  // one frame
                    [valid, [1], [2]],  // three frames
                    [[0xff, 0x00], []],  // short, wrong version
                    [[7] + valid.dropFirst(), []],  // wrong version
                    [Array(valid.prefix(12)), []],  // truncated after the id
                    [RPC.RequestHeader(id: 78, timeoutMilliseconds: 0, idempotent: false, method: "nope").encode(), []],
                ]
                var headers: [RPC.ReplyHeader] = []
                for frames in garbage {
                    guard try raw.send(frames: frames, wait: true), let reply = try raw.receive(wait: true),
                          reply.count == 2 else { break }
                    headers.append(try RPC.ReplyHeader.decode(reply[0]))
                }
                return headers
            }
            #expect(replies.map(\.id) == [0, 0, 0, 0, 77, 78])
            #expect(replies.map(\.reason) == ["BadRequest", "BadRequest", "BadRequest", "BadRequest", "BadRequest", "NotFound"])
            #expect(try await client.call("echo", [42]) == [42])
        }
    }
}

/// A thread-safe counter for handlers.
final class Counter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
