import Resources

/// Kubernetes' `slowStartBatch`: runs `count` calls in batches of 1, 2, 4, … at a time,
/// stopping after the first batch with a failure (so a quota or admission error costs one call,
/// not hundreds). With `batched: false`, all at once. Returns the first error.
public enum SlowStart {
    static func run(count: Int, batched: Bool = true,
                    _ call: @escaping @Sendable (Int) async -> StatusError?) async -> StatusError? {
        await runCounting(count: count, batched: batched, call).error
    }

    /// The same, also telling how many calls were made: the rest were skipped after a failed
    /// batch, and an owner expecting them must stop expecting them (`skippedPods` in Kubernetes).
    public static func runCounting(count: Int, batched: Bool = true,
                            _ call: @escaping @Sendable (Int) async -> StatusError?) async -> (error: StatusError?, attempted: Int) {
        var done = 0
        var batch = batched ? 1 : count
        while done < count {
            let size = min(batch, count - done)
            let start = done
            let error = await withTaskGroup(of: StatusError?.self) { group -> StatusError? in
                for i in start..<(start + size) { group.addTask { await call(i) } }
                var first: StatusError?
                for await e in group where first == nil { first = e }
                return first
            }
            done += size
            if let error { return (error, done) }
            batch *= 2
        }
        return (nil, done)
    }
}
