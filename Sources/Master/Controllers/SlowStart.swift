import Resources

/// Kubernetes' `slowStartBatch`: runs `count` calls in batches of 1, 2, 4, … at a time,
/// stopping after the first batch with a failure (so a quota or admission error costs one call,
/// not hundreds). With `batched: false`, all at once. Returns the first error.
enum SlowStart {
    static func run(count: Int, batched: Bool = true,
                    _ call: @escaping @Sendable (Int) async -> StatusError?) async -> StatusError? {
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
            if let error { return error }
            batch *= 2
        }
        return nil
    }
}
