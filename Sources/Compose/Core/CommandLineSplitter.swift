/// Splits a `command:` string into words as a POSIX shell would for simple cases: whitespace
/// separates words, '…' and "…" quote, a backslash escapes the next character. Nothing is
/// expanded (no globbing, no `$`): use a list, or `/bin/sh -c`, for more.
enum CommandLineSplitter {
    static func split(_ text: String, path: String) throws(ComposeError) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character? = nil
        var escaped = false
        for c in text {
            if escaped { current.append(c); escaped = false; inWord = true; continue }
            if let q = quote {
                if c == q { quote = nil } else if c == "\\" && q == "\"" { escaped = true } else { current.append(c) }
                continue
            }
            switch c {
            case "\\": escaped = true; inWord = true
            case "'", "\"": quote = c; inWord = true
            case " ", "\t", "\n":
                if inWord { words.append(current); current = ""; inWord = false }
            default: current.append(c); inWord = true
            }
        }
        guard quote == nil, !escaped else { throw ComposeError("\(path): unterminated quote or escape in \"\(text)\"") }
        if inWord { words.append(current) }
        return words
    }
}
