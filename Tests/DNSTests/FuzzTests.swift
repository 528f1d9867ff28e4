import Testing
@testable import DNS

/// Property tests for the codec and the responder: seeded, thousands of cases each.
@Suite struct FuzzTests {
    static func label(_ g: inout SeededGenerator) -> [UInt8] {
        let pool: [[UInt8]] = [Array("web".utf8), Array("DEFAULT".utf8), Array("svc".utf8), Array("cluster".utf8),
                               Array("local".utf8), Array("_http".utf8), [0, 0xFF, 0x2E], Array(repeating: 0x61, count: 63)]
        if Bool.random(using: &g) { return pool.randomElement(using: &g)! }
        return (0..<Int.random(in: 1...10, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) }
    }

    static func randomName(_ g: inout SeededGenerator) -> DNSName {
        var labels: [[UInt8]] = []
        for _ in 0..<Int.random(in: 0...6, using: &g) {
            let l = label(&g)
            if DNSName(labels: labels + [l]).wireLength > DNSName.maxLength { break }
            labels.append(l)
        }
        return DNSName(labels: labels)
    }

    static func record(_ g: inout SeededGenerator) -> DNSRecord {
        let owner = randomName(&g), ttl = UInt32.random(in: 0...UInt32.max, using: &g)
        switch Int.random(in: 0..<8, using: &g) {
        case 0: return .a(owner, (0..<4).map { _ in UInt8.random(in: 0...255, using: &g) }, ttl: ttl)
        case 1: return .a(owner, (0..<16).map { _ in UInt8.random(in: 0...255, using: &g) }, ttl: ttl)
        case 2: return DNSRecord(name: owner, type: DNSType.cname, ttl: ttl, data: .cname(randomName(&g)))
        case 3: return DNSRecord(name: owner, type: DNSType.ptr, ttl: ttl, data: .ptr(randomName(&g)))
        case 4: return DNSRecord(name: owner, type: DNSType.srv, ttl: ttl,
                                 data: .srv(priority: .random(in: 0...9, using: &g), weight: .random(in: 0...100, using: &g),
                                            port: .random(in: 0...65535, using: &g), target: randomName(&g)))
        case 5: return DNSRecord(name: owner, type: DNSType.soa, ttl: ttl,
                                 data: .soa(mname: randomName(&g), rname: randomName(&g), serial: 1, refresh: 2, retry: 3, expire: 4, minimum: 5))
        case 6: return .opt(payloadSize: .random(in: 0...65535, using: &g))
        default:
            return DNSRecord(name: owner, type: 16, ttl: ttl, data: .raw((0..<Int.random(in: 0...40, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) }))
        }
    }

    static func message(_ g: inout SeededGenerator) -> DNSMessage {
        var m = DNSMessage(id: .random(in: 0...65535, using: &g), flags: .random(in: 0...65535, using: &g))
        m.questions = (0..<Int.random(in: 0...2, using: &g)).map { _ in .init(name: randomName(&g), type: .random(in: 0...300, using: &g)) }
        m.answers = (0..<Int.random(in: 0...4, using: &g)).map { _ in record(&g) }
        m.authority = (0..<Int.random(in: 0...2, using: &g)).map { _ in record(&g) }
        m.additional = (0..<Int.random(in: 0...2, using: &g)).map { _ in record(&g) }
        return m
    }

    @Test func wellFormedMessagesRoundTrip() throws {
        var g = SeededGenerator(seed: 1035)
        for i in 0..<3000 {
            let m = Self.message(&g)
            let decoded = try DNSMessage(decoding: m.encoded())
            #expect(decoded == m, "case \(i)")
            // Encoding is deterministic: the decoded message encodes to the same bytes.
            #expect(decoded.encoded() == m.encoded(), "case \(i)")
        }
    }

    @Test func randomBytesNeverCrashTheDecoderOrTheResponder() {
        var g = SeededGenerator(seed: 53)
        let responder = DNSResponder(zone: zone), index = sampleIndex()
        var decoded = 0
        for _ in 0..<5000 {
            let bytes = (0..<Int.random(in: 0...300, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) }
            if let m = try? DNSMessage(decoding: bytes) {
                decoded += 1
                #expect((try? DNSMessage(decoding: m.encoded())) == m)
            }
            check(responder.respond(to: bytes, over: Bool.random(using: &g) ? .udp : .tcp, index: index), bytes)
        }
        #expect(decoded >= 0)
    }

    @Test func mutatedQueriesAndRepliesNeverCrash() {
        var g = SeededGenerator(seed: 4343)
        let responder = DNSResponder(zone: zone), index = sampleIndex()
        let seeds: [[UInt8]] = [
            query("web.default.svc.cluster.local", DNSType.a, edns: 1232),
            query("_pg._tcp.db.default.svc.cluster.local", DNSType.srv),
            query("10.0.96.10.in-addr.arpa", DNSType.ptr),
            query("db.default.svc.cluster.local", DNSType.a),
        ] + (0..<20).map { _ in Self.message(&g).encoded() }
        for _ in 0..<10_000 {
            var bytes = seeds.randomElement(using: &g)!
            for _ in 0..<Int.random(in: 1...4, using: &g) {
                switch Int.random(in: 0..<5, using: &g) {
                case 0 where !bytes.isEmpty: bytes[Int.random(in: 0..<bytes.count, using: &g)] ^= 1 << UInt8.random(in: 0...7, using: &g)
                case 1 where !bytes.isEmpty: bytes[Int.random(in: 0..<bytes.count, using: &g)] = [0xC0, 0x3F, 0x00, 0xFF].randomElement(using: &g)!
                case 2: bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &g)))
                case 3: bytes.insert(UInt8.random(in: 0...255, using: &g), at: Int.random(in: 0...bytes.count, using: &g))
                default: if bytes.count > 12 { bytes[4...11] = [0, 1, 0xFF, 0xFF, 0, 0, 0xFF, 0xFF] }
                }
            }
            if let m = try? DNSMessage(decoding: bytes) { #expect((try? DNSMessage(decoding: m.encoded())) == m) }
            check(responder.respond(to: bytes, over: .udp, index: index), bytes)
        }
    }

    /// Whatever comes in, what goes out is a decodable response with the query's ID, or a
    /// forward of the bytes unchanged, or nothing for what has no header.
    func check(_ action: DNSResponder.Action, _ input: [UInt8]) {
        switch action {
        case .drop:
            #expect(input.count < 12 || input[2] & 0x80 != 0)
        case .forward(let q):
            #expect(q == input)
        case .reply(let out):
            let m = try? DNSMessage(decoding: out)
            #expect(m != nil && m?.isResponse == true && m?.id == DNSMessage.header(of: input)?.id)
        }
    }
}
