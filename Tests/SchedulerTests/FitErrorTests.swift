import Resources
@testable import Scheduler
import Testing

/// The FailedScheduling message, as kube-scheduler 1.32 words it.
@Suite struct FitErrorTests {
    static let affinity = "node(s) didn't match Pod's node affinity/selector"

    @Test func reasonsAreCountedAndSortedAsTextLikeGosSortStrings() {
        let fit = FitError(nodeCount: 3, reasons: ["a": ["Insufficient cpu"], "b": ["Insufficient cpu"], "c": [Self.affinity]])
        #expect(fit.description == "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 Insufficient cpu.")
        var many: [String: [String]] = [:]
        for i in 0..<10 { many["n\(i)"] = ["Insufficient memory"] }
        many["x"] = ["node(s) were unschedulable"]
        many["y"] = ["node(s) were unschedulable"]
        // "10 …" sorts before "2 …": counts compare as text.
        #expect(FitError(nodeCount: 12, reasons: many).description
            == "0/12 nodes are available: 10 Insufficient memory, 2 node(s) were unschedulable.")
    }

    @Test func oneNodeMayGiveSeveralReasonsOfOneFilter() {
        let fit = FitError(nodeCount: 2, reasons: ["a": ["Too many pods", "Insufficient cpu", "Insufficient memory"], "b": ["Insufficient memory"]])
        #expect(fit.description == "0/2 nodes are available: 1 Insufficient cpu, 1 Too many pods, 2 Insufficient memory.")
    }

    @Test func taintsAreNamedOnePerTaint() {
        let fit = FitError(nodeCount: 3, reasons: ["a": ["node(s) had untolerated taint {dedicated: gpu}"],
                                                   "b": ["node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"],
                                                   "c": ["node(s) didn't have free ports for the requested pod ports"]])
        #expect(fit.description == "0/3 nodes are available: 1 node(s) didn't have free ports for the requested pod ports, "
            + "1 node(s) had untolerated taint {dedicated: gpu}, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }.")
    }

    @Test func noNodesAtAll() {
        #expect(FitError(nodeCount: 0, reasons: [:]).description == "no nodes available to schedule pods")
        var cache = SchedulerCache()
        var rng = SeededGenerator(seed: 1)
        #expect(cache.schedule(SchedulingPod(json: Fixture.pod("p")), using: &rng) == .unschedulable(FitError(nodeCount: 0, reasons: [:])))
    }

    @Test func theMessageOfAWholeSchedulingAttempt() {
        var cache = Fixture.cache([
            Fixture.node("small-1", cpu: "1"), Fixture.node("small-2", cpu: "1"),
            Fixture.node("gpu", cpu: "8") { $0["spec"]["taints"] = [Fixture.taint("dedicated", "gpu")] },
            Fixture.node("off", cpu: "8") { $0["spec"]["unschedulable"] = true },
            Fixture.node("down", cpu: "8", ready: "False"),
        ])
        var rng = SeededGenerator(seed: 1)
        guard case .unschedulable(let fit) = cache.schedule(SchedulingPod(json: Fixture.pod("big", cpu: "2")), using: &rng) else {
            Issue.record("a 2-cpu pod fits nowhere here")
            return
        }
        #expect(fit.description == "0/5 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, "
            + "1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, 1 node(s) were unschedulable, 2 Insufficient cpu.")
    }
}
