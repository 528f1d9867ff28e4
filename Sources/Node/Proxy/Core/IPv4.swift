/// Dotted-quad IPv4 addresses, parsed strictly (four decimal octets, no leading zeros beyond "0").
public enum IPv4 {
    /// The address as a 32-bit number, or nil when `text` is not a dotted quad.
    public static func parse(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let octet = UInt8(part),
                  part == "0" || !part.hasPrefix("0") else { return nil }
            value = value << 8 | UInt32(octet)
        }
        return value
    }

    /// True for 127.0.0.0/8.
    public static func isLoopback(_ text: String) -> Bool { parse(text).map { $0 >> 24 == 127 } ?? false }
}
