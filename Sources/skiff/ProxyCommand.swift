import ArgumentParser
import Client
import Foundation
import Logging
import Proxy
import RuntimeAPI
import ServiceLifecycle
#if canImport(Glibc)
import Glibc
#endif

/// `skiff proxy`: a node's service proxy (DESIGN.md §1, `Sources/Node/Proxy`).
struct ProxyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy",
        abstract: "Route each Service's ClusterIP:port and node port to its ready endpoints (TCP and UDP)."
    )

    @Option(help: "The node this proxy runs for.")
    var nodeName: String?

    @Option(help: "The API server's RPC endpoint.")
    var api = APIDefaults.rpcEndpoint

    @Option(help: "The API server's cluster event stream endpoint.")
    var apiEvents = APIDefaults.eventsEndpoint

    @Option(help: "As root: the device (a bridge without ports, shared by every proxy of this host) holding each ClusterIP as a /32 address.")
    var device = "skiff-svc0"

    @Option(help: "As root: the service range (the API server's --service-cluster-ip-range), made unreachable in the host's routing table so traffic to a ClusterIP not on the device never leaves the machine.")
    var serviceCIDR = "10.96.0.0/12"

    @Option(help: "Seconds a UDP flow lives without traffic.")
    var udpIdleTimeout: Double = 30

    @Flag(help: "Behave as without root even when root: no ClusterIP addresses or listeners, node ports on 127.0.0.1 only.")
    var noRootFeatures = false

    @Flag(help: "Remove the service address device (every proxy's ClusterIP addresses on this host) and exit, as kube-proxy --cleanup does.")
    var cleanup = false

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.bootstrap(label: "skiff.proxy")
        guard device.utf8.count <= 15, !device.isEmpty, device.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            Console.error("skiff proxy: --device must be an interface name (at most 15 letters, digits, - or _), not \(device)")
            throw ExitCode(2)
        }
        if cleanup {
            do {
                try await AddressDevice(name: device, logger: logger).remove()
            } catch {
                Console.error("skiff proxy: \(error)")
                throw ExitCode(1)
            }
            Console.line("skiff proxy cleanup removed=\(device)")
            return
        }
        guard let nodeName, !nodeName.isEmpty else {
            Console.error("skiff proxy: --node-name is required and must not be empty")
            throw ExitCode(2)
        }
        guard IPv4Range(serviceCIDR) != nil else {
            Console.error("skiff proxy: --service-cidr must be an IPv4 range such as 10.96.0.0/12, not \(serviceCIDR)")
            throw ExitCode(2)
        }
        guard udpIdleTimeout > 0 else {
            Console.error("skiff proxy: --udp-idle-timeout must be positive")
            throw ExitCode(2)
        }
        let root = geteuid() == 0 && !noRootFeatures
        let mode = root ? "root" : "loopback"
        let nodePortAddress = root ? "0.0.0.0" : "127.0.0.1"
        if !root {
            logger.notice(geteuid() == 0 ? "--no-root-features: ClusterIPs are not served; node ports listen on 127.0.0.1 only"
                                         : "not root: ClusterIPs are not served; node ports listen on 127.0.0.1 only")
        }
        let client = try await APIClient(endpoints: [api], logger: logger)
        let service = ProxyService(
            configuration: .init(nodeName: nodeName, device: root ? device : nil, nodePortAddress: nodePortAddress,
                                 udpIdleSeconds: udpIdleTimeout, serviceCIDR: serviceCIDR),
            client: client, events: [apiEvents], logger: logger)
        let text = "skiff proxy ready node=\(nodeName) mode=\(mode) cluster-ips=\(root ? device : "none") node-ports=\(nodePortAddress) api=\(api)"
        let ready = ReadyLine(text: text) {
            while !service.hasSynced && !Task.isCancelled { try? await Task.sleep(for: .milliseconds(20)) }
        }
        let group = ServiceGroup(services: [service, ready], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }
}
