import Client
import Controllers
import Resources
import Testing

@Suite struct FrameworkTests {
    @Test func expectationsHoldUntilObservedOrExpired() {
        let e = Expectations(timeout: .seconds(60))
        let key = Informer.Key(namespace: "default", name: "web")
        #expect(e.satisfied(key))
        e.expect(key, adds: 2)
        #expect(!e.satisfied(key))
        e.creationObserved(key)
        #expect(!e.satisfied(key))
        e.creationObserved(key)
        #expect(e.satisfied(key))
        e.expect(key, adds: 0, deleting: ["a"])
        e.deletionObserved(key, uid: "b")
        #expect(!e.satisfied(key))
        #expect(e.satisfied(key, now: .now + .seconds(61)))
        e.deletionObserved(key, uid: "a")
        #expect(e.satisfied(key))
    }

    @Test func eventObjectAsKubernetesWritesIt() {
        let rs: JSON = ["metadata": ["name": "web-abc", "namespace": "default", "uid": "u1", "resourceVersion": "7"]]
        let e = EventRecorder.object(for: .init(reason: "SuccessfulCreate", message: "Created pod: web-abc-x2k4z"), about: rs,
                                     kind: .replicaSets, component: "replicaset-controller", at: MetaTime(seconds: 1_700_000_000))
        #expect(e["involvedObject"]?["kind"]?.string == "ReplicaSet")
        #expect(e["involvedObject"]?["uid"]?.string == "u1")
        #expect(e["metadata"]?["name"]?.string?.hasPrefix("web-abc.") == true)
        #expect(e["type"]?.string == "Normal")
        #expect(e["source"]?["component"]?.string == "replicaset-controller")
        #expect(e["firstTimestamp"]?.string == "2023-11-14T22:13:20Z")
    }
}

@Suite struct SlowStartTests {
    /// Batches of 1, 2, 4: a failure in the third batch stops there, after 7 calls; an owner that
    /// expected 10 creations and counts the 3 skipped ones as observed is satisfied again (else it
    /// would wait for the expectations to expire before creating anything more).
    @Test func aFailedBatchStopsAndTheSkippedCallsAreCounted() async {
        let (error, attempted) = await SlowStart.runCounting(count: 10) { i in
            i == 3 ? StatusError(code: 504, reason: "Timeout", message: "timed out") : nil
        }
        #expect(error?.code == 504)
        #expect(attempted == 7)
        let expectations = Expectations()
        let key = Informer.Key(namespace: "default", name: "web")
        expectations.expect(key, adds: 10)
        for _ in 0..<attempted { expectations.creationObserved(key) }
        #expect(!expectations.satisfied(key))
        for _ in attempted..<10 { expectations.creationObserved(key) }
        #expect(expectations.satisfied(key))
        #expect(await SlowStart.runCounting(count: 5) { _ in nil }.attempted == 5)
    }
}
