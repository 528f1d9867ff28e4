import Foundation
import SkiffTestSupport
import Testing

/// The second-language client in `proto-docs/examples/`, written only from the protocol
/// documents, against the Swift side. If they disagree, this fails.
@Suite(.serialized) struct PythonClientTests {
    static let script = ChildProcess.packageRoot.appendingPathComponent("proto-docs/examples/skiff_bus.py").path


    @Test func theDocumentsAloneAreEnoughToTalkToTheSwiftSide() async throws {
        let demo = try ChildProcess(skiff: ["bus-demo", "--rpc", "tcp://127.0.0.1:*", "--events", "tcp://127.0.0.1:*"])
        let (rpc, events) = BusFaultTests.endpoints(try await demo.line(containing: "ready"))
        let client = try ChildProcess(executable: URL(fileURLWithPath: "/usr/bin/env"),
                                      arguments: ["python3", Self.script, "--rpc", rpc, "--events", events, "check"], name: "skiff_bus.py")
        let status = try await client.exit(timeout: .seconds(180))
        #expect(status == 0, "skiff_bus.py check failed:\n\(client.stdout + client.stderr)")
        // Its summary: every step ok, and the flood made it resync and converge.
        let summary = try #require(client.stdout.split(separator: "\n").last { $0.hasPrefix("{") })
        let json = try #require(try JSONSerialization.jsonObject(with: Data(summary.utf8)) as? [String: Any])
        #expect(json["ping"] as? String == "ok")
        #expect(json["echo"] as? String == "ok")
        let follow = try #require(json["follow"] as? [String: Any])
        #expect(follow["value"] as? Int == follow["expected"] as? Int)
        #expect(follow["resyncs"] as? Int == 0)
        let gap = try #require(json["gap"] as? [String: Any])
        #expect((gap["gaps_detected"] as? Int ?? 0) >= 1)
        #expect(gap["value"] as? Int == gap["expected"] as? Int)
        demo.send(SIGTERM)
        _ = try await demo.exit()
    }

    @Test func theDocumentExamplesDecodeAsDocumented() async throws {
        let selftest = try ChildProcess(executable: URL(fileURLWithPath: "/usr/bin/env"), arguments: ["python3", Self.script, "selftest"], name: "skiff_bus.py selftest")
        #expect(try await selftest.exit() == 0, "\(selftest.stdout + selftest.stderr)")
    }
}
