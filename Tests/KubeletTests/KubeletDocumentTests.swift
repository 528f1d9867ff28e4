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

    /// The fenced `json` blocks: (info words, body).
    static func blocks(_ text: String) -> [(info: [String], body: String)] {
        var out: [(info: [String], body: String)] = []
        var current: (info: [String], lines: [String])?
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("```") {
                if let c = current {
                    out.append((c.info, c.lines.joined(separator: "\n")))
                    current = nil
                } else {
                    current = (line.dropFirst(3).split(separator: " ").map(String.init), [])
                }
            } else if current != nil {
                current!.lines.append(line)
            }
        }
        return out.filter { $0.info.first == "json" }
    }

    static func roundTrip<T: Codable>(_ type: T.Type, _ body: String) throws -> (JSON, JSON) {
        let decoded = try JSONDecoder().decode(T.self, from: Data(body.utf8))
        let encoder = JSONEncoder()
        let again = try JSON.parse(Array(try encoder.encode(decoded)))
        return (try JSON.parse(body), again)
    }

    @Test func documentedMessagesAreTheMessages() throws {
        let blocks = Self.blocks(try Self.text("kubelet.md"))
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
