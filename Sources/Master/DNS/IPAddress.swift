#if canImport(Glibc)
import Glibc
#endif

/// IPv4/IPv6 text ↔ bytes, and the reverse-lookup names of an address.
public enum IPAddress {
    /// 4 bytes for an IPv4 address, 16 for IPv6, nil otherwise.
    public static func parse(_ text: String) -> [UInt8]? {
        if text.contains(":") {
            var storage = in6_addr()
            guard inet_pton(AF_INET6, text, &storage) == 1 else { return nil }
            return withUnsafeBytes(of: &storage) { Array($0) }
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: [UInt8] = []
        for p in parts {
            guard !p.isEmpty, p.count <= 3, p.allSatisfy({ $0 >= "0" && $0 <= "9" }), let v = UInt8(p) else { return nil }
            out.append(v)
        }
        return out
    }

    public static func format(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        var storage = in6_addr()
        withUnsafeMutableBytes(of: &storage) { $0.copyBytes(from: bytes.prefix(16)) }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &storage, &buffer, socklen_t(buffer.count)) != nil else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `a-b-c-d` (IPv4) or the IPv6 text with `:` as `-`, as Kubernetes spells pod and endpoint names.
    public static func dashed(_ text: String) -> String {
        String(text.map { $0 == "." || $0 == ":" ? "-" : $0 })
    }

    /// The address a `<dashed>` label names, if any.
    public static func undash(_ label: String) -> [UInt8]? {
        if let v4 = parse(label.replacingOccurrences("-", with: ".")), v4.count == 4 { return v4 }
        return parse(label.replacingOccurrences("-", with: ":"))
    }

    /// The address of a reverse name (`4.3.2.1.in-addr.arpa`, nibbles `….ip6.arpa`), lowercased labels.
    public static func fromReverse(_ labels: [String]) -> [UInt8]? {
        if labels.count == 6, labels.suffix(2) == ["in-addr", "arpa"] {
            let octets = labels.prefix(4).reversed().compactMap { UInt8($0) }
            return octets.count == 4 && labels.prefix(4).allSatisfy({ $0.count <= 3 }) ? Array(octets) : nil
        }
        if labels.count == 34, labels.suffix(2) == ["ip6", "arpa"] {
            var nibbles: [UInt8] = []
            for l in labels.prefix(32).reversed() {
                guard l.count == 1, let v = UInt8(l, radix: 16) else { return nil }
                nibbles.append(v)
            }
            return stride(from: 0, to: 32, by: 2).map { nibbles[$0] << 4 | nibbles[$0 + 1] }
        }
        return nil
    }
}

extension String {
    func replacingOccurrences(_ a: Character, with b: Character) -> String {
        String(map { $0 == a ? b : $0 })
    }
}
