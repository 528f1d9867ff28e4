import Bus
import CZeroMQ
import Foundation
import Logging
import Synchronization
import ZeroMQ
#if canImport(Glibc)
import Glibc
#endif

/// The RPC round-trip workload: `callers` calls kept in flight (closed loop) against an echo
/// server, timed per call, over `warmup` then `duration` seconds.
struct RPCWorkload: Sendable {
    var endpoint: String
    var callers: Int
    var bodyBytes: Int
    var warmup: Double
    var duration: Double
}

struct RPCFigures: Sendable {
    var latency: LatencySummary
    var calls: Int
    var errors: Int
    var seconds: Double

    /// A side that was not run.
    static let none = RPCFigures(latency: LatencySummary([]), calls: 0, errors: 0, seconds: 0)

    var callsPerSecond: Double { seconds > 0 ? Double(calls) / seconds : 0 }

    var json: BenchJSON {
        .object([
            ("p50_us", .number(latency.p50 / 1000, digits: 1)),
            ("p99_us", .number(latency.p99 / 1000, digits: 1)),
            ("max_us", .number(latency.max / 1000, digits: 1)),
            ("calls_per_s", .int(Int(callsPerSecond.rounded()))),
            ("calls", .int(calls)),
            ("errors", .int(errors)),
        ])
    }
}

// MARK: Raw DEALER/ROUTER

/// The baseline: a ROUTER echo thread and one DEALER thread, libzmq C calls only.
///
/// The server polls its ROUTER (`zmq_poll`, 50 ms timeout to notice the stop flag), then
/// drains every queued message, forwarding each frame back with `zmq_msg_send` (zero-copy).
/// The client keeps `callers` requests in flight on its one DEALER: each request is
/// `[8-byte slot id][body]`; a reply is matched to its slot by that id, timed, and the slot's
/// next request is sent at once — the same closed loop that `callers` tasks make on one
/// `RPC.Client` (one DEALER, replies matched by request id).
enum RawRPC {
    static func run(_ work: RPCWorkload) async -> RPCFigures {
        let context = RawContext()
        defer { context.terminate() }
        let bound = Rendezvous<String>()
        let stop = Progress()
        async let serverDone: Void = onThread("raw-router") { serve(context, endpoint: work.endpoint, bound: bound, stop: stop) }
        let endpoint = await bound.take()
        let figures = await onThread("raw-dealer") { call(context, endpoint: endpoint, work: work) }
        stop.stop.store(true, ordering: .releasing)
        await serverDone
        return figures
    }

    private static func serve(_ context: RawContext, endpoint: String, bound: Rendezvous<String>, stop: Progress) {
        let router = zmq_socket(context.handle, ZMQ_ROUTER)!
        RawZMQ.setInt(router, ZMQ_LINGER, 0)
        RawZMQ.setInt(router, ZMQ_SNDHWM, 100_000)
        RawZMQ.setInt(router, ZMQ_RCVHWM, 100_000)
        RawZMQ.check(zmq_bind(router, endpoint), "bind \(endpoint)")
        bound.put(RawZMQ.lastEndpoint(router))
        var item = zmq_pollitem_t(socket: router, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0)
        var part = zmq_msg_t()
        zmq_msg_init(&part)
        while !stop.stop.load(ordering: .acquiring) {
            guard zmq_poll(&item, 1, 50) > 0 else { continue }
            drain: while true {
                var first = true
                while true {  // one whole message, frame by frame
                    if zmq_msg_recv(&part, router, first ? ZMQ_DONTWAIT : 0) < 0 {
                        if zmq_errno() == EINTR { continue }
                        break drain  // EAGAIN on a first frame: nothing queued
                    }
                    let more = zmq_msg_more(&part) != 0
                    if zmq_msg_send(&part, router, more ? ZMQ_SNDMORE : 0) < 0 { zmq_msg_close(&part); zmq_msg_init(&part) }
                    first = false
                    if !more { break }
                }
            }
        }
        zmq_msg_close(&part)
        zmq_close(router)
    }

    private static func call(_ context: RawContext, endpoint: String, work: RPCWorkload) -> RPCFigures {
        let dealer = zmq_socket(context.handle, ZMQ_DEALER)!
        RawZMQ.setInt(dealer, ZMQ_LINGER, 0)
        RawZMQ.setInt(dealer, ZMQ_SNDHWM, 100_000)
        RawZMQ.setInt(dealer, ZMQ_RCVHWM, 100_000)
        RawZMQ.setInt(dealer, ZMQ_RCVTIMEO, 5000)
        RawZMQ.check(zmq_connect(dealer, endpoint), "connect \(endpoint)")
        defer { zmq_close(dealer) }
        let body = [UInt8](repeating: 0x61, count: work.bodyBytes)
        var sentAt = [UInt64](repeating: 0, count: work.callers)
        func send(_ slot: Int) {
            var id = UInt64(slot)
            sentAt[slot] = BenchClock.now()
            _ = zmq_send(dealer, &id, 8, ZMQ_SNDMORE)
            _ = body.withUnsafeBytes { zmq_send(dealer, $0.baseAddress, $0.count, 0) }
        }
        var part = zmq_msg_t()
        zmq_msg_init(&part)
        defer { zmq_msg_close(&part) }
        /// Receives one frame; false on timeout.
        func receive() -> Bool {
            while zmq_msg_recv(&part, dealer, 0) < 0 {
                if zmq_errno() != EINTR { return false }
            }
            return true
        }
        var latencies: [UInt64] = []
        latencies.reserveCapacity(1 << 20)
        var errors = 0
        let start = BenchClock.now()
        let warmupEnd = start + BenchClock.nanos(work.warmup)
        let measureEnd = warmupEnd + BenchClock.nanos(work.duration)
        for slot in 0..<work.callers { send(slot) }
        var outstanding = work.callers
        while outstanding > 0 {
            guard receive() else { errors += outstanding; break }
            var slot = -1
            if zmq_msg_size(&part) == 8 { slot = Int(zmq_msg_data(&part)!.loadUnaligned(as: UInt64.self)) }
            guard zmq_msg_more(&part) != 0, receive(), zmq_msg_more(&part) == 0,
                  zmq_msg_size(&part) == work.bodyBytes, (0..<work.callers).contains(slot) else {
                errors += 1
                continue
            }
            let now = BenchClock.now()
            outstanding -= 1
            if now >= warmupEnd && now < measureEnd { latencies.append(now - sentAt[slot]) }
            if now < measureEnd {
                send(slot)
                outstanding += 1
            }
        }
        return RPCFigures(latency: LatencySummary(latencies), calls: latencies.count, errors: errors, seconds: work.duration)
    }
}

// MARK: Bus RPC.Server + RPC.Client

/// The same workload through the Bus: an `RPC.Server` with an `echo` handler and one
/// `RPC.Client`; `callers` tasks each loop `call("echo", body)`.
enum BusRPC {
    static func run(_ work: RPCWorkload, context: ZeroMQ.Context, logger: Logger) async throws -> RPCFigures {
        let server = try await RPC.Server(bind: [work.endpoint], methods: ["echo": { $0.body }], context: context, logger: logger)
        let serving = Task { try await server.run() }
        let client = try await RPC.Client(connect: server.endpoints, context: context, logger: logger)
        let body = [UInt8](repeating: 0x61, count: work.bodyBytes)
        defer { _ = body }
        do {
            // The first call waits for the connection.
            _ = try await client.call("echo", body, timeout: .seconds(10))
        } catch {
            await client.close()
            await server.close()
            serving.cancel()
            throw error
        }
        let start = BenchClock.now()
        let warmupEnd = start + BenchClock.nanos(work.warmup)
        let measureEnd = warmupEnd + BenchClock.nanos(work.duration)
        let results = await withTaskGroup(of: (latencies: [UInt64], errors: Int).self) { group in
            for _ in 0..<work.callers {
                group.addTask {
                    var latencies: [UInt64] = []
                    latencies.reserveCapacity(1 << 16)
                    var errors = 0
                    while true {
                        let sent = BenchClock.now()
                        if sent >= measureEnd { break }
                        do {
                            let reply = try await client.call("echo", body)
                            if reply.count != body.count { errors += 1; continue }
                        } catch {
                            errors += 1
                            continue
                        }
                        let now = BenchClock.now()
                        if now >= warmupEnd && now < measureEnd { latencies.append(now - sent) }
                    }
                    return (latencies, errors)
                }
            }
            var all: [(latencies: [UInt64], errors: Int)] = []
            for await result in group { all.append(result) }
            return all
        }
        await client.close()
        await server.close()
        _ = try? await serving.value
        let latencies = results.flatMap(\.latencies)
        return RPCFigures(latency: LatencySummary(latencies), calls: latencies.count,
                          errors: results.reduce(0) { $0 + $1.errors }, seconds: work.duration)
    }
}
