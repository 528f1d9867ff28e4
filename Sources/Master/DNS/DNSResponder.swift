/// The server's pure core: one received datagram or TCP message in, what to do with it out.
///
/// - Not even a header (under 12 bytes), or a response: dropped.
/// - A header but a malformed body, or not exactly one question: FORMERR (ID and opcode kept).
/// - An opcode other than QUERY: NOTIMP.
/// - A cluster name: the zone's answer, authoritative, with an OPT record when the query had
///   one; over UDP, an answer larger than the client's payload size (512 without EDNS0) is sent
///   as an empty, truncated (TC) reply so the client asks again over TCP.
/// - Any other name: forwarded unchanged.
public struct DNSResponder: Sendable {
    public enum Transport: Sendable { case udp, tcp }

    public enum Action: Equatable, Sendable {
        case reply([UInt8])
        /// Send the query as it came to an upstream server and relay its reply.
        case forward([UInt8])
        case drop
    }

    public var zone: ClusterZone
    /// What this server advertises in its OPT record.
    public var payloadSize: UInt16 = 1232

    public init(zone: ClusterZone) { self.zone = zone }

    public func respond(to bytes: [UInt8], over transport: Transport, index: ClusterIndex) -> Action {
        guard let header = DNSMessage.header(of: bytes), header.flags & 0x8000 == 0 else { return .drop }
        let query: DNSMessage
        do { query = try DNSMessage(decoding: bytes) } catch {
            return .reply(Self.error(id: header.id, flags: header.flags, .formErr))
        }
        guard query.opcode == 0 else { return .reply(Self.error(id: header.id, flags: header.flags, .notImp)) }
        guard query.questions.count == 1, query.additional.filter({ $0.type == DNSType.opt }).count <= 1 else {
            return .reply(Self.error(id: header.id, flags: header.flags, .formErr))
        }
        guard let answer = zone.answer(query.questions[0], index: index) else { return .forward(bytes) }
        var reply = DNSMessage(id: query.id, flags: query.flags & 0x7900 | 0x8000)  // opcode, RD kept
        reply.authoritative = true
        reply.rcode = answer.rcode.rawValue
        reply.questions = query.questions
        reply.answers = answer.answers
        reply.authority = answer.authority
        reply.additional = answer.additional
        let clientOPT = query.opt
        if clientOPT != nil { reply.additional.append(.opt(payloadSize: payloadSize)) }
        let encoded = reply.encoded()
        guard transport == .udp else { return .reply(encoded) }
        let limit = clientOPT.map { max(512, Int($0.class)) } ?? 512
        guard encoded.count > limit else { return .reply(encoded) }
        reply.truncated = true
        reply.answers = []
        reply.authority = []
        reply.additional = clientOPT != nil ? [.opt(payloadSize: payloadSize)] : []
        return .reply(reply.encoded())
    }

    /// A SERVFAIL for a query that could not be forwarded (nil if the query has no header).
    public static func serverFailure(for query: [UInt8]) -> [UInt8]? {
        guard let header = DNSMessage.header(of: query) else { return nil }
        var reply = (try? DNSMessage(decoding: query)).map { q -> DNSMessage in
            var m = DNSMessage(id: q.id, flags: q.flags & 0x7900 | 0x8080)
            m.questions = q.questions
            return m
        } ?? DNSMessage(id: header.id, flags: header.flags & 0x7900 | 0x8080)
        reply.rcode = DNSMessage.RCode.servFail.rawValue
        return reply.encoded()
    }

    /// A header-only error reply.
    static func error(id: UInt16, flags: UInt16, _ rcode: DNSMessage.RCode) -> [UInt8] {
        var m = DNSMessage(id: id, flags: flags & 0x7900 | 0x8000)
        m.rcode = rcode.rawValue
        return m.encoded()
    }
}
