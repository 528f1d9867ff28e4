import Bus
import Client
import Foundation
import Resources
import RuntimeAPI
import SkiffTestSupport
import Testing

/// A real store and API server, a real `skiff cadvisor`, and real processes to measure: a
/// Python busy loop and an idle Python, listed by a stand-in runtime as the containers of two
/// pods.
@Suite(.serialized) struct CAdvisorProcessTests {
    static func python(_ code: String) throws -> ChildProcess {
        try ChildProcess(executable: URL(fileURLWithPath: "/usr/bin/python3"), arguments: ["-c", code], name: "python3")
    }

    static func create(_ api: APIClient, _ resource: String, namespace: String? = nil, _ body: JSON) async throws -> JSON {
        try await api.call(APIRequest(.create, resource: resource, namespace: namespace, body: body)).object()
    }

    static func pod(_ name: String, labels: JSON) -> JSON {
        ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name), "labels": labels],
         "spec": ["containers": [["name": "main", "image": "python:3"]]]]
    }

    static func metrics(_ api: APIClient, _ verb: APIRequest.Verb, _ resource: String, namespace: String? = nil,
                        name: String? = nil, query: [String: String] = [:]) async throws(StatusError) -> JSON {
        try await api.call(APIRequest(verb, group: "metrics.k8s.io", version: "v1beta1", resource: resource,
                                      namespace: namespace, name: name, query: query)).object()
    }

    static func cores(_ usage: JSON?) -> Double {
        (try? Quantity(parsing: usage?["cpu"]?.string ?? "")).map(\.doubleValue) ?? -1
    }

    static func bytes(_ usage: JSON?) -> Double {
        (try? Quantity(parsing: usage?["memory"]?.string ?? "")).map(\.doubleValue) ?? -1
    }

    @Test func measuresRealProcessesAndTheAPIServerServesThem() async throws {
        let cluster = try await TestCluster.start()
        let api = try await APIClient(endpoints: [cluster.apiRPC])
        let busy = try Self.python("while True: pass")
        let idle = try Self.python("import time\nx = bytearray(32 * 1024 * 1024)\nx[::4096] = b'x' * len(x[::4096])\ntime.sleep(600)")
        var cadvisor: ChildProcess?
        var runtime: StandInRuntime?
        do {
            _ = try await Self.create(api, "nodes", ["apiVersion": "v1", "kind": "Node",
                                                     "metadata": ["name": "node-1", "labels": ["zone": "a"]]])
            let busyPod = try await Self.create(api, "pods", namespace: "default", Self.pod("busy", labels: ["app": "busy"]))
            let idlePod = try await Self.create(api, "pods", namespace: "default", Self.pod("idle", labels: ["app": "idle"]))
            runtime = try await StandInRuntime([
                StandInRuntime.container(id: "c-busy", pod: "busy", uid: busyPod["metadata"]?["uid"]?.string ?? "",
                                         name: "spin", pid: busy.pid),
                StandInRuntime.container(id: "c-idle", pod: "idle", uid: idlePod["metadata"]?["uid"]?.string ?? "",
                                         name: "sleep", pid: idle.pid),
            ])
            let c = try ChildProcess(skiff: ["cadvisor", "--node-name", "node-1", "--runtime", runtime!.endpoint,
                                             "--api", cluster.apiRPC, "--rpc", "tcp://127.0.0.1:*", "--interval", "1s",
                                             "--metrics-port", "0"])
            cadvisor = c
            let ready = readyFields(try await c.line(containing: "skiff cadvisor ready"))
            #expect(ready["node"] == "node-1" && ready["interval"] == "1s")
            let metricsURL = try #require(ready["metrics"])
            #expect(metricsURL.hasPrefix("http://127.0.0.1:") && metricsURL.hasSuffix("/metrics"))

            // Both pods appear once two readings made a window.
            try await eventually(.seconds(90), "both pods' metrics") {
                let list = try? await Self.metrics(api, .list, "pods", namespace: "default")
                return list?["items"]?.array?.count == 2
            }
            // The busy loop burns CPU — how much depends on what else this machine runs: take the
            // first window in which it got a share.
            var list = try await Self.metrics(api, .list, "pods", namespace: "default")
            let deadline = ContinuousClock.now + .seconds(90)
            while Self.cores(list["items"]?[0]?["containers"]?[0]?["usage"]) <= 0.05, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(500))
                list = try await Self.metrics(api, .list, "pods", namespace: "default")
            }
            #expect(list["kind"]?.string == "PodMetricsList" && list["apiVersion"]?.string == "metrics.k8s.io/v1beta1")
            let items = try #require(list["items"]?.array)
            #expect(items.map { $0["metadata"]?["name"]?.string } == ["busy", "idle"])
            let busyItem = items[0], idleItem = items[1]
            #expect(busyItem["metadata"]?["labels"]?["app"]?.string == "busy")
            #expect(busyItem["containers"]?[0]?["name"]?.string == "spin")
            #expect(busyItem["window"]?.string?.hasSuffix("s") == true)
            #expect(MetaTime(rfc3339: busyItem["timestamp"]?.string ?? "") != nil)
            let cpu = busyItem["containers"]?[0]?["usage"]?["cpu"]?.string ?? ""
            #expect(cpu.hasSuffix("n") || cpu.hasSuffix("u") || cpu.hasSuffix("m"), "cpu \(cpu) is a quantity of nanocores")
            // The busy loop burns CPU (how much depends on what else this machine runs); the idle one
            // holds its 32 MiB.
            let busyCores = Self.cores(busyItem["containers"]?[0]?["usage"])
            let idleCores = Self.cores(idleItem["containers"]?[0]?["usage"])
            #expect(busyCores > 0.05 && busyCores < 2.5, "busy loop: \(busyCores) cores")
            #expect(idleCores >= 0 && idleCores < busyCores, "idle: \(idleCores) cores, busy \(busyCores)")
            #expect(Self.bytes(idleItem["containers"]?[0]?["usage"]) > 32 * 1024 * 1024)
            #expect(idleItem["containers"]?[0]?["usage"]?["memory"]?.string?.hasSuffix("Ki") == true)

            // Label selectors, a single pod, a missing one, all namespaces.
            let selected = try await Self.metrics(api, .list, "pods", namespace: "default", query: ["labelSelector": "app=busy"])
            #expect(selected["items"]?.array?.map { $0["metadata"]?["name"]?.string } == ["busy"])
            let one = try await Self.metrics(api, .get, "pods", namespace: "default", name: "idle")
            #expect(one["kind"]?.string == "PodMetrics" && one["metadata"]?["namespace"]?.string == "default")
            // As metrics-server words it: no such pod, or a pod without figures.
            let missing = await #expect(throws: StatusError.self) {
                try await Self.metrics(api, .get, "pods", namespace: "default", name: "nope")
            }
            #expect(missing?.code == 404 && missing?.message == #"pods "nope" not found"#)
            _ = try await Self.create(api, "pods", namespace: "default", Self.pod("unmeasured", labels: [:]))
            let unmeasured = await #expect(throws: StatusError.self) {
                try await Self.metrics(api, .get, "pods", namespace: "default", name: "unmeasured")
            }
            #expect(unmeasured?.code == 404 && unmeasured?.message == #"pods.metrics.k8s.io "default/unmeasured" not found"#)
            #expect(try await Self.metrics(api, .list, "pods")["items"]?.array?.count == 2)
            #expect(try await Self.metrics(api, .list, "pods", namespace: "kube-system")["items"]?.array?.count == 0)

            // The node.
            let node = try await Self.metrics(api, .get, "nodes", name: "node-1")
            #expect(node["kind"]?.string == "NodeMetrics" && node["metadata"]?["labels"]?["zone"]?.string == "a")
            #expect(Self.cores(node["usage"]) >= busyCores * 0.5, "node \(node) against busy \(busyCores)")
            #expect(Self.bytes(node["usage"]) > 32 * 1024 * 1024)
            let nodes = try await Self.metrics(api, .list, "nodes", query: ["labelSelector": "zone=b"])
            #expect(nodes["kind"]?.string == "NodeMetricsList" && nodes["items"]?.array?.count == 0)

            // Prometheus text, over HTTP and as the `_metrics` RPC.
            let curl = try ChildProcess(executable: URL(fileURLWithPath: "/usr/bin/curl"),
                                        arguments: ["-sS", "--max-time", "20", "-i", metricsURL], name: "curl")
            #expect(try await curl.exit() == 0)
            let scraped = curl.stdout
            #expect(scraped.hasPrefix("HTTP/1.1 200"))
            #expect(scraped.contains("Content-Type: text/plain; version=0.0.4") || scraped.contains("content-type: text/plain; version=0.0.4"))
            for name in ["container_cpu_usage_seconds_total", "container_memory_working_set_bytes",
                         "container_fs_reads_bytes_total", "container_fs_writes_bytes_total"] {
                #expect(scraped.contains("# TYPE \(name) "), "\(name) in\n\(scraped)")
            }
            #expect(scraped.contains(#"container="spin",id="/proc/\#(busy.pid)",image="python:3",name="c-busy",namespace="default",pod="busy"}"#))
            let rpc = try await RPC.Client(connect: [try #require(ready["rpc"])])
            let text = String(decoding: try await rpc.call(PrometheusText.rpcMethod, timeout: .seconds(10)), as: UTF8.self)
            #expect(text.contains(#"skiff_cadvisor_reports_total{result="ok"}"#))
            #expect(text.contains("container_cpu_usage_seconds_total{container=\"sleep\""))
            await rpc.close()

            // A pod the runtime no longer lists is gone at the next report.
            runtime!.set([StandInRuntime.container(id: "c-idle", pod: "idle", uid: idlePod["metadata"]?["uid"]?.string ?? "",
                                                   name: "sleep", pid: idle.pid)])
            try await eventually(.seconds(90), "busy's metrics to go") {
                (try? await Self.metrics(api, .list, "pods", namespace: "default"))?["items"]?.array?.count == 1
            }

            // cAdvisor stops cleanly; its figures expire after three intervals without a report.
            c.send(SIGTERM)
            #expect(try await c.exit() == 0)
            cadvisor = nil
            try await eventually(.seconds(90), "the figures to expire") {
                (try? await Self.metrics(api, .list, "nodes"))?["items"]?.array?.count == 0
            }
        } catch {
            Issue.record(error)
        }
        if let cadvisor {
            cadvisor.send(SIGTERM)
            _ = try? await cadvisor.exit()
        }
        await runtime?.close()
        busy.send(SIGKILL)
        idle.send(SIGKILL)
        _ = try await busy.exit()
        _ = try await idle.exit()
        await api.close()
        try await cluster.stop()
    }

    @Test func badReportsGetAnErrorReply() async throws {
        let cluster = try await TestCluster.start()
        let rpc = try await RPC.Client(connect: [cluster.apiRPC])
        for body in ["not json", #"{"node":""}"#,
                     #"{"node":"n","timestamp":"yesterday","windowMilliseconds":1,"intervalMilliseconds":1,"usage":{"cpuNanoCores":1,"memoryWorkingSetBytes":1},"pods":[]}"#] {
            do {
                _ = try await rpc.call(MetricsReport.method, Array(body.utf8), timeout: .seconds(10))
                Issue.record("\(body) was accepted")
            } catch let e as BusError {
                #expect(e.code == 400 && e.reason.rawValue == "BadRequest", "\(e)")
            }
        }
        // Still serving.
        let ok = #"{"node":"n","timestamp":"2026-01-01T00:00:00Z","windowMilliseconds":1000,"intervalMilliseconds":1000,"usage":{"cpuNanoCores":1,"memoryWorkingSetBytes":1},"pods":[]}"#
        #expect(try await rpc.call(MetricsReport.method, Array(ok.utf8), timeout: .seconds(10)) == Array("{}".utf8))
        // The API server's own metrics count them.
        let text = String(decoding: try await rpc.call(PrometheusText.rpcMethod, timeout: .seconds(10)), as: UTF8.self)
        #expect(text.contains(#"apiserver_request_total{code="400",verb="metrics.report"} 3"#), "\(text)")
        #expect(text.contains(#"apiserver_request_total{code="200",verb="metrics.report"} 1"#))
        #expect(text.contains(#"apiserver_request_duration_seconds_count{verb="metrics.report"} 4"#))
        #expect(text.contains("skiff_apiserver_metrics_nodes 1"))
        await rpc.close()
        try await cluster.stop()
    }
}
