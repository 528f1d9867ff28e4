import Testing
@testable import DNS

@Suite struct CodecTests {
    func sample() -> DNSMessage {
        var m = DNSMessage(id: 0xBEEF, flags: 0x8580)
        let svc = name("web.default.svc.cluster.local")
        m.questions = [.init(name: svc, type: DNSType.a)]
        m.answers = [
            .a(svc, [10, 96, 0, 10], ttl: 5),
            .a(svc, IPAddress.parse("fd00::1")!, ttl: 5),
            DNSRecord(name: svc, type: DNSType.cname, ttl: 5, data: .cname(name("x.example.org"))),
            DNSRecord(name: svc, type: DNSType.srv, ttl: 5, data: .srv(priority: 0, weight: 100, port: 80, target: svc)),
            DNSRecord(name: name("10.0.96.10.in-addr.arpa"), type: DNSType.ptr, ttl: 5, data: .ptr(svc)),
            DNSRecord(name: svc, type: DNSType.txt, ttl: 5, data: .raw([3, 0x61, 0x62, 0x63])),
        ]
        m.authority = [DNSRecord(name: name("cluster.local"), type: DNSType.soa, ttl: 5,
                                 data: .soa(mname: name("ns.dns.cluster.local"), rname: name("hostmaster.cluster.local"),
                                            serial: 7, refresh: 7200, retry: 1800, expire: 86400, minimum: 5)),
                       DNSRecord(name: name("cluster.local"), type: DNSType.ns, ttl: 5, data: .ns(name("ns.dns.cluster.local")))]
        m.additional = [.opt(payloadSize: 1232)]
        return m
    }

    @Test func roundTripsEveryRecordType() throws {
        let m = sample()
        #expect(try DNSMessage(decoding: m.encoded()) == m)
    }

    @Test func compressesRepeatedNames() {
        let svc = name("web.default.svc.cluster.local")
        var m = DNSMessage(id: 1)
        m.questions = [.init(name: svc, type: DNSType.a)]
        m.answers = (1...3).map { DNSRecord.a(svc, [10, 0, 0, $0], ttl: 5) }
        // The name is written once in full (31 bytes); each answer's owner is a 2-byte pointer to it.
        let bytes = m.encoded()
        #expect(svc.wireLength == 31)
        #expect(bytes.count == 12 + (31 + 4) + 3 * (2 + 10 + 4))
        #expect(bytes[47...48] == [0xC0, 12])
        // A name sharing only a suffix points into it: `db.default…` is 3 bytes + a pointer.
        m.answers.append(.a(name("db.default.svc.cluster.local"), [10, 0, 0, 9], ttl: 5))
        #expect(m.encoded().count == bytes.count + (3 + 2) + 10 + 4)
    }

    @Test func headerFlags() throws {
        var m = DNSMessage(id: 1, flags: 0x0100)
        #expect(m.recursionDesired && !m.isResponse && m.opcode == 0)
        m.isResponse = true; m.authoritative = true; m.truncated = true; m.rcode = 3
        #expect(m.flags == 0x8100 | 0x0400 | 0x0200 | 3)
        #expect(try DNSMessage(decoding: m.encoded()).flags == m.flags)
    }

    @Test func namesCompareCaseInsensitively() {
        #expect(name("WEB.Default.svc.CLUSTER.local.") == name("web.default.svc.cluster.local"))
        #expect(name("WEB.Default.svc.CLUSTER.local.").hashValue == name("web.default.svc.cluster.local").hashValue)
        #expect(name("a.b.cluster.local").isSubdomain(of: name("Cluster.Local")))
        #expect(!name("local").isSubdomain(of: name("cluster.local")))
        #expect(DNSName("a..b") == nil)
        #expect(DNSName(String(repeating: "a", count: 64)) == nil)
        #expect(DNSName(Array(repeating: String(repeating: "a", count: 63), count: 4).joined(separator: ".")) == nil)
    }

    @Test func rejectsPointerLoopsAndForwardPointers() {
        // Header with one question whose name is a pointer to itself (offset 12).
        let selfLoop: [UInt8] = [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1]
        #expect(throws: DNSWireError.badPointer) { try DNSMessage(decoding: selfLoop) }
        let forward: [UInt8] = [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 14, 1, 0x61, 0, 0, 1, 0, 1]
        #expect(throws: DNSWireError.badPointer) { try DNSMessage(decoding: forward) }
        let badLabel: [UInt8] = [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x80, 0, 0, 1, 0, 1]
        #expect(throws: DNSWireError.badLabelType) { try DNSMessage(decoding: badLabel) }
        let short: [UInt8] = [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, 0x61]
        #expect(throws: DNSWireError.truncated) { try DNSMessage(decoding: short) }
    }

    @Test func decodesWhatDigSends() throws {
        // `dig @… web.default.svc.cluster.local` (EDNS0, 1232 bytes, a cookie option).
        var bytes: [UInt8] = [0x4a, 0x2f, 0x01, 0x20, 0, 1, 0, 0, 0, 0, 0, 1]
        for l in ["web", "default", "svc", "cluster", "local"] { bytes.append(UInt8(l.count)); bytes += Array(l.utf8) }
        bytes += [0, 0, 1, 0, 1]
        bytes += [0, 0, 41, 0x04, 0xd0, 0, 0, 0, 0, 0, 12, 0, 10, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8]
        let m = try DNSMessage(decoding: bytes)
        #expect(m.id == 0x4a2f && m.questions.first?.name == name("web.default.svc.cluster.local"))
        #expect(m.opt?.class == 1232)
    }

    @Test func addresses() {
        #expect(IPAddress.parse("10.96.0.1") == [10, 96, 0, 1])
        #expect(IPAddress.parse("10.96.0") == nil && IPAddress.parse("256.0.0.1") == nil && IPAddress.parse("1.2.3.+4") == nil)
        #expect(IPAddress.format(IPAddress.parse("fd00::10")!) == "fd00::10")
        #expect(IPAddress.undash("10-244-1-5") == [10, 244, 1, 5])
        #expect(IPAddress.undash("fd00--10") == IPAddress.parse("fd00::10"))
        #expect(IPAddress.fromReverse(["5", "1", "244", "10", "in-addr", "arpa"]) == [10, 244, 1, 5])
        #expect(ResolvConf.nameservers("# x\nnameserver 10.255.255.53\nsearch a\nnameserver fe80::1%eth0\nnameserver bogus\n")
                == ["10.255.255.53", "fe80::1"])
        #expect(ResolvConf.isPermittedUpstream([127, 0, 0, 9], configured: []))
        #expect(!ResolvConf.isPermittedUpstream([8, 8, 8, 8], configured: ["10.0.0.1"]))
        #expect(ResolvConf.isPermittedUpstream([10, 0, 0, 1], configured: ["10.0.0.1"]))
    }
}
