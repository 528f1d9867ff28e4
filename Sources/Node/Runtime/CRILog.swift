/// The CRI log format the runtime writes for each container (`proto-docs/runtime.md` §6): one
/// line per record, `<RFC3339Nano UTC> <stdout|stderr> <F|P> <text>`; `P` marks a piece of a
/// longer line that continues in the next record of the same stream.
public enum CRILog {
    /// One parsed record.
    public struct Record: Sendable, Equatable {
        public var time: String
        public var stream: String
        public var partial: Bool
        public var text: String
    }

    /// Parses one record; nil if the line is not in the format.
    public static func parse(_ line: Substring) -> Record? {
        let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[1] == "stdout" || parts[1] == "stderr", parts[2] == "F" || parts[2] == "P" else {
            return nil
        }
        return Record(time: String(parts[0]), stream: String(parts[1]), partial: parts[2] == "P",
                      text: parts.count == 4 ? String(parts[3]) : "")
    }

    /// The last records of `content` (a log file's bytes, possibly cut mid-line at the front
    /// when it is a tail of the file): at most `tailLines` records (all if nil), then at most
    /// `limitBytes` bytes of them counted from the end, whole records only.
    public static func tail(_ content: [UInt8], tailLines: Int?, limitBytes: Int?, cutAtFront: Bool = false) -> [String] {
        var lines = content.split(separator: 0x0a, omittingEmptySubsequences: true)
            .map { String(decoding: $0, as: UTF8.self) }
        if cutAtFront, !lines.isEmpty, content.first != 0x0a { lines.removeFirst() }
        if let tailLines { lines = Array(lines.suffix(max(0, tailLines))) }
        if let limitBytes {
            var total = 0
            var kept: [String] = []
            for line in lines.reversed() {
                total += line.utf8.count + 1
                if total > limitBytes { break }
                kept.append(line)
            }
            lines = kept.reversed()
        }
        return lines
    }
}
