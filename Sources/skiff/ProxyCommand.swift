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

    @Option(help: "As root, how ClusterIP traffic is carried: nftables (DNAT rules in the kernel, for TCP ports without session affinity; the rest through userspace listeners), userspace (every connection through this process), or auto (nftables when nft works here, else userspace).")
    var mode: ProxyMode = .auto

    @Option(help: "The nftables table (ip family) of the nftables mode, shared by every proxy of the cluster on this host.")
    var nftTable = "skiff"

    @Flag(help: "Behave as without root even when root: no ClusterIP addresses or listeners, node ports on 127.0.0.1 only.")
    var noRootFeatures = false

    @Flag(help: "Remove the service address device (every proxy's ClusterIP addresses on this host) and the nftables table, and exit, as kube-proxy --cleanup does.")
    var cleanup = false

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.bootstrap(label: "skiff.proxy")
        guard device.utf8.count <= 15, !device.isEmpty, device.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            Console.error("skiff proxy: --device must be an interface name (at most 15 letters, digits, - or _), not \(device)")
            throw ExitCode(2)
        }
        guard KernelRuleset.isValidTableName(nftTable) else {
            Console.error("skiff proxy: --nft-table must be 1 to 32 letters, digits, - or _, starting with a letter, not \(nftTable)")
            throw ExitCode(2)
        }
        if cleanup {
            do {
                try await AddressDevice(name: device, logger: logger).remove()
                if KernelTable.isInstalled { try await KernelTable(name: nftTable).remove() }
            } catch {
                Console.error("skiff proxy: \(error)")
                throw ExitCode(1)
            }
            Console.line("skiff proxy cleanup removed=\(device) table=\(nftTable)")
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
        var kernelTable: String?
        if root && mode != .userspace {
            if let why = await KernelTable.unavailable() {
                if mode == .nftables {
                    Console.error("skiff proxy: --mode nftables, but nftables cannot be used here: \(why)")
                    throw ExitCode(1)
                }
                logger.notice("nftables cannot be used here; every connection goes through userspace", metadata: ["why": "\(why)"])
            } else {
                kernelTable = nftTable
            }
        }
        // Replies between two pods of one bridge pass conntrack (to be un-NATed) only with this on.
        let bridgeCalls = (try? String(contentsOfFile: "/proc/sys/net/bridge/bridge-nf-call-iptables", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) == "1"
        if kernelTable != nil && !bridgeCalls {
            logger.notice("net.bridge.bridge-nf-call-iptables is not 1 (modprobe br_netfilter): pods reach services through userspace")
        }
        let modeName = !root ? "loopback" : kernelTable != nil ? "nftables" : "userspace"
        let nodePortAddress = root ? "0.0.0.0" : "127.0.0.1"
        if !root {
            logger.notice(geteuid() == 0 ? "--no-root-features: ClusterIPs are not served; node ports listen on 127.0.0.1 only"
                                         : "not root: ClusterIPs are not served; node ports listen on 127.0.0.1 only")
        }
        let client = try await APIClient(endpoints: [api], logger: logger)
        let service = ProxyService(
            configuration: .init(nodeName: nodeName, device: root ? device : nil, nodePortAddress: nodePortAddress,
                                 udpIdleSeconds: udpIdleTimeout, serviceCIDR: serviceCIDR,
                                 kernelTable: kernelTable, kernelPodTraffic: bridgeCalls),
            client: client, events: [apiEvents], logger: logger)
        let text = "skiff proxy ready node=\(nodeName) mode=\(modeName) cluster-ips=\(root ? device : "none") node-ports=\(nodePortAddress)"
            + (kernelTable.map { " table=\($0) pods=\(bridgeCalls ? "kernel" : "userspace")" } ?? "") + " api=\(api)"
        let ready = ReadyLine(text: text) {
            while !service.hasSynced && !Task.isCancelled { try? await Task.sleep(for: .milliseconds(20)) }
        }
        let group = Combined.group([service, ready], logger: logger)
        try await group.run()
    }
}

/// How `skiff proxy` carries ClusterIP traffic as root.
enum ProxyMode: String, ExpressibleByArgument, CaseIterable {
    case auto, nftables, userspace
}
