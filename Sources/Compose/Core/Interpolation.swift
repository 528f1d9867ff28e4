/// `${…}` in commands and environment values, as docker compose does it: `${NAME}` and
/// `${NAME:-default}` (empty or unset → default) from the environment, `$$` for a literal `$`;
/// in a node template also `${node}`, `${index}` and `${port:N}`. Unset names become "".
enum Interpolation {
    static func expand(_ text: String, path: String, lookup: (String) -> String?) throws(ComposeError) -> String {
        guard text.contains("$") else { return text }
        var result = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            result += rest[..<dollar]
            let after = rest[rest.index(after: dollar)...]
            if after.first == "$" {
                result += "$"
                rest = after.dropFirst()
            } else if after.first == "{" {
                guard let close = after.firstIndex(of: "}") else { throw ComposeError("\(path): unterminated ${ in \"\(text)\"") }
                let expression = String(after[after.index(after: after.startIndex)..<close])
                if let sep = expression.range(of: ":-") {
                    let value = lookup(String(expression[..<sep.lowerBound])) ?? ""
                    result += value.isEmpty ? String(expression[sep.upperBound...]) : value
                } else {
                    guard let value = lookup(expression) else {
                        if expression.hasPrefix("port:") { throw ComposeError("\(path): ${\(expression)} is only meaningful in x-node services, with a number: ${port:7301}") }
                        result += ""
                        rest = after[after.index(after: close)...]
                        continue
                    }
                    result += value
                }
                rest = after[after.index(after: close)...]
            } else {
                // `$NAME` without braces.
                let name = after.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                if name.isEmpty { result += "$" } else { result += lookup(String(name)) ?? "" }
                rest = after.dropFirst(name.count)
            }
        }
        return result + rest
    }
}
