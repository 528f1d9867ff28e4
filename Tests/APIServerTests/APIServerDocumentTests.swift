import Bus
import Client
import Foundation
import Resources
import SkiffTestSupport
import Testing

/// Holds `proto-docs/apiserver.md` to the code: its example session is replayed against a real
/// store and API server; replies, errors and stream events must equal the document's as JSON
/// values, `uid` and `creationTimestamp` aside.
@Suite(.serialized) struct APIServerDocumentTests {
    static let document = ChildProcess.packageRoot.appendingPathComponent("proto-docs/apiserver.md")

    /// The value with volatile fields replaced, everywhere in it.
    static func normalized(_ value: JSON) -> JSON {
        switch value {
        case .object(var o):
            for k in o.keys {
                if k == "uid" || k == "creationTimestamp" { o[k] = "<volatile>" } else { o[k] = normalized(o[k]!) }
            }
            return .object(o)
        case .array(let a): return .array(a.map(normalized))
        default: return value
        }
    }

    static func parse(_ text: String) throws -> JSON { normalized(try JSON.parse(text)) }

    @Test func exampleSessionMatchesTheAPIServer() async throws {
        let text = try String(contentsOf: Self.document, encoding: .utf8)
        #expect(text.contains("`\(APIDefaults.rpcEndpoint)`") && text.contains("`\(APIDefaults.eventsEndpoint)`"))
        let blocks = jsonBlocks(in: text)
        let cluster = try await TestCluster.start()
        let rpc = try await RPC.Client(connect: [cluster.apiRPC])
        let subscriber = try await EventStream.Subscriber(connect: [cluster.apiEvents], streams: ["configmaps/"])
        var deliveries = subscriber.deliveries.makeAsyncIterator()
        guard case .live? = await deliveries.next() else {
            Issue.record("the stream never became live")
            return
        }
        var calls = 0
        var i = 0
        while i < blocks.count {
            let block = blocks[i]
            guard block.info.count == 3, block.info[1] == "request" else {
                i += 1
                continue
            }
            let method = block.info[2]
            let expected = try #require(i + 1 < blocks.count ? blocks[i + 1] : nil, "no reply after \(method)")
            do {
                let reply = try await rpc.call(method, Array(block.body.utf8))
                #expect(expected.info == ["json", "reply"], "\(method) succeeded: \(String(decoding: reply, as: UTF8.self))")
                let documented = expected.body.split(separator: "\n", maxSplits: 1).map(String.init)
                let actual = String(decoding: reply, as: UTF8.self).split(separator: "\n", maxSplits: 1).map(String.init)
                #expect(documented.count == 2 && actual.count == 2)
                #expect(try Self.parse(actual[0]) == Self.parse(documented[0]), "\(method) header")
                #expect(try Self.parse(actual[1]) == Self.parse(documented[1]), "\(method): the API server answered \(actual[1])")
            } catch let e as BusError {
                #expect(expected.info == ["json", "error", String(e.code), e.reason.rawValue], "\(method) failed: \(e)")
                #expect(try Self.parse(e.message) == Self.parse(expected.body), "\(method): the error was \(e.message)")
            }
            calls += 1
            i += 2
        }
        #expect(calls == 6)
        let documentedEvents = blocks.filter { $0.info.count == 4 && $0.info[1] == "event" }
        #expect(documentedEvents.count == 3)
        for documented in documentedEvents {
            var event: EventStream.Event?
            while event == nil, let d = await deliveries.next() { if case .event(let e) = d { event = e } }
            let e = try #require(event)
            #expect(e.topic == documented.info[3])
            let body = try Self.parse(String(decoding: e.body, as: UTF8.self))
            #expect(body == (try Self.parse(documented.body)))
            #expect(body["type"]?.string == documented.info[2])
            #expect(String(e.revision) == body["object"]?["metadata"]?["resourceVersion"]?.string)
        }
        await subscriber.close()
        await rpc.close()
        try await cluster.stop()
    }

    @Test func theAsyncAPIDocumentDeclaresTheAPIServersEndpointsAndEventTypes() throws {
        let text = try String(contentsOf: ChildProcess.packageRoot.appendingPathComponent("proto-docs/asyncapi.yaml"), encoding: .utf8)
        for endpoint in [APIDefaults.rpcEndpoint, APIDefaults.eventsEndpoint] {
            #expect(text.contains("host: " + endpoint.replacingOccurrences(of: "tcp://", with: "")))
        }
        let types = [ClusterEvent.EventType.added, .modified, .deleted].map(\.rawValue).joined(separator: ", ")
        #expect(text.contains("enum: [\(types)]"))
        #expect(text.contains("address: '\(ClusterEvent.nodeStream(node: "{node}"))'"))
    }
}
