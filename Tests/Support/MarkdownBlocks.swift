/// The fenced code blocks of a protocol document whose info string starts with `json`, as the
/// document tests replay them: the info string's words (`json request get`, `json reply`,
/// `json error 404 NotFound`) and the body.
public func jsonBlocks(in text: String) -> [(info: [String], body: String)] {
    var out: [(info: [String], body: String)] = []
    var current: (info: [String], lines: [String])?
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        if line.hasPrefix("```") {
            if let c = current {
                out.append((c.info, c.lines.joined(separator: "\n")))
                current = nil
            } else {
                current = (line.dropFirst(3).split(separator: " ").map(String.init), [])
            }
        } else if current != nil {
            current!.lines.append(String(line))
        }
    }
    return out.filter { $0.info.first == "json" }
}
