import Testing
@testable import DNS

@Suite struct ResponderTests {
    let responder = DNSResponder(zone: zone)

    func reply(_ bytes: [UInt8], _ transport: DNSResponder.Transport = .udp, _ index: ClusterIndex = sampleIndex()) throws -> DNSMessage {
        guard case .reply(let out) = responder.respond(to: bytes, over: transport, index: index) else {
            Issue.record("no reply")
            return DNSMessage(id: 0)
        }
        return try DNSMessage(decoding: out)
    }

    @Test func answersAuthoritativelyKeepingIDQuestionAndRD() throws {
        let m = try reply(query("Web.default.svc.cluster.local", DNSType.a, id: 77))
        #expect(m.id == 77 && m.isResponse && m.authoritative && m.recursionDesired && m.rcode == 0)
        #expect(m.questions.first?.name.description == "Web.default.svc.cluster.local.")
        #expect(m.answers.count == 1 && m.opt == nil)
        let nx = try reply(query("nope.default.svc.cluster.local", DNSType.a))
        #expect(nx.rcode == 3 && nx.authority.first?.type == DNSType.soa)
    }

    @Test func echoesEDNSAndTruncatesOverUDP() throws {
        var index = sampleIndex()
        let addresses = (1...60).map { #"{"ip":"10.244.1.\#($0)"}"# }.joined(separator: ",")
        index.upsert("endpoints", json(#"{"metadata":{"name":"db","namespace":"default"},"subsets":[{"addresses":[\#(addresses)]}]}"#), now: 1)
        let plain = try reply(query("db.default.svc.cluster.local", DNSType.a), .udp, index)
        #expect(plain.truncated && plain.answers.isEmpty && plain.questions.count == 1)
        let big = try reply(query("db.default.svc.cluster.local", DNSType.a, edns: 4096), .udp, index)
        #expect(!big.truncated && big.answers.count == 60 && big.opt?.class == 1232)
        let small = try reply(query("db.default.svc.cluster.local", DNSType.a, edns: 100), .udp, index)  // below 512: 512
        #expect(small.truncated && small.opt != nil)
        let tcp = try reply(query("db.default.svc.cluster.local", DNSType.a), .tcp, index)
        #expect(!tcp.truncated && tcp.answers.count == 60)
    }

    @Test func malformedQueries() throws {
        #expect(responder.respond(to: [1, 2, 3], over: .udp, index: sampleIndex()) == .drop)
        var response = query("web.default.svc.cluster.local", DNSType.a)
        response[2] |= 0x80
        #expect(responder.respond(to: response, over: .udp, index: sampleIndex()) == .drop)
        let garbage: [UInt8] = [0xAB, 0xCD, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0x3F, 0x61]
        let formerr = try reply(garbage)
        #expect(formerr.id == 0xABCD && formerr.rcode == 1 && formerr.isResponse)
        var twoQuestions = DNSMessage(id: 5)
        twoQuestions.questions = [.init(name: name("a.cluster.local"), type: 1), .init(name: name("b.cluster.local"), type: 1)]
        #expect(try reply(twoQuestions.encoded()).rcode == 1)
        var notify = query("web.default.svc.cluster.local", DNSType.a)
        notify[2] = 0x20  // opcode 4 (NOTIFY)
        let notImp = try reply(notify)
        #expect(notImp.rcode == 4 && notImp.opcode == 4)
    }

    @Test func forwardsOtherNamesUnchanged() {
        let q = query("example.org", DNSType.a)
        #expect(responder.respond(to: q, over: .udp, index: sampleIndex()) == .forward(q))
        let fail = DNSResponder.serverFailure(for: q).flatMap { try? DNSMessage(decoding: $0) }
        #expect(fail?.rcode == 2 && fail?.id == 0x1234 && fail?.questions.count == 1)
    }
}
