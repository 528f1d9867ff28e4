import Testing
@testable import Compose

@Suite struct NodeTemplateTests {
    let yaml = """
        services:
          api: {command: [apiserver], healthcheck: {ready: "api ready"}}
        x-node:
          scale: 2
          port_step: 100
          services:
            runtime:
              command: [runtime, --rpc, "tcp://127.0.0.1:${port:7301}", --root, "/r/${node}"]
              healthcheck: {rpc: "tcp://127.0.0.1:${port:7301}"}
            kubelet:
              command: [kubelet, --node-name, "${node}", --index, "${index}", --rpc, "tcp://127.0.0.1:${port:7311}"]
              depends_on: {runtime: {condition: service_healthy}, api: {condition: service_healthy}}
        """

    @Test func instancesNamesPortsAndLocalDependencies() throws {
        let plan = try ComposeFile.parse(Array(yaml.utf8)).resolve()
        #expect(plan.services.map(\.name) == ["api", "node-1.runtime", "node-1.kubelet", "node-2.runtime", "node-2.kubelet"])
        #expect(plan.service("node-1.runtime")?.program == .skiff(["runtime", "--rpc", "tcp://127.0.0.1:7301", "--root", "/r/node-1"]))
        #expect(plan.service("node-2.runtime")?.program == .skiff(["runtime", "--rpc", "tcp://127.0.0.1:7401", "--root", "/r/node-2"]))
        #expect(plan.service("node-2.runtime")?.healthcheck?.test == .rpcPing("tcp://127.0.0.1:7401"))
        #expect(plan.service("node-2.kubelet")?.program == .skiff(["kubelet", "--node-name", "node-2", "--index", "2", "--rpc", "tcp://127.0.0.1:7411"]))
        #expect(plan.service("node-2.kubelet")?.dependsOn == [Dependency("node-2.runtime", .healthy), Dependency("api", .healthy)])
        #expect(plan.service("node-2.kubelet")?.node == "node-2")
        #expect(plan.service("api")?.node == nil)
    }

    @Test func theCommandLineScales() throws {
        let file = try ComposeFile.parse(Array(yaml.utf8))
        let three = try file.resolve(nodes: 3)
        #expect(three.service("node-3.kubelet")?.program == .skiff(["kubelet", "--node-name", "node-3", "--index", "3", "--rpc", "tcp://127.0.0.1:7511"]))
        #expect(try file.resolve(nodes: 0).services.map(\.name) == ["api"])
    }

    /// A running project's core takes a third node: only node-3's services are added, started
    /// in their dependency order; the running ones are not touched.
    @Test func aRunningCoreAddsJustTheNewNodesServices() throws {
        let file = try ComposeFile.parse(Array(yaml.utf8))
        var core = SupervisorCore(plan: try file.resolve(nodes: 2))
        let t0 = ContinuousClock.now
        _ = core.start(now: t0)
        _ = core.spawned("api", pid: 1, now: t0)
        _ = core.probed("api", pid: 1, ok: true, now: t0)
        let three = try file.resolve(nodes: 3)
        #expect(core.add(three.services, now: t0) == [.spawn("node-3.runtime")])
        #expect(core.entries.map(\.service.name) == three.services.map(\.name))
        #expect(core.entry("api")?.phase == .running(pid: 1, since: t0))
        #expect(core.spawned("node-3.runtime", pid: 9, now: t0) == [.startProbing("node-3.runtime", pid: 9)])
        _ = core.probed("node-3.runtime", pid: 9, ok: true, now: t0)
        #expect(core.entry("node-3.kubelet")?.phase == .spawning)
        // Adding the same plan again adds nothing.
        let count = core.entries.count
        _ = core.add(three.services, now: t0)
        #expect(core.entries.count == count)
    }

    @Test func scalingAFileWithoutTemplateIsAnError() {
        #expect(throws: ComposeError("--scale 2: this compose file has no x-node template")) {
            try ComposeFile.parse(Array("services:\n  a: {command: [x]}\n".utf8)).resolve(nodes: 2)
        }
    }

    @Test func portArithmeticOutsideTheTemplateIsAnError() {
        #expect(throws: ComposeError("services.a.command: ${port:7301} is only meaningful in x-node services, with a number: ${port:7301}")) {
            try ComposeFile.parse(Array("services:\n  a: {command: [x, '${port:7301}']}\n".utf8)).resolve()
        }
    }
}
