/// IPv4 addresses as 32-bit numbers: the one parser and formatter behind Skiff's address code
/// (the API server's service range, the node CIDR allocator, the runtime's pod ranges, the
/// proxy). Pure.
public enum IPv4 {
    /// The address as a number, or nil when `text` is not a dotted quad (four decimal octets,
    /// no leading zeros beyond "0", as Go's net.ParseIP has it since 1.17).
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

    /// `a.b.c.d`.
    public static func format(_ address: UInt32) -> String {
        "\(address >> 24).\(address >> 16 & 0xff).\(address >> 8 & 0xff).\(address & 0xff)"
    }

    /// The netmask of a prefix length (0…32).
    public static func mask(_ prefixLength: Int) -> UInt32 {
        prefixLength <= 0 ? 0 : prefixLength >= 32 ? ~0 : ~UInt32(0) << UInt32(32 - prefixLength)
    }

    /// The network and prefix length of `a.b.c.d/n`, nil when it is not one (the address's host
    /// bits are dropped: 10.96.0.7/12 is 10.96.0.0/12).
    public static func parseCIDR(_ cidr: String) -> (network: UInt32, prefixLength: Int)? {
        let parts = cidr.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].allSatisfy(\.isNumber), let length = Int(parts[1]), (0...32).contains(length),
              let address = parse(String(parts[0])) else { return nil }
        return (address & mask(length), length)
    }

    /// True for 127.0.0.0/8.
    public static func isLoopback(_ text: String) -> Bool { parse(text).map { $0 >> 24 == 127 } ?? false }
}
