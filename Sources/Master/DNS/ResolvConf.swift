/// The `nameserver` lines of resolv.conf(5), in order.
public enum ResolvConf {
    public static func nameservers(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2, fields[0] == "nameserver" else { return nil }
            let address = fields[1].split(separator: "%").first.map(String.init) ?? ""  // drop an IPv6 zone
            return IPAddress.parse(address) == nil ? nil : address
        }
    }

    /// Whether `address` is one the brief lets the server send to: loopback (127.0.0.0/8, ::1)
    /// or one of the machine's configured nameservers.
    public static func isPermittedUpstream(_ address: [UInt8], configured: [String]) -> Bool {
        if address.count == 4 && address[0] == 127 { return true }
        if address == [UInt8](repeating: 0, count: 15) + [1] { return true }
        return configured.compactMap(IPAddress.parse).contains(address)
    }
}
