import Resources
@testable import Scheduler
import Testing

/// Random clusters and pods (seeded, so a failure repeats): the scheduler never binds a pod to a
/// node that fails a filter, never finds a pod unschedulable while some node passes every
/// filter, and never lets the pods it placed exceed a node's allocatable.
@Suite struct PropertyTests {
    static func randomNode(_ i: Int, _ rng: inout SeededGenerator) -> JSON {
        let labels = ["disk": ["ssd", "hdd"].randomElement(using: &rng)!, "zone": ["a", "b", "c"].randomElement(using: &rng)!]
        return Fixture.node("n\(i)", cpu: ["1", "2", "4", "500m"].randomElement(using: &rng)!,
                            memory: ["1Gi", "2Gi", "4Gi"].randomElement(using: &rng)!,
                            pods: ["2", "5", "110"].randomElement(using: &rng)!, labels: labels,
                            ready: Int.random(in: 0..<10, using: &rng) == 0 ? "False" : "True") { n in
            if Int.random(in: 0..<10, using: &rng) == 0 { n["spec"]["unschedulable"] = true }
            if Int.random(in: 0..<5, using: &rng) == 0 { n["spec"]["taints"] = [Fixture.taint("dedicated", ["gpu", "db"].randomElement(using: &rng)!)] }
        }
    }

    static func randomPod(_ i: Int, _ rng: inout SeededGenerator) -> JSON {
        Fixture.pod("p\(i)", cpu: ["50m", "100m", "250m", "1", nil].randomElement(using: &rng)!,
                    memory: ["64Mi", "256Mi", "1Gi", nil].randomElement(using: &rng)!) { p in
            if Int.random(in: 0..<4, using: &rng) == 0 { p["spec"]["nodeSelector"] = ["disk": "ssd"] }
            if Int.random(in: 0..<4, using: &rng) == 0 {
                p["spec"]["affinity"] = Fixture.requiredAffinity([([Fixture.requirement("zone", "NotIn", ["a"])], [])])
            }
            if Int.random(in: 0..<3, using: &rng) == 0 { p["spec"]["tolerations"] = [Fixture.toleration(key: "dedicated", value: "gpu")] }
            if Int.random(in: 0..<5, using: &rng) == 0 {
                p["spec"]["containers"] = [["name": "c", "image": "x", "ports": [["containerPort": 80, "hostPort": .int(Int64.random(in: 8000...8003, using: &rng))]]]]
            }
            if Int.random(in: 0..<3, using: &rng) == 0 {
                p["metadata"]["ownerReferences"] = [["apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "rs", "uid": "rs-1", "controller": true]]
            }
        }
    }

    @Test(arguments: 0..<40)
    func decisionsRespectEveryFilterAndNeverOvercommit(seed: Int) {
        var rng = SeededGenerator(seed: UInt64(seed) &* 7919)
        let nodeCount = Int.random(in: 1...12, using: &rng)
        var cache = Fixture.cache((0..<nodeCount).map { Self.randomNode($0, &rng) })
        for i in 0..<150 {
            let pod = SchedulingPod(json: Self.randomPod(i, &rng))
            let before = cache.nodes
            switch cache.schedule(pod, using: &rng) {
            case .bind(let name):
                let node = before.first { $0.name == name }!
                #expect(Filters.run(pod, on: node).isEmpty, "bound \(pod.key) to \(name), which fails a filter")
                cache.assume(pod, on: name)
            case .unschedulable(let fit):
                for node in before { #expect(!Filters.run(pod, on: node).isEmpty, "\(pod.key) fits \(node.name) yet was refused") }
                #expect(fit.reasons.count == before.count)
            }
            // Now and then a binding is confirmed, forgotten, or a pod finishes.
            let roll = Int.random(in: 0..<10, using: &rng)
            if roll == 0, let any = cache.pods.keys.randomElement(using: &rng) { cache.forget(any) }
            if roll == 1, let any = cache.pods.keys.randomElement(using: &rng) { cache.removePod(any) }
        }
        for node in cache.nodes {
            #expect(node.requested.milliCPU <= node.allocatable.milliCPU, "\(node.name) cpu overcommitted")
            #expect(node.requested.memory <= node.allocatable.memory, "\(node.name) memory overcommitted")
            #expect(Int64(node.podCount) <= node.allowedPods, "\(node.name) holds too many pods")
            // The running sums agree with the pods counted there.
            let here = cache.pods.values.filter { $0.node == node.name }
            #expect(here.count == node.podCount)
            #expect(here.reduce(0) { $0 + $1.pod.requests.milliCPU } == node.requested.milliCPU)
            #expect(here.reduce(0) { $0 + $1.pod.requests.memory } == node.requested.memory)
            // No two pods on a node hold a conflicting host port.
            let ports = here.flatMap(\.pod.hostPorts)
            for (i, p) in ports.enumerated() { for q in ports[(i + 1)...] { #expect(!p.conflicts(with: q)) } }
        }
    }
}
