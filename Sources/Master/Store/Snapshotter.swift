import EventLog
import Logging

/// Writes a snapshot after every `every` committed changes, so that a restart loads the snapshot
/// and replays at most about that many records. Runs until the log closes.
struct Snapshotter: Sendable {
    let log: EventLog
    let every: Int
    let logger: Logger

    func run() async {
        guard every > 0 else { return }
        let subscription = log.subscribe()
        var since = 0
        for await batch in subscription.records {
            since += batch.count
            guard since >= every else { continue }
            since = 0
            do {
                let info = try await log.snapshot()
                logger.debug("snapshot written", metadata: ["store.revision": "\(info.revision)", "snapshot.keys": "\(info.keys)"])
            } catch .closed {
                return
            } catch {
                logger.warning("snapshot failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
