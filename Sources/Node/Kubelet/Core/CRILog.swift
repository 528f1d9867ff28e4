import RuntimeAPI

/// CRI-format container logs (`<RFC3339Nano> <stdout|stderr> <F|P> <text>` per line) and the
/// `kubectl logs` options over them. Pure.
public enum CRILog {
    public struct Entry: Sendable, Equatable {
        public var time: String
        public var nanos: Int64
        public var stream: String
        /// The whole line (partial `P` pieces joined), without its newline.
        public var text: String
    }

    /// The complete lines of `bytes` (a file read from some offset): the entries, and how many
    /// bytes they took (an unfinished last line is left for the next read).
    public static func parse(_ bytes: ArraySlice<UInt8>) -> (entries: [Entry], consumed: Int) {
        var entries: [Entry] = []
        var partial: Entry?
        var consumed = 0
        var start = bytes.startIndex
        var committed = 0
        while let nl = bytes[start...].firstIndex(of: 0x0A) {
            let line = bytes[start..<nl]
            start = nl + 1
            consumed = start - bytes.startIndex
            let fields = line.split(separator: 0x20, maxSplits: 3, omittingEmptySubsequences: false)
            guard fields.count >= 3 else { continue }
            let time = String(decoding: fields[0], as: UTF8.self)
            let stream = String(decoding: fields[1], as: UTF8.self)
            let tag = String(decoding: fields[2], as: UTF8.self)
            let text = fields.count == 4 ? String(decoding: fields[3], as: UTF8.self) : ""
            if var p = partial {
                p.text += text
                partial = p
            } else {
                partial = Entry(time: time, nanos: KubeletTime.parse(time) ?? 0, stream: stream, text: text)
            }
            if !tag.hasPrefix("P") {
                entries.append(partial!)
                partial = nil
                committed = consumed
            }
        }
        return (entries, committed)
    }

    /// `kubectl logs` output for `entries` under `request`'s options (the first call of a follow,
    /// or a plain read): sinceTime/sinceSeconds, tailLines, timestamps, limitBytes.
    public static func render(_ entries: [Entry], _ request: KubeletMessages.LogsRequest, now: Int64) -> String {
        var selected = entries
        var since: Int64?
        if let s = request.sinceTime { since = KubeletTime.parse(s) }
        if let s = request.sinceSeconds { since = now - Int64(s) * KubeletTime.second }
        if let since { selected = selected.filter { $0.nanos >= since } }
        if let tail = request.tailLines, tail >= 0 { selected = Array(selected.suffix(tail)) }
        return text(selected, timestamps: request.timestamps == true, limitBytes: request.limitBytes)
    }

    public static func text(_ entries: [Entry], timestamps: Bool, limitBytes: Int? = nil) -> String {
        var out = ""
        for e in entries {
            if timestamps { out += e.time + " " }
            out += e.text + "\n"
        }
        if let limit = limitBytes, limit >= 0, out.utf8.count > limit {
            return String(decoding: Array(out.utf8.prefix(limit)), as: UTF8.self)
        }
        return out
    }
}
