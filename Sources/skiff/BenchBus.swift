import ArgumentParser
import Bus
import Foundation
import Logging
import ZeroMQ

/// `skiff bench bus`: the Bus against raw libzmq, same workload, same run (issue 2, "Speed").
///
/// Prints one JSON document on standard output; progress goes to standard error. Build it in
/// release mode (`swift build -c release`); a debug build says so in the output.
struct BenchBus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bus",
        abstract: "Benchmark Bus RPC and event streams against raw libzmq sockets; print BenchJSON."
    )

    @Option(help: "Seconds each RPC case is measured (after the warm-up).")
    var duration: Double = 5

    @Option(help: "Seconds of warm-up before each RPC case is measured.")
    var warmup: Double = 0.5

    @Option(help: "Events published in each event-stream throughput run.")
    var messages: Int = 500_000

    @Option(help: "Events published, one at a time, in each event-stream latency run.")
    var latencyMessages: Int = 5_000

    @Option(help: "Microseconds between events in the latency runs.")
    var paceMicros: Int = 200

    @Option(help: "Bytes of each RPC request and reply body.")
    var rpcBody: Int = 64

    @Option(help: "Bytes of each event body (at least 16: send time and index).")
    var eventBody: Int = 200

    @Flag(help: "A ~10 s smoke run: short durations, few messages.")
    var quick = false

    @Flag(help: "Only the RPC cases.")
    var rpcOnly = false

    @Flag(help: "Only the event-stream cases.")
    var eventsOnly = false

    @Option(parsing: .upToNextOption, help: ArgumentHelp("RPC transports to run (tcp, ipc).", visibility: .hidden))
    var transports: [String] = ["tcp", "ipc"]

    @Option(parsing: .upToNextOption, help: ArgumentHelp("RPC caller counts to run.", visibility: .hidden))
    var callers: [Int] = [1, 32]

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Event subscriber counts to run.", visibility: .hidden))
    var subscribers: [Int] = [1, 10]

    @Option(help: ArgumentHelp("Run one side only (bus or raw), for profiling; ratios are then null.", visibility: .hidden))
    var only: String?

    func validate() throws {
        guard eventBody >= 16 else { throw ValidationError("--event-body must be at least 16") }
        guard transports.allSatisfy({ $0 == "tcp" || $0 == "ipc" }), callers.allSatisfy({ $0 > 0 }),
              subscribers.allSatisfy({ $0 > 0 }) else { throw ValidationError("bad --transports, --callers or --subscribers") }
        guard only == nil || only == "bus" || only == "raw" else { throw ValidationError("--only takes bus or raw") }
        guard duration > 0, warmup >= 0, messages > 0, latencyMessages > 0, rpcBody >= 0, paceMicros >= 0 else {
            throw ValidationError("durations and counts must be positive")
        }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .error
            return handler
        }
        let logger = Logger(label: "skiff.bench")
        let duration = quick ? 0.6 : self.duration
        let warmup = quick ? 0.15 : self.warmup
        let messages = quick ? 50_000 : self.messages
        let latencyMessages = quick ? 1_000 : self.latencyMessages
        let context = try ZeroMQ.Context(ioThreads: 1)
        let ipcDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("skiff-bench-\(getpid())").path
        try FileManager.default.createDirectory(atPath: ipcDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: ipcDirectory) }

        var rpcCases: [BenchJSON] = []
        var goals: [BenchJSON] = []
        if !eventsOnly {
            for transport in transports {
                for callers in self.callers {
                    func endpoint(_ side: String) -> String {
                        transport == "tcp" ? "tcp://127.0.0.1:*" : "ipc://\(ipcDirectory)/\(side)-\(callers).sock"
                    }
                    let work = RPCWorkload(endpoint: "", callers: callers, bodyBytes: rpcBody, warmup: warmup, duration: duration)
                    var rawWork = work, busWork = work
                    rawWork.endpoint = endpoint("raw")
                    busWork.endpoint = endpoint("bus")
                    Console.error("rpc \(transport) callers=\(callers): raw…")
                    let raw = only == "bus" ? RPCFigures.none : await RawRPC.run(rawWork)
                    Console.error("rpc \(transport) callers=\(callers): bus…")
                    let bus = only == "raw" ? RPCFigures.none : try await BusRPC.run(busWork, context: context, logger: logger)
                    let p50Ratio = raw.latency.p50 > 0 ? bus.latency.p50 / raw.latency.p50 : .nan
                    rpcCases.append(.object([
                        ("transport", .string(transport)),
                        ("callers", .int(callers)),
                        ("bus", bus.json),
                        ("raw", raw.json),
                        ("ratio_bus_over_raw", .object([
                            ("p50", .ratio(bus.latency.p50, raw.latency.p50)),
                            ("p99", .ratio(bus.latency.p99, raw.latency.p99)),
                            ("calls_per_s", .ratio(bus.callsPerSecond, raw.callsPerSecond)),
                        ])),
                    ]))
                    goals.append(Self.goal("RPC p50 within 1.5x of raw DEALER/ROUTER (\(transport), \(callers) caller\(callers == 1 ? "" : "s"))",
                                           value: .number(p50Ratio, digits: 3), met: p50Ratio <= 1.5))
                    if callers == 32 {
                        goals.append(Self.goal("RPC throughput with 32 callers at least 100000 calls/s (\(transport))",
                                               value: .int(Int(bus.callsPerSecond.rounded())), met: bus.callsPerSecond >= 100_000))
                    }
                }
            }
        }

        var eventCases: [BenchJSON] = []
        if !rpcOnly {
            for subscribers in self.subscribers {
                let throughput = EventsWorkload(subscribers: subscribers, events: messages, bodyBytes: eventBody, pace: nil)
                let paced = EventsWorkload(subscribers: subscribers, events: latencyMessages, bodyBytes: eventBody,
                                           pace: .microseconds(paceMicros))
                Console.error("events subscribers=\(subscribers) throughput: raw…")
                let rawThroughput = only == "bus" ? EventsFigures.none(throughput) : await RawEvents.run(throughput)
                Console.error("events subscribers=\(subscribers) throughput: bus…")
                let busThroughput = only == "raw" ? EventsFigures.none(throughput) : try await BusEvents.run(throughput, context: context, logger: logger)
                Console.error("events subscribers=\(subscribers) latency: raw…")
                let rawPaced = only == "bus" ? EventsFigures.none(paced) : await RawEvents.run(paced)
                Console.error("events subscribers=\(subscribers) latency: bus…")
                let busPaced = only == "raw" ? EventsFigures.none(paced) : try await BusEvents.run(paced, context: context, logger: logger)
                let rateRatio = rawThroughput.perSubscriberRate > 0 ? busThroughput.perSubscriberRate / rawThroughput.perSubscriberRate : .nan
                eventCases.append(.object([
                    ("subscribers", .int(subscribers)),
                    ("body_bytes", .int(eventBody)),
                    ("throughput", .object([
                        ("bus", busThroughput.json(throughput: true)),
                        ("raw", rawThroughput.json(throughput: true)),
                        ("ratio_bus_over_raw", .object([
                            ("events_per_s_per_subscriber", .ratio(busThroughput.perSubscriberRate, rawThroughput.perSubscriberRate)),
                            ("deliveries_per_s_total", .ratio(busThroughput.totalRate, rawThroughput.totalRate)),
                            ("p99_latency", .ratio(busThroughput.latency.p99, rawThroughput.latency.p99)),
                        ])),
                    ])),
                    ("latency", .object([
                        ("pace_us", .int(paceMicros)),
                        ("bus", busPaced.json(throughput: false)),
                        ("raw", rawPaced.json(throughput: false)),
                        ("ratio_bus_over_raw", .object([
                            ("p50_latency", .ratio(busPaced.latency.p50, rawPaced.latency.p50)),
                            ("p99_latency", .ratio(busPaced.latency.p99, rawPaced.latency.p99)),
                        ])),
                    ])),
                ]))
                goals.append(Self.goal("event throughput at least 50% of raw PUB/SUB (\(subscribers) subscriber\(subscribers == 1 ? "" : "s"))",
                                       value: .number(rateRatio, digits: 3), met: rateRatio >= 0.5))
                if subscribers == 1 {
                    goals.append(Self.goal("at least 300000 events/s to one subscriber",
                                           value: .int(Int(busThroughput.perSubscriberRate.rounded())),
                                           met: busThroughput.perSubscriberRate >= 300_000 && busThroughput.lost == 0))
                }
            }
        }

        #if DEBUG
        let build = "debug (figures are meaningless; use swift build -c release)"
        #else
        let build = "release"
        #endif
        let document = BenchJSON.object([
            ("benchmark", .string("skiff bench bus")),
            ("build", .string(build)),
            ("machine", .object([
                ("cores", .int(ProcessInfo.processInfo.activeProcessorCount)),
                ("libzmq", .string(RawZMQ.version)),
                ("os", .string(ProcessInfo.processInfo.operatingSystemVersionString)),
            ])),
            ("config", .object([
                ("quick", .bool(quick)),
                ("rpc_warmup_s", .number(warmup, digits: 2)),
                ("rpc_duration_s", .number(duration, digits: 2)),
                ("rpc_body_bytes", .int(rpcBody)),
                ("event_body_bytes", .int(eventBody)),
                ("events_per_throughput_run", .int(messages)),
                ("events_per_latency_run", .int(latencyMessages)),
                ("latency_run_pace_us", .int(paceMicros)),
                ("zmq_io_threads", .int(1)),
            ])),
            ("notes", .array(Self.notes.map { .string($0) })),
            ("rpc", .array(rpcCases)),
            ("events", .array(eventCases)),
            ("goals", .array(goals)),
        ])
        Console.line(document.render())
    }

    static func goal(_ name: String, value: BenchJSON, met: Bool) -> BenchJSON {
        .object([("goal", .string(name)), ("value", value), ("met", .bool(met))])
    }

    static let notes = [
        "All times from CLOCK_MONOTONIC in this one process. Latencies are per call (RPC) or publish-to-receive (events); ratios are bus/raw, so below 1 is better for latency and above 1 better for rates.",
        "RPC: the Bus side is RPC.Server (echo handler, run on a task) and one RPC.Client; N caller tasks each loop `call(\"echo\", body)`. The raw side is a ROUTER thread that zmq_polls and forwards every frame back with zmq_msg_send, and one DEALER thread that keeps N requests in flight (closed loop): each request is [8-byte slot id][body], each reply is matched to its slot by that id and the slot's next request goes at once. Both sides: one DEALER, N outstanding, replies matched by id, 3-frame messages at the ROUTER.",
        "RPC calls/s counts calls completed inside the measured window (after the warm-up); p50/p99 are over those calls.",
        "Events: tcp loopback; every message is [topic][26-byte header][body] on both sides; the body carries the publish time and index. High-water marks (and the Bus subscriber's buffer) are sized to hold a whole run, so nothing should be dropped; 'lost' and 'gaps_reported' say if anything was.",
        "Event throughput: the publisher goes flat out; a subscriber's rate is its events / (its last receive - first publish). Its latency is mostly queueing behind the backlog, reported for completeness. The Bus publisher publishes from a task (yielding every 256 events); the raw publisher from its own thread.",
        "Event latency: a separate run publishes one event per pace interval (thread sleep on the raw side, Task.sleep on the Bus side), so each event crosses an idle pipeline; the p99 of that run is the publish-to-receive latency figure.",
        "Raw and Bus each use a libzmq context with one I/O thread (the Bus default). No batching beyond what each side does per wake-up (the Bus loop drains its mailbox and up to 512-1024 messages per socket wake-up; the raw threads drain what is queued).",
    ]
}
