import Bus
import CAdvisor
import Client
import Foundation
import Resources
import RuntimeAPI
import SkiffTestSupport
import Testing

/// Holds `proto-docs/cadvisor.md` (and cAdvisor's part of `asyncapi.yaml`) to the code: the
/// documented report is the one the code builds from matching readings, and §6 is replayed
/// against a real store and API server.
@Suite(.serialized) struct CAdvisorDocumentTests {
    static let root = ChildProcess.packageRoot.appendingPathComponent("proto-docs")

    /// The fenced blocks whose info string starts with `json`.
    static func blocks() throws -> [(info: [String], body: String)] {
        jsonBlocks(in: try String(contentsOf: root.appendingPathComponent("cadvisor.md"), encoding: .utf8))
    }

    static func documentedReport() throws -> (text: String, report: MetricsReport) {
        let block = try #require(try blocks().first { $0.info == ["json", "request", MetricsReport.method] })
        return (block.body, try JSONDecoder().decode(MetricsReport.self, from: Data(block.body.utf8)))
    }

    @Test func theDocumentedReportIsTheOneTheCodeBuilds() throws {
        let (text, documented) = try Self.documentedReport()
        // Every documented field is one the code knows, and the other way round.
        #expect(try JSON.parse(Array(try JSONEncoder().encode(documented))) == JSON.parse(text))

        // Readings that give the documented figures: 12 CPU-seconds of the node and 0.5 of nginx
        // over 10.003 s.
        let at = try #require(MetaTime(rfc3339: documented.timestamp)).seconds
        func time(_ ms: Int64) -> SampleTime {
            SampleTime(unixNanoseconds: (at - 10) * 1_000_000_000 + ms * 1_000_000, monotonicNanoseconds: ms * 1_000_000)
        }
        func node(_ cpu: UInt64) -> NodeReading {
            NodeReading(cpuNanoseconds: cpu, memory: .init(totalBytes: 8 << 30, usageBytes: 4 << 30, workingSetBytes: 3 << 30), io: nil)
        }
        func nginx(_ cpu: UInt64) -> ContainerReading {
            ContainerReading(identity: .init(id: "c1", name: "nginx", podName: "web", podNamespace: "default",
                                             podUID: "0b6f1a3c-2f64-4b8e-9c1f-5e2d7a9b8c11", cgroup: "/proc/1"),
                             cpuNanoseconds: cpu, memoryWorkingSetBytes: 12_641_280, io: nil, cpuSource: .proc, memorySource: .proc)
        }
        var tracker = UsageTracker()
        _ = tracker.read(node: node(100_000_000_000), containers: [nginx(1_000_000_000)], at: time(0))
        let sample = tracker.read(node: node(112_000_000_000), containers: [nginx(1_500_000_000)], at: time(10_003))
        #expect(ReportBuilder.report(node: "node-1", sample: sample, interval: .seconds(10)) == documented)
    }

    @Test func theExampleMatchesTheAPIServer() async throws {
        let blocks = try Self.blocks()
        let cluster = try await TestCluster.start()
        let api = try await APIClient(endpoints: [cluster.apiRPC])
        let rpc = try await RPC.Client(connect: [cluster.apiRPC])
        do {
            _ = try await api.call(APIRequest(.create, resource: "nodes", body: ["apiVersion": "v1", "kind": "Node",
                                                                                 "metadata": ["name": "node-1"]]))
            let pod = try await api.call(APIRequest(.create, resource: "pods", namespace: "default", body: [
                "apiVersion": "v1", "kind": "Pod", "metadata": ["name": "web", "labels": ["app": "web"]],
                "spec": ["containers": [["name": "nginx", "image": "nginx"]]]])).object()
            let uid = try #require(pod["metadata"]?["uid"]?.string)
            var calls = 0
            var i = 0
            while i + 1 < blocks.count {
                guard blocks[i].info.count == 3, blocks[i].info[1] == "request" else {
                    i += 1
                    continue
                }
                let method = blocks[i].info[2]
                // The pod got its own uid; the document shows one.
                let body = blocks[i].body.replacingOccurrences(of: "0b6f1a3c-2f64-4b8e-9c1f-5e2d7a9b8c11", with: uid)
                let reply = String(decoding: try await rpc.call(method, Array(body.utf8), timeout: .seconds(10)), as: UTF8.self)
                let expected = blocks[i + 1]
                #expect(expected.info == ["json", "reply"])
                if method == MetricsReport.method {
                    #expect(try JSON.parse(reply) == JSON.parse(expected.body))
                } else {
                    let documented = expected.body.split(separator: "\n", maxSplits: 1).map(String.init)
                    let actual = reply.split(separator: "\n", maxSplits: 1).map(String.init)
                    #expect(documented.count == 2 && actual.count == 2)
                    #expect(try JSON.parse(actual[0]) == JSON.parse(documented[0]))
                    #expect(try Self.normalized(JSON.parse(actual[1])) == Self.normalized(JSON.parse(documented[1])),
                            "\(method): the API server answered \(actual[1])")
                }
                calls += 1
                i += 2
            }
            #expect(calls == 3)
        } catch {
            Issue.record(error)
        }
        await rpc.close()
        await api.close()
        try await cluster.stop()
    }

    static func normalized(_ value: JSON) -> JSON {
        switch value {
        case .object(var o):
            for k in o.keys { o[k] = k == "creationTimestamp" ? "<volatile>" : normalized(o[k]!) }
            return .object(o)
        case .array(let a): return .array(a.map(normalized))
        default: return value
        }
    }

    @Test func theDocumentsNameEveryMetricAndField() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("cadvisor.md"), encoding: .utf8)
        for family in CAdvisorMetrics.families(nil, counters: .init()) {
            #expect(text.contains("`\(family.name)") && text.contains("| \(family.type.rawValue) |"), "\(family.name)")
        }
        #expect(text.contains("`\(NodeDefaults.cadvisorRPC)`") && text.contains("`\(NodeDefaults.runtimeRPC)`"))
        for label in [MetricsReport.Labels.podName, MetricsReport.Labels.podNamespace, MetricsReport.Labels.podUID,
                      MetricsReport.Labels.containerName] {
            #expect(text.contains("`\(label)`"))
        }
        let asyncapi = try String(contentsOf: Self.root.appendingPathComponent("asyncapi.yaml"), encoding: .utf8)
        #expect(asyncapi.contains("host: " + NodeDefaults.cadvisorRPC.replacingOccurrences(of: "tcp://", with: "")))
        #expect(asyncapi.contains("`\(MetricsReport.method)`"))
        // The required fields are the keys the code writes.
        let (_, report) = try Self.documentedReport()
        let encoded = try JSON.parse(Array(try JSONEncoder().encode(report)))
        let keys = try #require(encoded.object?.keys)
        #expect(asyncapi.contains("required: [\(keys.sorted(by: Self.documentedOrder).joined(separator: ", "))]"), "\(keys)")
        let usageKeys = try #require(encoded["usage"]?.object?.keys)
        #expect(asyncapi.contains("required: [\(usageKeys.sorted().joined(separator: ", "))]"))
    }

    /// The order `asyncapi.yaml` lists the report's fields in.
    static func documentedOrder(_ a: String, _ b: String) -> Bool {
        let order = ["node", "timestamp", "windowMilliseconds", "intervalMilliseconds", "usage", "pods"]
        return (order.firstIndex(of: a) ?? order.count) < (order.firstIndex(of: b) ?? order.count)
    }
}
