/// A DNS message (RFC 1035 §4.1): header, question, answer, authority and additional sections.
/// Encoding compresses names; decoding accepts any compression and rejects, with a
/// ``DNSWireError``, anything malformed — it never traps or loops, whatever the bytes.
public struct DNSMessage: Hashable, Sendable {
    public struct Question: Hashable, Sendable {
        public var name: DNSName
        public var type: UInt16
        public var `class`: UInt16
        public init(name: DNSName, type: UInt16, class: UInt16 = 1) {
            self.name = name
            self.type = type
            self.class = `class`
        }
    }

    public enum RCode: UInt8, Sendable {
        case noError = 0, formErr = 1, servFail = 2, nxDomain = 3, notImp = 4, refused = 5
    }

    public var id: UInt16
    /// The header's second 16 bits: QR, opcode, AA, TC, RD, RA, Z, RCODE.
    public var flags: UInt16
    public var questions: [Question] = []
    public var answers: [DNSRecord] = []
    public var authority: [DNSRecord] = []
    public var additional: [DNSRecord] = []

    public init(id: UInt16, flags: UInt16 = 0) {
        self.id = id
        self.flags = flags
    }

    public var isResponse: Bool {
        get { flags & 0x8000 != 0 }
        set { flags = newValue ? flags | 0x8000 : flags & ~0x8000 }
    }
    public var opcode: UInt8 { UInt8(flags >> 11 & 0xF) }
    public var authoritative: Bool {
        get { flags & 0x0400 != 0 }
        set { flags = newValue ? flags | 0x0400 : flags & ~0x0400 }
    }
    public var truncated: Bool {
        get { flags & 0x0200 != 0 }
        set { flags = newValue ? flags | 0x0200 : flags & ~0x0200 }
    }
    public var recursionDesired: Bool { flags & 0x0100 != 0 }
    public var rcode: UInt8 {
        get { UInt8(flags & 0xF) }
        set { flags = flags & ~0xF | UInt16(newValue & 0xF) }
    }

    /// The EDNS0 OPT record of the additional section, if any.
    public var opt: DNSRecord? { additional.first { $0.type == DNSType.opt } }

    public func encoded() -> [UInt8] {
        var w = DNSWriter()
        w.u16(id); w.u16(flags)
        w.u16(UInt16(questions.count)); w.u16(UInt16(answers.count))
        w.u16(UInt16(authority.count)); w.u16(UInt16(additional.count))
        for q in questions { w.name(q.name); w.u16(q.type); w.u16(q.class) }
        for r in answers { r.encode(into: &w) }
        for r in authority { r.encode(into: &w) }
        for r in additional { r.encode(into: &w) }
        return w.bytes
    }

    /// Decodes one message; trailing bytes are an error.
    public init(decoding bytes: [UInt8]) throws(DNSWireError) {
        var r = DNSReader(bytes)
        id = try r.u16()
        flags = try r.u16()
        let qd = try r.u16(), an = try r.u16(), ns = try r.u16(), ar = try r.u16()
        for _ in 0..<qd { questions.append(Question(name: try r.name(), type: try r.u16(), class: try r.u16())) }
        for _ in 0..<an { answers.append(try DNSRecord.decode(&r)) }
        for _ in 0..<ns { authority.append(try DNSRecord.decode(&r)) }
        for _ in 0..<ar { additional.append(try DNSRecord.decode(&r)) }
        guard r.remaining == 0 else { throw .badRecord("trailing bytes after the message") }
    }

    /// The ID and flags of bytes that hold at least a header, even when the rest is garbage.
    public static func header(of bytes: [UInt8]) -> (id: UInt16, flags: UInt16)? {
        guard bytes.count >= 12 else { return nil }
        return (UInt16(bytes[0]) << 8 | UInt16(bytes[1]), UInt16(bytes[2]) << 8 | UInt16(bytes[3]))
    }
}
