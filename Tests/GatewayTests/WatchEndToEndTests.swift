import Foundation
import Resources
import SkiffTestSupport
import Testing

/// HTTP watches through the real gateway and API server, read with curl: fan-out with
/// filters, resourceVersion semantics, bookmarks, timeouts and 410.
@Suite(.serialized) struct WatchEndToEndTests {
    /// A `curl -N` watch; its stdout lines are WatchEvents.
    func watch(_ c: TestCluster, _ pathAndQuery: String, headers: [String] = []) throws -> ChildProcess {
        var args = ["-s", "-N", "--max-time", "60"]
        for h in headers { args += ["-H", h] }
        return try ChildProcess(executable: URL(fileURLWithPath: "/usr/bin/curl"), arguments: args + [c.gatewayURL + pathAndQuery],
                                name: "curl watch")
    }

    func configMap(_ name: String, ns: String = "default", labels: String = "{}") -> String {
        #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"\#(name)","namespace":"\#(ns)","labels":\#(labels)}}"#
    }

    func create(_ c: TestCluster, _ body: String, ns: String = "default") async throws -> JSON {
        let r = try await curl(c.gatewayURL + "/api/v1/namespaces/\(ns)/configmaps", method: "POST",
                               headers: ["Content-Type: application/json"], data: body)
        #expect(r.status == 201, "\(r.body)")
        return try JSON.parse(r.body)
    }

    @Test func watchersShareTheStreamAndEachSeesItsOwnFilter() async throws {
        let c = try await TestCluster.start(gatewayArguments: ["--bookmark-interval-ms", "300"])
        do {
            let existing = try await create(c, configMap("before"))
            let rv = existing["metadata"]?["resourceVersion"]?.string ?? ""
            // Unset resourceVersion: ADDED for what exists, then live events.
            let all = try watch(c, "/api/v1/namespaces/default/configmaps?watch=true")
            // From a revision: only what came after it; label-selected; all namespaces.
            let labelled = try watch(c, "/api/v1/configmaps?watch=1&labelSelector=app%3Dweb&resourceVersion=\(rv)")
            // One object by name (legacy path), with bookmarks.
            let named = try watch(c, "/api/v1/watch/namespaces/default/configmaps/target?allowWatchBookmarks=true&resourceVersion=\(rv)")
            let first = try await all.line(containing: "\"before\"")
            #expect(first.hasPrefix(#"{"type":"ADDED""#))

            _ = try await create(c, configMap("web-1", labels: #"{"app":"web"}"#))
            _ = try await create(c, configMap("other"))
            _ = try await create(c, configMap("target"))
            let inKubeSystem = try await create(c, configMap("web-2", ns: "kube-system", labels: #"{"app":"web"}"#), ns: "kube-system")
            #expect(inKubeSystem["metadata"]?["namespace"] == "kube-system")

            _ = try await all.line(containing: "\"target\"")
            _ = try await labelled.line(containing: "\"web-2\"")
            _ = try await named.line(containing: "\"target\"")
            let bookmark = try await named.line(containing: "BOOKMARK")
            let b = try JSON.parse(bookmark)
            #expect(b["object"]?["kind"] == "ConfigMap")
            #expect(b["object"]?["metadata"]?["resourceVersion"]?.string != nil)

            // SIGKILL: curl started from the test runner keeps SIGTERM ignored.
            for w in [all, labelled, named] { w.send(SIGKILL); _ = try await w.exit() }
            let allNames = try names(all.stdout)
            #expect(allNames == ["before", "web-1", "other", "target"])
            #expect(try names(labelled.stdout) == ["web-1", "web-2"])
            #expect(try names(named.stdout) == ["target"])
        } catch {
            _ = try? await c.stop()
            throw error
        }
        try await c.stop()
    }

    @Test func timeoutEndsTheStreamAndOldRevisionsAreGone() async throws {
        let c = try await TestCluster.start(watchCacheSize: 2)
        do {
            let first = try await create(c, configMap("c0"))
            let oldRV = first["metadata"]?["resourceVersion"]?.string ?? ""
            for i in 1...5 { _ = try await create(c, configMap("c\(i)")) }
            // Older than the watch cache: 200, one ERROR event with a 410 Status, then the end.
            let gone = try await curl(c.gatewayURL + "/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=\(oldRV)")
            #expect(gone.status == 200)
            let event = try JSON.parse(gone.body)
            #expect(event["type"] == "ERROR")
            #expect(event["object"]?["code"] == 410)
            #expect(event["object"]?["reason"] == "Expired")

            // timeoutSeconds: the stream ends by itself.
            let started = ContinuousClock.now
            let timed = try await curl(c.gatewayURL + "/api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=1")
            #expect(timed.status == 200)
            #expect(ContinuousClock.now - started < .seconds(10))
            #expect(try names(timed.body).count == 6)
            #expect(timed.header("Transfer-Encoding") == "chunked")

            // sendInitialEvents: ADDED for each, then a bookmark marking their end.
            let initial = try await curl(c.gatewayURL + "/api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=1&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan")
            let lines = initial.body.split(separator: "\n").compactMap { try? JSON.parse(String($0)) }
            #expect(lines.count >= 7)
            #expect(lines[6]["type"] == "BOOKMARK")
            #expect(lines[6]["object"]?["metadata"]?["annotations"]?["k8s.io/initial-events-end"] == "true")

            // A graceful shutdown ends open watches instead of waiting for them.
            let open = try watch(c, "/api/v1/namespaces/default/configmaps?watch=1")
            _ = try await open.line(containing: "\"c5\"")
            let stopping = ContinuousClock.now
            #expect(try await c.stop() == [0, 0, 0])
            #expect(ContinuousClock.now - stopping < .seconds(10))
            #expect(try await open.exit(timeout: .seconds(10)) == 0)
        } catch {
            _ = try? await c.stop()
            throw error
        }
    }

    /// The `metadata.name` of each ADDED/MODIFIED/DELETED event, in order.
    func names(_ output: String) throws -> [String] {
        try output.split(separator: "\n").compactMap { line -> String? in
            let e = try JSON.parse(String(line))
            guard e["type"] != "BOOKMARK" else { return nil }
            return e["object"]?["metadata"]?["name"]?.string
        }
    }
}
