import Client
import Foundation
import Resources
import SkiffTestSupport
import Testing

/// `skiff events` as a real process following a real API server's stream.
@Suite(.serialized) struct EventsCommandTests {
    @Test func followsOneStreamAsTextOrJSON() async throws {
        let cluster = try await TestCluster.start()
        let api = try await APIClient(endpoints: [cluster.apiRPC])
        let json = try ChildProcess(skiff: ["events", "--events", cluster.apiEvents, "--stream", "configmaps/", "--output", "json", "--count", "2"])
        let text = try ChildProcess(skiff: ["events", "--events", cluster.apiEvents, "--count", "2"])
        // Once both say their subscription is live, everything written after reaches them.
        try await eventually(.seconds(60), "both followers to be live") {
            json.stderr.contains("following configmaps/") && text.stderr.contains("following every stream")
        }
        _ = try await api.call(APIRequest(.create, resource: "configmaps", namespace: "default", body: ["metadata": ["name": "cm-1"]]))
        _ = try await api.call(APIRequest(.delete, resource: "configmaps", namespace: "default", name: "cm-1"))
        #expect(try await json.exit() == 0)
        #expect(try await text.exit() == 0)
        let lines = json.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        let first = try JSON.parse(lines[0]), second = try JSON.parse(lines[1])
        #expect(first["type"] == "ADDED" && second["type"] == "DELETED")
        #expect(first["topic"] == "configmaps/default/cm-1")
        #expect(first["object"]?["kind"] == "ConfigMap")
        #expect((second["revision"]?.int ?? 0) > (first["revision"]?.int ?? 0))
        for line in text.stdout.split(separator: "\n") {
            let fields = line.split(separator: " ")
            #expect(fields.count == 3 && Int(fields[0]) != nil && ["ADDED", "MODIFIED", "DELETED"].contains(String(fields[1])), "\(line)")
        }
        await api.close()
        try await cluster.stop()
    }

    @Test func rejectsABadStreamNameWithAMessage() async throws {
        let (status, _, stderr) = try await ChildProcess.run(["events", "--stream", "pods", "--events", "tcp://127.0.0.1:1"])
        #expect(status != 0)
        #expect(stderr.contains("--stream must be a stream name"))
    }
}
