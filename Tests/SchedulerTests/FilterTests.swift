import Resources
@testable import Scheduler
import Testing

/// Every filter plugin, table-driven: pod and node in, the reasons out.
@Suite struct FilterTests {
    static func reasons(_ pod: JSON, _ node: JSON, pods: [JSON] = []) -> [String] {
        var n = SchedulingNode(json: node)
        for p in pods { n.add(SchedulingPod(json: p)) }
        return Filters.run(SchedulingPod(json: pod), on: n)
    }

    static let plain = Fixture.pod("p")

    @Test func aReadySchedulableNodeWithRoomPasses() {
        #expect(Self.reasons(Self.plain, Fixture.node("n")) == [])
    }

    @Test(arguments: [
        // (node Ready status, reason)
        ("True", nil),
        ("False", "node(s) had untolerated taint {node.kubernetes.io/not-ready: }"),
        ("Unknown", "node(s) had untolerated taint {node.kubernetes.io/unreachable: }"),
        (nil, "node(s) had untolerated taint {node.kubernetes.io/not-ready: }"),
    ] as [(String?, String?)])
    func aNodeThatIsNotReadyIsFilteredAsTheLifecycleControllerWouldTaintIt(ready: String?, reason: String?) {
        #expect(Self.reasons(Self.plain, Fixture.node("n", ready: ready)) == (reason.map { [$0] } ?? []))
    }

    @Test func aPodToleratingNotReadyMayGoToANodeThatIsNotReady() {
        let pod = Fixture.pod("p") { $0["spec"]["tolerations"] = [Fixture.toleration(key: "node.kubernetes.io/not-ready", op: "Exists")] }
        #expect(Self.reasons(pod, Fixture.node("n", ready: "False")) == [])
    }

    @Test func anUnschedulableNodeTakesOnlyPodsThatTolerateIt() {
        let node = Fixture.node("n") { $0["spec"]["unschedulable"] = true }
        #expect(Self.reasons(Self.plain, node) == ["node(s) were unschedulable"])
        let tolerant = Fixture.pod("p") {
            $0["spec"]["tolerations"] = [Fixture.toleration(key: "node.kubernetes.io/unschedulable", op: "Exists", effect: "NoSchedule")]
        }
        #expect(Self.reasons(tolerant, node) == [])
    }

    @Test(arguments: [
        // (taint, tolerations, expected reason)
        (Fixture.taint("dedicated", "gpu"), [], "node(s) had untolerated taint {dedicated: gpu}"),
        (Fixture.taint("dedicated", "gpu", "NoExecute"), [], "node(s) had untolerated taint {dedicated: gpu}"),
        (Fixture.taint("dedicated", "gpu", "PreferNoSchedule"), [], nil),
        (Fixture.taint("dedicated", "gpu"), [Fixture.toleration(key: "dedicated", value: "gpu")], nil),
        (Fixture.taint("dedicated", "gpu"), [Fixture.toleration(key: "dedicated", value: "cpu")], "node(s) had untolerated taint {dedicated: gpu}"),
        (Fixture.taint("dedicated", "gpu"), [Fixture.toleration(key: "dedicated", op: "Exists")], nil),
        (Fixture.taint("dedicated", "gpu"), [Fixture.toleration(op: "Exists")], nil),
        (Fixture.taint("dedicated", "gpu"), [Fixture.toleration(key: "dedicated", op: "Exists", effect: "NoExecute")],
         "node(s) had untolerated taint {dedicated: gpu}"),
        (Fixture.taint("dedicated", "gpu"), [Fixture.toleration(key: "dedicated", value: "gpu", effect: "NoSchedule")], nil),
        (Fixture.taint("dedicated"), [Fixture.toleration(key: "dedicated")], nil),
        (Fixture.taint("dedicated", "gpu"), [Fixture.toleration(key: "other", op: "Exists")], "node(s) had untolerated taint {dedicated: gpu}"),
    ] as [(JSON, [JSON], String?)])
    func taintsAndTolerations(taint: JSON, tolerations: [JSON], reason: String?) {
        let node = Fixture.node("n") { $0["spec"]["taints"] = [taint] }
        let pod = Fixture.pod("p") { $0["spec"]["tolerations"] = .array(tolerations) }
        #expect(Self.reasons(pod, node) == (reason.map { [$0] } ?? []))
    }

    @Test func theFirstUntoleratedTaintIsTheOneNamed() {
        let node = Fixture.node("n") { $0["spec"]["taints"] = [Fixture.taint("a", "1"), Fixture.taint("b", "2")] }
        let pod = Fixture.pod("p") { $0["spec"]["tolerations"] = [Fixture.toleration(key: "a", value: "1")] }
        #expect(Self.reasons(pod, node) == ["node(s) had untolerated taint {b: 2}"])
    }

    static let affinity = "node(s) didn't match Pod's node affinity/selector"

    @Test func nodeSelectorNeedsEveryLabel() {
        let node = Fixture.node("n", labels: ["disk": "ssd", "zone": "a"])
        let match = Fixture.pod("p") { $0["spec"]["nodeSelector"] = ["disk": "ssd", "zone": "a"] }
        let miss = Fixture.pod("p") { $0["spec"]["nodeSelector"] = ["disk": "ssd", "zone": "b"] }
        #expect(Self.reasons(match, node) == [])
        #expect(Self.reasons(miss, node) == [Self.affinity])
        let byHostname = Fixture.pod("p") { $0["spec"]["nodeSelector"] = ["kubernetes.io/hostname": "n"] }
        #expect(Self.reasons(byHostname, node) == [])
    }

    @Test(arguments: [
        // (requirement, matches a node labelled disk=ssd, cores=8)
        (Fixture.requirement("disk", "In", ["ssd", "nvme"]), true),
        (Fixture.requirement("disk", "In", ["hdd"]), false),
        (Fixture.requirement("disk", "In"), false),
        (Fixture.requirement("disk", "NotIn", ["hdd"]), true),
        (Fixture.requirement("disk", "NotIn", ["ssd"]), false),
        (Fixture.requirement("gpu", "NotIn", ["yes"]), true),
        (Fixture.requirement("disk", "Exists"), true),
        (Fixture.requirement("gpu", "Exists"), false),
        (Fixture.requirement("gpu", "DoesNotExist"), true),
        (Fixture.requirement("disk", "DoesNotExist"), false),
        (Fixture.requirement("cores", "Gt", ["4"]), true),
        (Fixture.requirement("cores", "Gt", ["8"]), false),
        (Fixture.requirement("cores", "Lt", ["16"]), true),
        (Fixture.requirement("cores", "Lt", ["8"]), false),
        (Fixture.requirement("disk", "Gt", ["1"]), false),
        (Fixture.requirement("cores", "Gt", ["x"]), false),
        (Fixture.requirement("cores", "Gt", ["1", "2"]), false),
        (Fixture.requirement("disk", "Like", ["ssd"]), false),
    ] as [(JSON, Bool)])
    func matchExpressionOperators(requirement: JSON, matches: Bool) {
        let node = Fixture.node("n", labels: ["disk": "ssd", "cores": "8"])
        let pod = Fixture.pod("p") { $0["spec"]["affinity"] = Fixture.requiredAffinity([([requirement], [])]) }
        #expect(Self.reasons(pod, node) == (matches ? [] : [Self.affinity]))
    }

    @Test func termsAreORedAndTheirRequirementsANDed() {
        let node = Fixture.node("n", labels: ["disk": "ssd", "zone": "a"])
        let bothInOneTerm = Fixture.pod("p") {
            $0["spec"]["affinity"] = Fixture.requiredAffinity([([Fixture.requirement("disk", "In", ["ssd"]), Fixture.requirement("zone", "In", ["b"])], [])])
        }
        #expect(Self.reasons(bothInOneTerm, node) == [Self.affinity])
        let eitherTerm = Fixture.pod("p") {
            $0["spec"]["affinity"] = Fixture.requiredAffinity([([Fixture.requirement("zone", "In", ["b"])], []),
                                                               ([Fixture.requirement("disk", "In", ["ssd"])], [])])
        }
        #expect(Self.reasons(eitherTerm, node) == [])
        let emptyTerm = Fixture.pod("p") { $0["spec"]["affinity"] = Fixture.requiredAffinity([([], [])]) }
        #expect(Self.reasons(emptyTerm, node) == [Self.affinity])
    }

    @Test func matchFieldsMetadataNamePinsANodeAsDaemonSetsDo() {
        let pinned = Fixture.pod("p") { $0["spec"]["affinity"] = Fixture.requiredAffinity([([], [Fixture.requirement("metadata.name", "In", ["n1"])])]) }
        #expect(Self.reasons(pinned, Fixture.node("n1")) == [])
        #expect(Self.reasons(pinned, Fixture.node("n2")) == [Self.affinity])
        let notThere = Fixture.pod("p") { $0["spec"]["affinity"] = Fixture.requiredAffinity([([], [Fixture.requirement("metadata.name", "NotIn", ["n1"])])]) }
        #expect(Self.reasons(notThere, Fixture.node("n1")) == [Self.affinity])
        #expect(Self.reasons(notThere, Fixture.node("n2")) == [])
        let otherField = Fixture.pod("p") { $0["spec"]["affinity"] = Fixture.requiredAffinity([([], [Fixture.requirement("metadata.uid", "In", ["n1"])])]) }
        #expect(Self.reasons(otherField, Fixture.node("n1")) == [Self.affinity])
    }

    static func withPort(_ name: String, _ port: Int64, proto: String = "TCP", hostIP: String? = nil) -> JSON {
        Fixture.pod(name) {
            var p: JSON = ["containerPort": 80, "hostPort": .int(port), "protocol": .string(proto)]
            if let hostIP { p["hostIP"] = .string(hostIP) }
            $0["spec"]["containers"] = [["name": "c", "image": "nginx", "ports": [p]]]
        }
    }

    @Test(arguments: [
        // (held, wanted, conflict)
        (withPort("a", 8080), withPort("b", 8080), true),
        (withPort("a", 8080), withPort("b", 8081), false),
        (withPort("a", 8080, proto: "UDP"), withPort("b", 8080), false),
        (withPort("a", 8080, hostIP: "10.0.0.1"), withPort("b", 8080, hostIP: "10.0.0.2"), false),
        (withPort("a", 8080, hostIP: "10.0.0.1"), withPort("b", 8080), true),
        (withPort("a", 8080), withPort("b", 8080, hostIP: "10.0.0.2"), true),
    ] as [(JSON, JSON, Bool)])
    func hostPorts(held: JSON, wanted: JSON, conflict: Bool) {
        #expect(Self.reasons(wanted, Fixture.node("n"), pods: [held])
            == (conflict ? ["node(s) didn't have free ports for the requested pod ports"] : []))
    }

    @Test func resourcesFitAgainstAllocatableLessWhatPodsOnTheNodeRequest() {
        let node = Fixture.node("n", cpu: "2", memory: "4Gi", pods: "3")
        #expect(Self.reasons(Fixture.pod("p", cpu: "2", memory: "4Gi"), node) == [])
        #expect(Self.reasons(Fixture.pod("p", cpu: "2100m"), node) == ["Insufficient cpu"])
        #expect(Self.reasons(Fixture.pod("p", cpu: "3", memory: "5Gi"), node) == ["Insufficient cpu", "Insufficient memory"])
        let held = [Fixture.pod("a", cpu: "1500m", memory: "1Gi")]
        #expect(Self.reasons(Fixture.pod("p", cpu: "500m", memory: "3Gi"), node, pods: held) == [])
        #expect(Self.reasons(Fixture.pod("p", cpu: "501m"), node, pods: held) == ["Insufficient cpu"])
        let full = [Fixture.pod("a"), Fixture.pod("b"), Fixture.pod("c")]
        #expect(Self.reasons(Fixture.pod("p"), node, pods: full) == ["Too many pods"])
        #expect(Self.reasons(Fixture.pod("p", cpu: "3"), node, pods: full) == ["Too many pods", "Insufficient cpu"])
    }

    @Test func extendedResourcesAreCheckedToo() {
        let node = Fixture.node("n") { $0["status"]["allocatable"]["nvidia.com/gpu"] = "1" }
        let wantsTwo = Fixture.pod("p") { $0["spec"]["containers"] = [["name": "c", "image": "x", "resources": ["requests": ["nvidia.com/gpu": "2"]]]] }
        #expect(Self.reasons(wantsTwo, node) == ["Insufficient nvidia.com/gpu"])
        #expect(Self.reasons(wantsTwo, Fixture.node("m")) == ["Insufficient nvidia.com/gpu"])
    }

    @Test func filtersRunInKubeSchedulersOrderAndTheFirstFailureDecides() {
        let node = Fixture.node("n", cpu: "1", labels: ["disk": "hdd"]) {
            $0["spec"]["unschedulable"] = true
            $0["spec"]["taints"] = [Fixture.taint("t")]
        }
        let pod = Fixture.pod("p", cpu: "2") { $0["spec"]["nodeSelector"] = ["disk": "ssd"] }
        #expect(Self.reasons(pod, node) == ["node(s) were unschedulable"])
        var n = node
        n["spec"]["unschedulable"] = false
        #expect(Self.reasons(pod, n) == ["node(s) had untolerated taint {t: }"])
        n["spec"]["taints"] = []
        #expect(Self.reasons(pod, n) == [Self.affinity])
        n["metadata"]["labels"]["disk"] = "ssd"
        #expect(Self.reasons(pod, n) == ["Insufficient cpu"])
    }
}
