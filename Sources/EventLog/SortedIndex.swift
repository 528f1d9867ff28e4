/// An ordered map from `Key` to `KeyValue`, kept as a list of sorted chunks (a flat B-tree).
///
/// A value type: copying it is O(1) and later mutations copy only the chunks they touch, which is
/// how a snapshot captures a consistent state without stopping writers. Not thread-safe.
struct SortedIndex {
    /// Non-empty chunks, each sorted, and all keys of chunk i before those of chunk i + 1.
    private(set) var chunks: [[KeyValue]] = []
    private(set) var count = 0

    static let maxChunk = 512

    /// A place in the index: chunk number and index within that chunk.
    struct Position: Equatable {
        var chunk: Int
        var index: Int
    }

    var startPosition: Position { Position(chunk: 0, index: 0) }
    var endPosition: Position { Position(chunk: chunks.count, index: 0) }

    /// The chunk that would hold `key`: the last one whose first key is ≤ key (0 if none).
    private func chunkFor(_ key: Key) -> Int {
        var lo = 0, hi = chunks.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if Key.compare(chunks[mid][0].key, key) <= 0 { lo = mid + 1 } else { hi = mid }
        }
        return max(0, lo - 1)
    }

    /// First index in `chunk` whose key is ≥ key (or > key when `strict`).
    private func indexIn(_ chunk: Int, _ key: Key, strict: Bool) -> Int {
        let c = chunks[chunk]
        var lo = 0, hi = c.count
        while lo < hi {
            let mid = (lo + hi) / 2
            let r = Key.compare(c[mid].key, key)
            if r < 0 || (strict && r == 0) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    private func normalized(_ p: Position) -> Position {
        if p.chunk < chunks.count && p.index >= chunks[p.chunk].count { return Position(chunk: p.chunk + 1, index: 0) }
        return p
    }

    /// First position whose key is ≥ key (> key when `strict`).
    func lowerBound(_ key: Key, strict: Bool = false) -> Position {
        guard !chunks.isEmpty else { return endPosition }
        let c = chunkFor(key)
        return normalized(Position(chunk: c, index: indexIn(c, key, strict: strict)))
    }

    subscript(_ key: Key) -> KeyValue? {
        guard !chunks.isEmpty else { return nil }
        let c = chunkFor(key)
        let i = indexIn(c, key, strict: false)
        if i < chunks[c].count && chunks[c][i].key == key { return chunks[c][i] }
        return nil
    }

    subscript(_ p: Position) -> KeyValue { chunks[p.chunk][p.index] }

    func after(_ p: Position) -> Position { normalized(Position(chunk: p.chunk, index: p.index + 1)) }

    /// Inserts or replaces; returns the replaced value.
    @discardableResult
    mutating func upsert(_ kv: KeyValue) -> KeyValue? {
        if chunks.isEmpty {
            chunks.append([kv])
            count = 1
            return nil
        }
        let c = chunkFor(kv.key)
        let i = indexIn(c, kv.key, strict: false)
        if i < chunks[c].count && chunks[c][i].key == kv.key {
            let old = chunks[c][i]
            chunks[c][i] = kv
            return old
        }
        chunks[c].insert(kv, at: i)
        count += 1
        if chunks[c].count > SortedIndex.maxChunk {
            let half = chunks[c].count / 2
            let tail = Array(chunks[c][half...])
            chunks[c].removeSubrange(half...)
            chunks.insert(tail, at: c + 1)
        }
        return nil
    }

    /// Removes and returns the value at `key`.
    @discardableResult
    mutating func remove(_ key: Key) -> KeyValue? {
        guard !chunks.isEmpty else { return nil }
        let c = chunkFor(key)
        let i = indexIn(c, key, strict: false)
        guard i < chunks[c].count && chunks[c][i].key == key else { return nil }
        let old = chunks[c].remove(at: i)
        count -= 1
        if chunks[c].isEmpty { chunks.remove(at: c) }
        return old
    }

    /// Appends a key greater than every key present (bulk load in key order).
    mutating func appendSorted(_ kv: KeyValue) {
        if chunks.isEmpty || chunks[chunks.count - 1].count >= SortedIndex.maxChunk {
            var c: [KeyValue] = []
            c.reserveCapacity(SortedIndex.maxChunk)
            chunks.append(c)
        }
        chunks[chunks.count - 1].append(kv)
        count += 1
    }

    /// Number of entries from `from` (inclusive) to `to` (exclusive).
    func distance(from: Position, to: Position) -> Int {
        if from.chunk >= chunks.count || (from.chunk == to.chunk && from.index >= to.index) || from.chunk > to.chunk { return 0 }
        if from.chunk == to.chunk { return to.index - from.index }
        var n = chunks[from.chunk].count - from.index
        var c = from.chunk + 1
        while c < to.chunk && c < chunks.count { n += chunks[c].count; c += 1 }
        if to.chunk < chunks.count { n += to.index }
        return n
    }

    /// Every entry in key order.
    func forEach<E: Error>(_ body: (KeyValue) throws(E) -> Void) throws(E) {
        for c in chunks { for kv in c { try body(kv) } }
    }
}
