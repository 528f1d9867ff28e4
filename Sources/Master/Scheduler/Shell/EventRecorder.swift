import Client
import Foundation
import Logging
import Resources
import Synchronization

/// Writes the scheduler's core/v1 Events (source component `default-scheduler`) in the
/// background, as client-go's event broadcaster does: a bounded buffer (events beyond it are
/// dropped and counted, never waited for) and a few concurrent writers. A pod's repeated
/// FailedScheduling is one Event whose `count`, `message` and `lastTimestamp` are updated.
final class EventRecorder: Sendable {
    enum Work: Sendable {
        case failed(SchedulingPod, message: String)
        case scheduled(SchedulingPod, node: String)
    }
    private struct Record {
        var name: String
        var count: Int64
    }

    let client: APIClient
    let component: String
    let instance: String
    let writers: Int
    let logger: Logger
    private let stream: AsyncStream<Work>
    private let continuation: AsyncStream<Work>.Continuation
    private let records = Mutex<[String: Record]>([:])
    let dropped = Atomic<Int>(0)

    init(client: APIClient, component: String, buffer: Int = 1000, writers: Int = 4, logger: Logger) {
        self.client = client
        self.component = component
        self.instance = "\(component)-\(ProcessInfo.processInfo.hostName)"
        self.writers = writers
        self.logger = logger
        (stream, continuation) = AsyncStream.makeStream(of: Work.self, bufferingPolicy: .bufferingOldest(buffer))
    }

    func record(_ work: Work) {
        if case .dropped = continuation.yield(work) { dropped.add(1, ordering: .relaxed) }
    }

    /// The pod is gone: its FailedScheduling Event is no longer updated.
    func forget(podUID: String) { _ = records.withLock { $0.removeValue(forKey: podUID) } }

    func run() async {
        await withTaskGroup(of: Void.self) { group in
            var inFlight = 0
            for await work in stream {
                if inFlight >= writers {
                    await group.next()
                    inFlight -= 1
                }
                group.addTask { await self.write(work) }
                inFlight += 1
            }
        }
    }

    private func write(_ work: Work) async {
        let now = MetaTime.current().rfc3339
        switch work {
        case .scheduled(let pod, let node):
            await create(pod, reason: "Scheduled", type: "Normal",
                         message: "Successfully assigned \(pod.key.namespace)/\(pod.key.name) to \(node)", now: now)
        case .failed(let pod, let message):
            let previous = records.withLock { r -> Record? in
                guard var rec = r[pod.uid] else { return nil }
                rec.count += 1
                r[pod.uid] = rec
                return rec
            }
            if let previous {
                let patch: JSON = ["count": .int(previous.count), "message": .string(message), "lastTimestamp": .string(now)]
                do {
                    _ = try await client.call(APIRequest(.patch, resource: "events", namespace: pod.key.namespace, name: previous.name,
                                                         patchType: "application/merge-patch+json", body: patch))
                    return
                } catch {
                    if error.reason != "NotFound" {
                        logger.debug("could not update event", metadata: ["pod": "\(pod.key)", "error": "\(error)"])
                        return
                    }
                }
            }
            if let name = await create(pod, reason: "FailedScheduling", type: "Warning", message: message, now: now) {
                records.withLock { $0[pod.uid] = Record(name: name, count: 1) }
            }
        }
    }

    @discardableResult
    private func create(_ pod: SchedulingPod, reason: String, type: String, message: String, now: String) async -> String? {
        let nanos = UInt64(max(0, Date().timeIntervalSince1970 * 1e9))
        let name = "\(pod.key.name).\(String(nanos, radix: 16))"
        let event: JSON = [
            "apiVersion": "v1", "kind": "Event",
            "metadata": ["name": .string(name), "namespace": .string(pod.key.namespace)],
            "involvedObject": ["apiVersion": "v1", "kind": "Pod", "namespace": .string(pod.key.namespace),
                               "name": .string(pod.key.name), "uid": .string(pod.uid), "resourceVersion": .string(pod.resourceVersion)],
            "reason": .string(reason), "message": .string(message), "type": .string(type),
            "source": ["component": .string(component)],
            "firstTimestamp": .string(now), "lastTimestamp": .string(now), "count": 1,
            "reportingComponent": .string(component), "reportingInstance": .string(instance),
        ]
        do {
            _ = try await client.call(APIRequest(.create, resource: "events", namespace: pod.key.namespace, body: event))
            return name
        } catch {
            logger.debug("could not write event", metadata: ["pod": "\(pod.key)", "reason": "\(reason)", "error": "\(error)"])
            return nil
        }
    }
}
