/// Record types Skiff answers with (and OPT); any other type travels as raw data.
public enum DNSType {
    public static let a: UInt16 = 1
    public static let ns: UInt16 = 2
    public static let cname: UInt16 = 5
    public static let soa: UInt16 = 6
    public static let ptr: UInt16 = 12
    public static let txt: UInt16 = 16
    public static let aaaa: UInt16 = 28
    public static let srv: UInt16 = 33
    public static let opt: UInt16 = 41
    public static let any: UInt16 = 255
}

/// One resource record (RFC 1035 §3.2.1). `class` is IN (1) for everything but OPT, whose
/// class field is the sender's UDP payload size and whose TTL holds the extended RCODE and flags.
public struct DNSRecord: Hashable, Sendable {
    public enum Data: Hashable, Sendable {
        case a([UInt8])            // 4 bytes
        case aaaa([UInt8])         // 16 bytes
        case ns(DNSName)
        case cname(DNSName)
        case ptr(DNSName)
        case soa(mname: DNSName, rname: DNSName, serial: UInt32, refresh: UInt32, retry: UInt32, expire: UInt32, minimum: UInt32)
        case srv(priority: UInt16, weight: UInt16, port: UInt16, target: DNSName)
        /// Any other type (and OPT's options), uninterpreted.
        case raw([UInt8])
    }

    public var name: DNSName
    public var type: UInt16
    public var `class`: UInt16
    public var ttl: UInt32
    public var data: Data

    public init(name: DNSName, type: UInt16, class: UInt16 = 1, ttl: UInt32, data: Data) {
        self.name = name
        self.type = type
        self.class = `class`
        self.ttl = ttl
        self.data = data
    }

    public static func a(_ name: DNSName, _ address: [UInt8], ttl: UInt32) -> DNSRecord {
        DNSRecord(name: name, type: address.count == 16 ? DNSType.aaaa : DNSType.a, ttl: ttl,
                  data: address.count == 16 ? .aaaa(address) : .a(address))
    }

    /// An EDNS0 OPT pseudo-record advertising `payloadSize` (RFC 6891 §6.1.2).
    public static func opt(payloadSize: UInt16) -> DNSRecord {
        DNSRecord(name: .root, type: DNSType.opt, class: payloadSize, ttl: 0, data: .raw([]))
    }

    func encode(into w: inout DNSWriter) {
        w.name(name)
        w.u16(type)
        w.u16(self.class)
        w.u32(ttl)
        let lengthAt = w.bytes.count
        w.u16(0)
        let start = w.bytes.count
        switch data {
        case .a(let b), .aaaa(let b), .raw(let b): w.append(b)
        case .ns(let n), .cname(let n), .ptr(let n): w.name(n)
        case .soa(let m, let r, let serial, let refresh, let retry, let expire, let minimum):
            w.name(m); w.name(r)
            w.u32(serial); w.u32(refresh); w.u32(retry); w.u32(expire); w.u32(minimum)
        case .srv(let priority, let weight, let port, let target):
            w.u16(priority); w.u16(weight); w.u16(port)
            w.name(target, compress: false)  // RFC 2782: no compression of the target
        }
        w.patch16(at: lengthAt, UInt16(w.bytes.count - start))
    }

    static func decode(_ r: inout DNSReader) throws(DNSWireError) -> DNSRecord {
        let name = try r.name()
        let type = try r.u16()
        let cls = try r.u16()
        let ttl = try r.u32()
        let length = Int(try r.u16())
        guard r.remaining >= length else { throw .truncated }
        let end = r.offset + length
        let data: Data
        switch type {
        case DNSType.a:
            guard length == 4 else { throw .badRecord("A rdata must be 4 bytes") }
            data = .a(try r.take(4))
        case DNSType.aaaa:
            guard length == 16 else { throw .badRecord("AAAA rdata must be 16 bytes") }
            data = .aaaa(try r.take(16))
        case DNSType.ns, DNSType.cname, DNSType.ptr:
            let n = try r.name()
            data = type == DNSType.ns ? .ns(n) : type == DNSType.cname ? .cname(n) : .ptr(n)
        case DNSType.soa:
            let m = try r.name(), rn = try r.name()
            data = .soa(mname: m, rname: rn, serial: try r.u32(), refresh: try r.u32(), retry: try r.u32(),
                        expire: try r.u32(), minimum: try r.u32())
        case DNSType.srv:
            data = .srv(priority: try r.u16(), weight: try r.u16(), port: try r.u16(), target: try r.name())
        default:
            data = .raw(try r.take(length))
        }
        guard r.offset == end else { throw .badRecord("rdata length does not match its contents") }
        return DNSRecord(name: name, type: type, class: cls, ttl: ttl, data: data)
    }
}
