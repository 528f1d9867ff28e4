import Foundation
import Kubelet
import Logging
import RuntimeAPI

/// When one benchmark pod reached each stage, in wall-clock nanoseconds since the epoch: the
/// benchmark's own clock for what it sees through the API (create call, binding and Running seen
/// through the watch), the runtime's records for what happened on the node (sandbox ready,
/// container created, container started). One machine, one clock.
struct StageTimes: Sendable {
    var created: Int64?
    var bound: Int64?
    var sandboxReady: Int64?
    var containerCreated: Int64?
    var containerStarted: Int64?
    var firstStatus: Int64?
    var running: Int64?
}

extension BenchPods {
    static func wallNow() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// The stages in order; each figure is the time from the previous stage to this one.
    static var stageOrder: [(String, KeyPath<StageTimes, Int64?>)] { [
        ("create_to_bound_seen", \.bound),
        ("bound_to_sandbox_ready", \.sandboxReady),
        ("sandbox_to_container_created", \.containerCreated),
        ("created_to_started", \.containerStarted),
        ("started_to_running_seen", \.running),
    ] }

    /// Adds the runtimes' times to `times` and summarizes each stage (p50, p99, max in ms), plus
    /// when the kubelet's first status write (status.startTime) was seen after the container started.
    static func stageBreakdown(_ seen: [String: StageTimes], runtimes: [String]) async -> BenchJSON {
        var times = seen
        var problems: [String] = []
        for endpoint in runtimes {
            let client: RuntimeClient
            do { client = try await RuntimeClient(endpoints: [endpoint], logger: Logger(label: "bench.pods")) } catch {
                problems.append("\(endpoint): \(error)")
                continue
            }
            do {
                let sandboxes = try await client.listSandboxes()
                var podOfSandbox: [String: String] = [:]
                for s in sandboxes where s.config.podName.hasPrefix("bench-pod-") {
                    podOfSandbox[s.sandboxID] = s.config.podName
                    times[s.config.podName, default: .init()].sandboxReady = s.createdAt
                }
                for c in try await client.listContainers() {
                    guard let pod = podOfSandbox[c.sandboxID] else { continue }
                    times[pod, default: .init()].containerCreated = c.createdAt
                    if c.startedAt > 0 { times[pod, default: .init()].containerStarted = c.startedAt }
                }
            } catch {
                problems.append("\(endpoint): \(error)")
            }
            await client.close()
        }
        var out: [(String, BenchJSON)] = []
        var previous: KeyPath<StageTimes, Int64?> = \.created
        for (name, path) in stageOrder {
            let samples = times.values.compactMap { t -> UInt64? in
                guard let a = t[keyPath: previous], let b = t[keyPath: path] else { return nil }
                return UInt64(max(0, b - a))
            }
            out.append((name, summary(samples)))
            previous = path
        }
        let statusAfterStart = times.values.compactMap { t -> UInt64? in
            guard let a = t.containerStarted, let b = t.firstStatus else { return nil }
            return UInt64(max(0, b - a))
        }
        out.append(("started_to_first_status_seen", summary(statusAfterStart)))
        if !problems.isEmpty { out.append(("errors", .array(problems.map { .string($0) }))) }
        return .object(out)
    }

    static func summary(_ samples: [UInt64]) -> BenchJSON {
        let s = LatencySummary(samples)
        return .object([("p50", ms(s.p50)), ("p99", ms(s.p99)), ("max", ms(s.max)), ("samples", .int(s.count))])
    }
}
