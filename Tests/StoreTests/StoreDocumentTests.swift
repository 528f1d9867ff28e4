import Bus
import Foundation
import Store
import Testing

/// Holds `proto-docs/store.md` to the code: its example session is replayed against a real
/// store, and every reply and the change event must equal the document's (as JSON values).
@Suite struct StoreDocumentTests {
    static let document = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("proto-docs/store.md")

    /// The fenced blocks whose info string starts with `json`: (info, body).
    static func blocks(_ text: String) -> [(info: String, body: String)] {
        var out: [(String, String)] = []
        var current: (String, [String])?
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("```") {
                if let c = current { out.append((c.0, c.1.joined(separator: "\n"))); current = nil } else {
                    let info = String(line.dropFirst(3))
                    current = info.hasPrefix("json") ? (info, []) : ("", [])
                }
            } else if current != nil {
                current!.1.append(line)
            }
        }
        return out.filter { $0.0.hasPrefix("json") }
    }

    static func json(_ bytes: some Sequence<UInt8>) throws -> NSObject {
        try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) as! NSObject
    }

    @Test func exampleSessionMatchesTheStore() async throws {
        let text = try String(contentsOf: Self.document, encoding: .utf8)
        #expect(text.contains("`\(StoreDefaults.rpcEndpoint)`") && text.contains("`\(StoreDefaults.eventsEndpoint)`"))
        let blocks = Self.blocks(text)
        #expect(blocks.count >= 13)
        try await TestStore.with { s in
            let subscriber = try await EventStream.Subscriber(connect: [s.service.eventsEndpoint], streams: [StoreProtocol.stream])
            var deliveries = subscriber.deliveries.makeAsyncIterator()
            guard case .live? = await deliveries.next() else { Issue.record("stream not live"); return }
            var i = 0
            var requests = 0
            while i < blocks.count {
                let info = blocks[i].info.split(separator: " ")
                if info.count == 3, info[1] == "request" {
                    let method = String(info[2])
                    let reply = try await s.client.rpc.call(method, Array(blocks[i].body.utf8))
                    let documented = try #require(blocks[safe: i + 1], "no reply block after \(method)")
                    #expect(documented.info == "json reply")
                    #expect(try Self.json(reply) == Self.json(Array(documented.body.utf8)),
                            "\(method): the store answered \(String(decoding: reply, as: UTF8.self))")
                    requests += 1
                    i += 2
                } else {
                    i += 1
                }
            }
            #expect(requests == 6)
            let gone = await busError { _ = try await s.client.changes(since: 1) }
            #expect(gone?.reason == .gone && text.contains(gone!.message.replacingOccurrences(of: "; ", with: ";\n")))

            var events: [EventStream.Event] = []
            while events.count < 2, let d = await deliveries.next() {
                if case .event(let e) = d { events.append(e) }
            }
            let documentedEvent = try #require(blocks.first { $0.info == "json event" })
            #expect(events[1].topic == "/registry/pods/default/web-0" && events[1].sequence == 2 && events[1].revision == 2)
            #expect(try Self.json(events[1].body) == Self.json(Array(documentedEvent.body.utf8)))
            #expect(s.service.sequenceBase == 0)
            await subscriber.close()
        }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
