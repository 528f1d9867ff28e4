/// Standard base64 (RFC 4648 with padding), as Go's `encoding/json` decodes a `[]byte` field.
enum Base64 {
    /// The offset Go's `base64.CorruptInputError` would report, or `nil` if `text` decodes.
    /// Like Go, `\r` and `\n` are skipped, and an incomplete final quantum is reported at its start.
    static func firstCorruptOffset(_ text: String) -> Int? {
        var quantum = 0         // characters of the current 4-character group seen
        var quantumStart = 0
        var padding = 0         // '=' seen in the current group
        for (i, c) in text.utf8.enumerated() {
            if c == 10 || c == 13 { continue }
            if quantum == 0 { quantumStart = i }
            if c == UInt8(ascii: "=") {
                // Padding may only fill the last one or two places of a group.
                if quantum < 2 { return i }
                padding += 1
            } else {
                if padding > 0 || !isAlphabet(c) { return i }
            }
            quantum += 1
            if quantum == 4 {
                quantum = 0
                if padding > 0 {
                    // Nothing may follow a padded group.
                    let rest = text.utf8.dropFirst(i + 1).contains { $0 != 10 && $0 != 13 }
                    return rest ? i + 1 : nil
                }
            }
        }
        return quantum == 0 ? nil : quantumStart
    }

    static func isAlphabet(_ c: UInt8) -> Bool {
        (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 43 || c == 47
    }
}
