import Resources
@testable import Scheduler
import Testing

/// A pod's requests as Kubernetes computes them.
@Suite struct PodRequestsTests {
    static func container(_ cpu: String, _ memory: String, restartPolicy: String? = nil) -> JSON {
        var c: JSON = ["name": "c", "image": "x", "resources": ["requests": ["cpu": .string(cpu), "memory": .string(memory)]]]
        if let restartPolicy { c["restartPolicy"] = .string(restartPolicy) }
        return c
    }

    @Test func containersAddUpAndInitContainersRaiseToTheirLargest() {
        let spec: JSON = ["containers": [Self.container("100m", "100Mi"), Self.container("200m", "100Mi")],
                          "initContainers": [Self.container("500m", "50Mi"), Self.container("100m", "300Mi")]]
        let r = PodRequests.compute(spec: spec, nonMissing: false)
        #expect(r.milliCPU == 500)
        #expect(r.memory == 300 * 1024 * 1024)
    }

    @Test func sidecarsRunBesideTheContainersAndLaterInitContainers() {
        let spec: JSON = ["containers": [Self.container("100m", "100Mi")],
                          "initContainers": [Self.container("200m", "10Mi", restartPolicy: "Always"), Self.container("250m", "10Mi")]]
        let r = PodRequests.compute(spec: spec, nonMissing: false)
        // Running: 100m + the 200m sidecar = 300m; the later init container: 250m + 200m = 450m.
        #expect(r.milliCPU == 450)
        #expect(r.memory == 110 * 1024 * 1024)
    }

    @Test func overheadIsAddedAndMissingRequestsGetTheScoringDefaultsOnlyWhenAsked() {
        let spec: JSON = ["containers": [["name": "c", "image": "x"], Self.container("100m", "1Gi")], "overhead": ["cpu": "50m"]]
        #expect(PodRequests.compute(spec: spec, nonMissing: false).milliCPU == 150)
        let nonZero = PodRequests.compute(spec: spec, nonMissing: true)
        #expect(nonZero.milliCPU == 250)
        #expect(nonZero.memory == 200 * 1024 * 1024 + 1024 * 1024 * 1024)
    }

    @Test func whoIsToBeScheduled() {
        #expect(SchedulingPod(json: Fixture.pod("p")).needsScheduling())
        #expect(!SchedulingPod(json: Fixture.pod("p") { $0["spec"]["nodeName"] = "n" }).needsScheduling())
        #expect(!SchedulingPod(json: Fixture.pod("p") { $0["spec"]["schedulerName"] = "other" }).needsScheduling())
        #expect(SchedulingPod(json: Fixture.pod("p") { $0["spec"]["schedulerName"] = "default-scheduler" }).needsScheduling())
        #expect(!SchedulingPod(json: Fixture.pod("p") { $0["metadata"]["deletionTimestamp"] = "2026-01-01T00:00:00Z" }).needsScheduling())
        #expect(!SchedulingPod(json: Fixture.pod("p") { $0["spec"]["schedulingGates"] = [["name": "wait"]] }).needsScheduling())
    }

    @Test func aStatusWriteIsNotASchedulingChange() {
        let a = SchedulingPod(json: Fixture.pod("p", cpu: "1"))
        var json = Fixture.pod("p", cpu: "1")
        json["status"] = ["conditions": [["type": "PodScheduled", "status": "False", "reason": "Unschedulable", "message": "m"]]]
        json["metadata"]["resourceVersion"] = "9"
        let b = SchedulingPod(json: json)
        #expect(a.sameScheduling(as: b))
        #expect(b.scheduledCondition?.message == "m")
        #expect(!a.sameScheduling(as: SchedulingPod(json: Fixture.pod("p", cpu: "2"))))
    }
}
