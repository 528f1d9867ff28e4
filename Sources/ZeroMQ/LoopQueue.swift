import Synchronization

/// Items handed from any thread to a `Loop`'s thread in batches: the first item queued while
/// the queue is empty schedules one piece of work on the loop, which takes everything queued
/// by the time it runs. A burst of items thus costs one closure and at most one wake-up.
///
/// Guarantees: items reach `handler` in the order they were queued, on the loop thread.
public final class LoopQueue<Item: Sendable>: Sendable {
    private let loop: Loop
    private let items = Mutex<[Item]>([])
    private let handler: @Sendable ([Item]) -> Void

    /// - Parameter handler: runs on the loop thread with each batch, in order.
    public init(loop: Loop, handler: @escaping @Sendable ([Item]) -> Void) {
        self.loop = loop
        self.handler = handler
    }

    /// Queues `item`. If the loop has shut down, `rejected` gets it, with any others still
    /// queued, instead.
    public func enqueue(_ item: Item, rejected: ([Item]) -> Void = { _ in }) {
        let first = items.withLock { queue in
            queue.append(item)
            return queue.count == 1
        }
        guard first else { return }
        if !loop.execute({ [self] in drain() }) { rejected(take()) }
    }

    /// Hands what is queued to the handler now (call on the loop thread).
    public func drain() {
        let batch = take()
        if !batch.isEmpty { handler(batch) }
    }

    private func take() -> [Item] {
        items.withLock { queue in
            defer { queue.removeAll(keepingCapacity: true) }
            return queue
        }
    }
}
