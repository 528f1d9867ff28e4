/// Completed indexes as a Job's `status.completedIndexes` writes them: `"0-2,4,6-7"`.
public enum JobIndexes {
    public static func parse(_ text: String) -> Set<Int64> {
        var out: Set<Int64> = []
        for part in text.split(separator: ",") {
            let bounds = part.split(separator: "-").compactMap { Int64($0) }
            if bounds.count == 1 { out.insert(bounds[0]) }
            if bounds.count == 2, bounds[0] <= bounds[1] { for i in bounds[0]...bounds[1] { out.insert(i) } }
        }
        return out
    }

    public static func format(_ indexes: Set<Int64>) -> String {
        var parts: [String] = []
        var run: (Int64, Int64)?
        for i in indexes.sorted() {
            if let (a, b) = run, b + 1 == i { run = (a, i); continue }
            if let (a, b) = run { parts.append(a == b ? "\(a)" : "\(a)-\(b)") }
            run = (i, i)
        }
        if let (a, b) = run { parts.append(a == b ? "\(a)" : "\(a)-\(b)") }
        return parts.joined(separator: ",")
    }
}
