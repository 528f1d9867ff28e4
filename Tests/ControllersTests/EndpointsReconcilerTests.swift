import Controllers
import Resources
import Testing

@Suite struct EndpointsReconcilerTests {
    let service: JSON = ["apiVersion": "v1", "kind": "Service",
                         "metadata": ["name": "web", "namespace": "default", "uid": "svc"],
                         "spec": ["selector": ["app": "web"],
                                  "ports": [["name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"],
                                            ["name": "metrics", "port": 9090, "targetPort": 9090]]]]

    @Test func readyAndNotReadyAddressesWithNamedPortsResolved() {
        var other = Fixtures.pod("b", node: "n2", phase: "Running", ip: "10.0.0.2")
        other["spec"]?["containers"]?[0]?["ports"] = [["name": "http", "containerPort": 8081]]
        let pods = [Fixtures.pod("a", node: "n1", phase: "Running", ready: true, ip: "10.0.0.1"), other,
                    Fixtures.pod("no-ip", phase: "Pending"), Fixtures.pod("x", labels: ["app": "db"], ip: "10.0.0.9"),
                    Fixtures.pod("dying", phase: "Running", ready: true, ip: "10.0.0.3", deleting: true)]
        let subsets = EndpointsReconciler.subsets(service: service, pods: pods)
        #expect(subsets.count == 2)
        let first = subsets.first { $0["addresses"] != nil }
        #expect(first?["addresses"]?[0]?["ip"]?.string == "10.0.0.1")
        #expect(first?["addresses"]?[0]?["nodeName"]?.string == "n1")
        #expect(first?["addresses"]?[0]?["targetRef"]?["name"]?.string == "a")
        #expect(first?["ports"]?.array?.contains { $0["name"]?.string == "http" && $0["port"]?.int == 8080 } == true)
        let second = subsets.first { $0["notReadyAddresses"] != nil }
        #expect(second?["notReadyAddresses"]?[0]?["ip"]?.string == "10.0.0.2")
        #expect(second?["ports"]?.array?.contains { $0["name"]?.string == "http" && $0["port"]?.int == 8081 } == true)
    }

    @Test func statefulSetHostnames() {
        var pod = Fixtures.pod("web-0", phase: "Running", ready: true, ip: "10.0.0.5")
        pod["spec"]?["hostname"] = "web-0"
        pod["spec"]?["subdomain"] = "web"
        let s = EndpointsReconciler.subsets(service: service, pods: [pod])
        #expect(s.first?["addresses"]?[0]?["hostname"]?.string == "web-0")
    }

    @Test func noSelectorMeansHandsOff() {
        var manual = service
        manual["spec"]?["selector"] = nil
        #expect(EndpointsReconciler.endpoints(service: manual, pods: []) == nil)
        #expect(EndpointsReconciler.endpoints(service: service, pods: [])?["subsets"] == nil)
    }

    @Test func slicesKeepTerminatingEndpointsWithConditions() {
        let pods = [Fixtures.pod("a", node: "n1", phase: "Running", ready: true, ip: "10.0.0.1"),
                    Fixtures.pod("dying", phase: "Running", ready: true, ip: "10.0.0.3", deleting: true)]
        let slices = EndpointsReconciler.slices(service: service, pods: pods)
        #expect(slices.count == 1)
        let dying = slices[0].endpoints.first { $0["addresses"]?[0]?.string == "10.0.0.3" }
        #expect(dying?["conditions"]?["ready"]?.bool == false)
        #expect(dying?["conditions"]?["serving"]?.bool == true)
        #expect(dying?["conditions"]?["terminating"]?.bool == true)
        #expect(slices[0].ports.count == 2)
    }
}
