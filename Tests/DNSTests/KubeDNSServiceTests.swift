import Foundation
import Resources
import SkiffTestSupport
import Testing
@testable import DNS

/// The kube-dns objects `skiff dns` writes, against proto-docs/proxy.md.
@Suite struct KubeDNSServiceTests {
    let objects = KubeDNSService(clusterIP: "10.96.0.10", endpointIP: "127.0.0.1", endpointPort: 10053)

    @Test func serviceMatchesTheDocument() throws {
        let text = try String(contentsOf: ChildProcess.packageRoot.appendingPathComponent("proto-docs/proxy.md"), encoding: .utf8)
        let blocks = jsonBlocks(in: text)
        #expect(blocks.count == 1)
        #expect(try blocks.map { try JSON.parse($0.body) } == [objects.service])
    }

    @Test func endpointsNameTheServerAndBothProtocols() {
        let subset = objects.endpoints["subsets"]?[0]
        #expect(subset?["addresses"]?[0]?["ip"]?.string == "127.0.0.1")
        #expect(subset?["ports"]?.array?.map { "\($0["name"]?.string ?? "")/\($0["protocol"]?.string ?? "")/\($0["port"]?.int ?? 0)" }
                == ["dns/UDP/10053", "dns-tcp/TCP/10053"])
        let slice = objects.endpointSlice
        #expect(slice["metadata"]?["labels"]?["kubernetes.io/service-name"]?.string == "kube-dns")
        #expect(slice["metadata"]?["labels"]?["endpointslice.kubernetes.io/managed-by"]?.string == KubeDNSService.managedBy)
        #expect(slice["endpoints"]?[0]?["addresses"]?[0]?.string == "127.0.0.1")
        // The service's ports name the same ports as the endpoints, so the proxy pairs them.
        #expect(objects.service["spec"]?["ports"]?.array?.compactMap { $0["name"]?.string } == ["dns", "dns-tcp"])
    }
}
