import Bus
import CZeroMQ
import Foundation
import Logging
import Synchronization
import ZeroMQ
#if canImport(Glibc)
import Glibc
#endif

/// The event-stream workload: `events` messages `[topic][26-byte header][body]` to
/// `subscribers` subscribers over tcp loopback. The body's first 8 bytes are the publish time
/// (`BenchClock`, same process so one clock), the next 8 the event's index.
///
/// With `pace == nil` the publisher goes flat out (throughput); otherwise it sleeps `pace`
/// between events, so each is delivered on its own (latency).
struct EventsWorkload: Sendable {
    var subscribers: Int
    var events: Int
    var bodyBytes: Int
    var pace: Duration?

    /// High-water marks and buffers large enough to hold the whole run: nothing is dropped by
    /// design, and any loss that happens anyway is counted and reported.
    var highWaterMark: Int32 { Int32(clamping: events + 10_000) }
}

struct SubscriberFigures: Sendable {
    var received: Int
    var latencies: [UInt64]
    var lastReceive: UInt64
    /// Resync notices (Bus) or sequence gaps (raw): evidence of lost messages.
    var gaps: Int
}

struct EventsFigures: Sendable {
    var workload: EventsWorkload
    var firstPublish: UInt64
    var lastPublish: UInt64
    var subscribers: [SubscriberFigures]

    /// A side that was not run.
    static func none(_ workload: EventsWorkload) -> EventsFigures {
        EventsFigures(workload: workload, firstPublish: 0, lastPublish: 0, subscribers: [])
    }

    var delivered: Int { subscribers.reduce(0) { $0 + $1.received } }
    var lost: Int { workload.events * workload.subscribers - delivered }
    var gaps: Int { subscribers.reduce(0) { $0 + $1.gaps } }
    var latency: LatencySummary { LatencySummary(subscribers.flatMap(\.latencies)) }

    /// Events delivered per second to each subscriber, averaged: received / (its last receive − first publish).
    var perSubscriberRate: Double {
        let rates = subscribers.map { s -> Double in
            let span = Double(s.lastReceive &- firstPublish) / 1e9
            return span > 0 ? Double(s.received) / span : 0
        }
        return rates.isEmpty ? 0 : rates.reduce(0, +) / Double(rates.count)
    }

    /// Deliveries per second across all subscribers: total / (last receive − first publish).
    var totalRate: Double {
        let last = subscribers.map(\.lastReceive).max() ?? firstPublish
        let span = Double(last &- firstPublish) / 1e9
        return span > 0 ? Double(delivered) / span : 0
    }

    var publishRate: Double {
        let span = Double(lastPublish &- firstPublish) / 1e9
        return span > 0 ? Double(workload.events) / span : 0
    }

    func json(throughput: Bool) -> BenchJSON {
        let l = latency
        var fields: [(String, BenchJSON)] = []
        if throughput {
            fields += [
                ("events_per_s_per_subscriber", .int(Int(perSubscriberRate.rounded()))),
                ("deliveries_per_s_total", .int(Int(totalRate.rounded()))),
                ("publish_calls_per_s", .int(Int(publishRate.rounded()))),
            ]
        } else {
            fields += [("publish_rate_per_s", .int(Int(publishRate.rounded())))]
        }
        fields += [
            ("p50_latency_us", .number(l.p50 / 1000, digits: 1)),
            ("p99_latency_us", .number(l.p99 / 1000, digits: 1)),
            ("max_latency_us", .number(l.max / 1000, digits: 1)),
            ("events_published", .int(workload.events)),
            ("deliveries", .int(delivered)),
            ("lost", .int(lost)),
            ("gaps_reported", .int(gaps)),
        ]
        return .object(fields)
    }
}

/// Writes the publish time and index into a body.
@inline(__always)
private func stamp(_ body: UnsafeMutableRawBufferPointer, index: Int) -> UInt64 {
    let now = BenchClock.now()
    body.storeBytes(of: now, toByteOffset: 0, as: UInt64.self)
    body.storeBytes(of: UInt64(truncatingIfNeeded: index), toByteOffset: 8, as: UInt64.self)
    return now
}

// MARK: Raw PUB/SUB

/// The baseline: one PUB thread and one SUB thread per subscriber, libzmq C calls only.
/// The publisher sends probe messages (topic `bench/h`) until every subscriber has seen one
/// (the slow-joiner handshake), then the measured events (topic `bench/e`).
enum RawEvents {
    static func run(_ work: EventsWorkload) async -> EventsFigures {
        let context = RawContext()
        defer { context.terminate() }
        let bound = Rendezvous<String>()
        let progress = (0..<work.subscribers).map { _ in Progress() }
        async let published: (UInt64, UInt64) = onThread("raw-pub") { publish(context, work: work, bound: bound, progress: progress) }
        let endpoint = await bound.take()
        let figures = await withTaskGroup(of: SubscriberFigures.self) { group in
            for index in 0..<work.subscribers {
                group.addTask {
                    await onThread("raw-sub") { subscribe(context, endpoint: endpoint, work: work, progress: progress[index]) }
                }
            }
            _ = await awaitDeliveries(progress, target: work.events)
            for item in progress { item.stop.store(true, ordering: .releasing) }
            var all: [SubscriberFigures] = []
            for await result in group { all.append(result) }
            return all
        }
        let (first, last) = await published
        return EventsFigures(workload: work, firstPublish: first, lastPublish: last, subscribers: figures)
    }

    private static func publish(_ context: RawContext, work: EventsWorkload, bound: Rendezvous<String>,
                                progress: [Progress]) -> (UInt64, UInt64) {
        let pub = zmq_socket(context.handle, ZMQ_PUB)!
        RawZMQ.setInt(pub, ZMQ_LINGER, 0)
        RawZMQ.setInt(pub, ZMQ_SNDHWM, work.highWaterMark)
        RawZMQ.check(zmq_bind(pub, "tcp://127.0.0.1:*"), "bind")
        defer { zmq_close(pub) }
        bound.put(RawZMQ.lastEndpoint(pub))
        let probe = Array("bench/h".utf8), topic = Array("bench/e".utf8)
        var header = [UInt8](repeating: 0, count: 26)
        header[0] = 1
        header[1] = 1
        var body = [UInt8](repeating: 0x62, count: work.bodyBytes)
        func send(_ topic: [UInt8], index: Int) -> UInt64 {
            header.withUnsafeMutableBytes { $0.storeBytes(of: UInt64(truncatingIfNeeded: index + 1).bigEndian, toByteOffset: 10, as: UInt64.self) }
            _ = topic.withUnsafeBytes { zmq_send(pub, $0.baseAddress, $0.count, ZMQ_SNDMORE) }
            _ = header.withUnsafeBytes { zmq_send(pub, $0.baseAddress, $0.count, ZMQ_SNDMORE) }
            return body.withUnsafeMutableBytes { buffer in
                let now = stamp(buffer, index: index)
                _ = zmq_send(pub, buffer.baseAddress, buffer.count, 0)
                return now
            }
        }
        while !progress.allSatisfy({ $0.ready.load(ordering: .acquiring) }) {
            _ = send(probe, index: -1)
            BenchClock.sleepThread(nanoseconds: 1_000_000)
        }
        BenchClock.sleepThread(nanoseconds: 10_000_000)  // let the last probes drain
        let pace = work.pace.map { UInt64($0.components.seconds) * 1_000_000_000 + UInt64($0.components.attoseconds / 1_000_000_000) }
        var first: UInt64 = 0, last: UInt64 = 0
        for index in 0..<work.events {
            last = send(topic, index: index)
            if index == 0 { first = last }
            if let pace { BenchClock.sleepThread(nanoseconds: pace) }
        }
        // Stay open until the subscribers are done: closing with linger 0 drops queued messages.
        while !progress.allSatisfy({ $0.stop.load(ordering: .acquiring) }) { BenchClock.sleepThread(nanoseconds: 1_000_000) }
        return (first, last)
    }

    private static func subscribe(_ context: RawContext, endpoint: String, work: EventsWorkload, progress: Progress) -> SubscriberFigures {
        let sub = zmq_socket(context.handle, ZMQ_SUB)!
        RawZMQ.setInt(sub, ZMQ_LINGER, 0)
        RawZMQ.setInt(sub, ZMQ_RCVHWM, work.highWaterMark)
        RawZMQ.check(zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "bench/", 6), "subscribe")
        RawZMQ.check(zmq_connect(sub, endpoint), "connect")
        defer { zmq_close(sub) }
        var item = zmq_pollitem_t(socket: sub, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0)
        var topic = zmq_msg_t(), header = zmq_msg_t(), body = zmq_msg_t()
        zmq_msg_init(&topic); zmq_msg_init(&header); zmq_msg_init(&body)
        defer { zmq_msg_close(&topic); zmq_msg_close(&header); zmq_msg_close(&body) }
        var latencies: [UInt64] = []
        latencies.reserveCapacity(work.events)
        var received = 0, gaps = 0, expected = 0
        var lastReceive: UInt64 = 0
        outer: while received < work.events && !progress.stop.load(ordering: .acquiring) {
            guard zmq_poll(&item, 1, 50) > 0 else { continue }
            while received < work.events {
                if zmq_msg_recv(&topic, sub, ZMQ_DONTWAIT) < 0 {
                    if zmq_errno() == EINTR { continue }
                    continue outer
                }
                guard zmq_msg_recv(&header, sub, 0) >= 0, zmq_msg_recv(&body, sub, 0) >= 0 else { continue outer }
                let now = BenchClock.now()
                guard zmq_msg_size(&topic) == 7, zmq_msg_size(&body) >= 16 else { continue }
                if zmq_msg_data(&topic)!.load(fromByteOffset: 6, as: UInt8.self) == UInt8(ascii: "h") {
                    progress.ready.store(true, ordering: .releasing)
                    continue
                }
                let data = UnsafeRawPointer(zmq_msg_data(&body)!)
                let sent = data.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
                let index = Int(data.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
                if index != expected { gaps += 1 }
                expected = index + 1
                latencies.append(now &- sent)
                lastReceive = now
                received += 1
                if received & 1023 == 0 { progress.count.store(received, ordering: .relaxed) }
            }
        }
        progress.count.store(received, ordering: .relaxed)
        return SubscriberFigures(received: received, latencies: latencies, lastReceive: lastReceive, gaps: gaps)
    }
}

// MARK: Bus EventStream.Publisher + Subscriber

/// The same workload through the Bus: one `EventStream.Publisher` (publishing from a task) and
/// `subscribers` `EventStream.Subscriber`s, each consumed by a task iterating `deliveries`.
/// Readiness is the Bus's own: a subscriber is ready at its `.live` delivery (the publisher's
/// welcome heartbeat).
enum BusEvents {
    static func run(_ work: EventsWorkload, context: ZeroMQ.Context, logger: Logger) async throws -> EventsFigures {
        var publisherConfiguration = EventStream.Publisher.Configuration()
        publisherConfiguration.sendHighWaterMark = work.highWaterMark
        publisherConfiguration.streams = ["bench/"]
        let publisher = try await EventStream.Publisher(bind: ["tcp://127.0.0.1:*"], configuration: publisherConfiguration,
                                                        context: context, logger: logger)
        var subscriberConfiguration = EventStream.Subscriber.Configuration()
        subscriberConfiguration.receiveHighWaterMark = work.highWaterMark
        subscriberConfiguration.bufferLimit = work.events + 10_000
        var subscribers: [EventStream.Subscriber] = []
        for _ in 0..<work.subscribers {
            subscribers.append(try await EventStream.Subscriber(connect: publisher.endpoints, streams: ["bench/"],
                                                                configuration: subscriberConfiguration,
                                                                context: context, logger: logger))
        }
        let progress = (0..<work.subscribers).map { _ in Progress() }
        let bodyBytes = work.bodyBytes
        let (figures, first, last) = try await withThrowingTaskGroup(of: SubscriberFigures.self) { group in
            for (index, subscriber) in subscribers.enumerated() {
                group.addTask { await consume(subscriber, events: work.events, progress: progress[index]) }
            }
            try await awaitReady(progress)
            var first: UInt64 = 0, last: UInt64 = 0
            var template = [UInt8](repeating: 0x62, count: bodyBytes)
            for index in 0..<work.events {
                var body = template
                last = body.withUnsafeMutableBytes { stamp($0, index: index) }
                publisher.publish(topic: "bench/e", revision: UInt64(index + 1), body: body)
                if index == 0 { first = last }
                if let pace = work.pace {
                    try? await Task.sleep(for: pace)
                } else if index & 255 == 255 {
                    await Task.yield()  // a publisher shares the pool; it must not hog a thread
                }
            }
            template = []
            _ = await awaitDeliveries(progress, target: work.events)
            // Ends the deliveries of a subscriber that lost events and waits for more.
            for subscriber in subscribers { await subscriber.close() }
            var all: [SubscriberFigures] = []
            for try await result in group { all.append(result) }
            return (all, first, last)
        }
        await publisher.close()
        return EventsFigures(workload: work, firstPublish: first, lastPublish: last, subscribers: figures)
    }

    private static func consume(_ subscriber: EventStream.Subscriber, events: Int, progress: Progress) async -> SubscriberFigures {
        var latencies: [UInt64] = []
        latencies.reserveCapacity(events)
        var received = 0, gaps = 0
        var lastReceive: UInt64 = 0
        for await delivery in subscriber.deliveries {
            switch delivery {
            case .live:
                progress.ready.store(true, ordering: .releasing)
            case .resync:
                gaps += 1
            case let .event(event):
                let now = BenchClock.now()
                guard event.body.count >= 16 else { continue }
                let sent = event.body.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 0, as: UInt64.self) }
                latencies.append(now &- sent)
                lastReceive = now
                received += 1
                if received & 1023 == 0 { progress.count.store(received, ordering: .relaxed) }
            }
            if received >= events { break }
        }
        progress.count.store(received, ordering: .relaxed)
        return SubscriberFigures(received: received, latencies: latencies, lastReceive: lastReceive, gaps: gaps)
    }
}
