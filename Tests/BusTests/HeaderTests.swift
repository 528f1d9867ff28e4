import Testing
@testable import Bus

@Suite struct HeaderTests {
    @Test func requestHeadersRoundTrip() throws {
        let header = RPC.RequestHeader(id: .max, timeoutMilliseconds: 1500, idempotent: true, method: "store.range")
        #expect(try RPC.RequestHeader.decode(header.encode()) == header)
    }

    @Test func replyHeadersRoundTrip() throws {
        let ok = RPC.ReplyHeader(id: 9)
        #expect(try RPC.ReplyHeader.decode(ok.encode()) == ok)
        let error = RPC.ReplyHeader(id: 10, code: 409, reason: "Conflict")
        #expect(try RPC.ReplyHeader.decode(error.encode()) == error)
    }

    @Test(arguments: [
        ([], nil, "truncated"),
        ([1], nil, "truncated"),
        ([2, 1, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 1, 0x61], nil, "version 2"),
        ([1, 2, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 1, 0x61], 7, "not a request"),
        ([1, 1, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0], 7, "truncated"),
        ([1, 1, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 4, 1, 0x61], 7, "flags"),
        ([1, 1, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0], 7, "empty method"),
        ([1, 1, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 5, 0x61], 7, "truncated"),
        ([1, 1, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 1, 0x61, 0x62], 7, "after the method"),
        ([1, 1, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 1, 0x0a], 7, "printable"),
    ] as [([UInt8], UInt64?, String)])
    func malformedRequestHeadersAreNamed(bytes: [UInt8], id: UInt64?, says: String) {
        let error = #expect(throws: RPC.HeaderError.self) { try RPC.RequestHeader.decode(bytes) }
        #expect(error?.id == id)
        #expect(error?.description.contains(says) == true, "\(error?.description ?? "")")
    }

    @Test func eventHeadersRoundTripAndRejectMalformed() {
        let header = EventStream.Header(kind: .event, epoch: 0x1122334455667788, sequence: 3, revision: 42)
        let bytes = header.encode()
        #expect(bytes.count == EventStream.Header.size)
        #expect(EventStream.Header.decode(bytes) == header)
        #expect(EventStream.Header.decode(Array(bytes.dropLast())) == nil)
        var wrongVersion = bytes
        wrongVersion[0] = 9
        #expect(EventStream.Header.decode(wrongVersion) == nil)
        var wrongKind = bytes
        wrongKind[1] = 3
        #expect(EventStream.Header.decode(wrongKind) == nil)
    }

    @Test(arguments: [
        ("pods/default/web-0", "pods/"),
        ("nodes//node-1", "nodes/"),
        ("pods@node/node-1/default/web-0", "pods@node/node-1/"),
        ("/registry/pods/default/web-0", "/"),
        ("pods/", "pods/"),
        ("pods@node/node-1/", "pods@node/node-1/"),
        ("pods@node/node-1", "pods@node/node-1"),
        ("lonely", "lonely"),
        ("", ""),
    ])
    func streamRule(topic: String, stream: String) {
        #expect(EventStream.stream(of: topic) == stream)
    }

    @Test func streamNames() {
        #expect(EventStream.isStreamName("pods/"))
        #expect(EventStream.isStreamName("pods@node/n1/"))
        #expect(!EventStream.isStreamName("pods/default/"))
    }
}
