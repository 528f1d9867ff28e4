import Foundation
import RuntimeAPI

extension Runtime {
    /// What ``drain(graceSeconds:)`` did.
    public struct DrainReport: Sendable, Equatable {
        public var containersStopped = 0
        public var sandboxesRemoved = 0
        public var failures: [String] = []
    }

    /// Stops every running container (SIGTERM, SIGKILL after `graceSeconds`, all at once, so the
    /// whole drain takes about one grace period), then stops and removes every sandbox (its holder
    /// gets SIGKILL, its cgroup goes) with its containers and their records.
    ///
    /// Only a deliberate stop calls it (`skiff runtime --stop-pods-on-exit` on SIGTERM/SIGINT):
    /// a runtime that is killed or crashes leaves its containers running for the next one to adopt.
    public func drain(graceSeconds: Int64) async -> DrainReport {
        var report = DrainReport()
        let running = containers.filter { $0.value.machine.state == .running || $0.value.starting }.keys.sorted()
        let failures = await withTaskGroup(of: String?.self) { group in
            for id in running {
                group.addTask {
                    do { _ = try await self.stopContainer(id, timeoutSeconds: graceSeconds); return nil } catch {
                        return "container \(id): \(error)"
                    }
                }
            }
            var failures: [String] = []
            for await failure in group { if let failure { failures.append(failure) } }
            return failures
        }
        report.containersStopped = running.count - failures.count
        report.failures = failures
        for id in sandboxes.keys.sorted() {
            do {
                try await removeSandbox(id)
                report.sandboxesRemoved += 1
            } catch {
                report.failures.append("sandbox \(id): \(error)")
            }
        }
        return report
    }
}
