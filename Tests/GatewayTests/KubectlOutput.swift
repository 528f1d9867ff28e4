import Foundation
import Resources

/// Reading what kubectl printed: its table output cell by cell, and its lines.
enum KubectlOutput {
    /// The non-empty lines of `output`.
    static func lines(_ output: String) -> [String] {
        output.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    /// A table as kubectl's tabwriter prints it: the header names, and each row as header name
    /// to cell. Columns are left-aligned at the header's offsets (padding 3), so a cell is the
    /// text between its header's start and the next header's start.
    struct Table {
        var columns: [String]
        var rows: [[String: String]]

        init(_ output: String) {
            let lines = KubectlOutput.lines(output)
            guard let header = lines.first else {
                columns = []
                rows = []
                return
            }
            // Names are separated by at least 3 spaces; a name may hold one ("ACCESS MODES").
            let names = header.components(separatedBy: "   ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            var starts: [Int] = []
            var from = header.startIndex
            for name in names {
                let range = header.range(of: name, range: from..<header.endIndex)!
                starts.append(header.distance(from: header.startIndex, to: range.lowerBound))
                from = range.upperBound
            }
            columns = names
            rows = lines.dropFirst().map { line in
                let chars = Array(line)
                var row: [String: String] = [:]
                for (i, name) in names.enumerated() {
                    let start = min(starts[i], chars.count)
                    let end = i + 1 < starts.count ? min(starts[i + 1], chars.count) : chars.count
                    row[name] = String(chars[start..<end]).trimmingCharacters(in: .whitespaces)
                }
                return row
            }
        }
    }

    /// The paths of every value in `sent` that `stored` lacks or holds differently. Objects may
    /// gain members (server defaults, metadata) and array elements may gain members, but every
    /// field sent must come back with its value.
    static func missingFields(_ sent: JSON, in stored: JSON?, path: String = "") -> [String] {
        switch sent {
        case .object(let members):
            guard case .object? = stored else { return [path.isEmpty ? "." : path] }
            return members.flatMap { key, value in missingFields(value, in: stored?[key], path: path + "." + key) }
        case .array(let elements):
            guard case .array(let storedElements)? = stored, storedElements.count == elements.count else { return [path] }
            return elements.indices.flatMap { missingFields(elements[$0], in: storedElements[$0], path: "\(path)[\($0)]") }
        default:
            return stored == sent ? [] : ["\(path): sent \(sent.serialized()), stored \(stored?.serialized() ?? "nothing")"]
        }
    }
}
