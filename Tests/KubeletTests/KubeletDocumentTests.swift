import Foundation
import Resources
import RuntimeAPI
import SkiffTestSupport
import Testing

/// Holds `proto-docs/kubelet.md` to the code: every documented request and reply decodes into
/// the Swift messages and encodes back to the same JSON; the asyncapi document names the
/// method and the default endpoint.
@Suite struct KubeletDocumentTests {
    static func text(_ name: String) throws -> String {
        try String(contentsOf: ChildProcess.packageRoot.appendingPathComponent("proto-docs/" + name), encoding: .utf8)
    }

    static func roundTrip<T: Codable>(_ type: T.Type, _ body: String) throws -> (JSON, JSON) {
        let decoded = try JSONDecoder().decode(T.self, from: Data(body.utf8))
        let encoder = JSONEncoder()
        let again = try JSON.parse(Array(try encoder.encode(decoded)))
        return (try JSON.parse(body), again)
    }

    @Test func documentedMessagesAreTheMessages() throws {
        let blocks = jsonBlocks(in: try Self.text("kubelet.md"))
        #expect(blocks.count == 4)
        for b in blocks {
            if b.info.count == 3, b.info[1] == "request" {
                #expect(b.info[2] == KubeletMessages.Method.logs)
                let (documented, encoded) = try Self.roundTrip(KubeletMessages.LogsRequest.self, b.body)
                #expect(documented == encoded)
            } else {
                #expect(b.info == ["json", "reply"])
                let (documented, encoded) = try Self.roundTrip(KubeletMessages.LogsResponse.self, b.body)
                #expect(documented == encoded)
            }
        }
        let text = try Self.text("kubelet.md")
        #expect(text.contains("`\(NodeDefaults.kubeletRPC)`") && text.contains("`\(KubeletMessages.rpcAnnotation)`"))
        let yaml = try Self.text("asyncapi.yaml")
        #expect(yaml.contains("host: \(NodeDefaults.kubeletRPC.replacingOccurrences(of: "tcp://", with: ""))"))
        #expect(yaml.contains(KubeletMessages.Method.logs) && yaml.contains(KubeletMessages.rpcAnnotation))
    }
}
