import ArgumentParser
import Client
import Controllers
import Logging
import ServiceLifecycle

/// `skiff controller-manager`: the workload, endpoints and node controllers (DESIGN.md §1).
struct ControllerManagerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "controller-manager",
        abstract: "Run the controllers that keep the cluster's declared state true (ReplicaSet, Deployment, DaemonSet, Endpoints, …)."
    )

    @Option(help: "The API server's RPC endpoint.")
    var api = APIDefaults.rpcEndpoint

    @Option(help: "The API server's cluster event stream endpoint.")
    var apiEvents = APIDefaults.eventsEndpoint

    @Option(help: "Controllers to run: '*' for all, names to add, '-name' to leave one out (e.g. '*,-daemonset').")
    var controllers = "*"

    @Option(help: "How long a node's Lease may go unrenewed before it is marked Unknown and tainted (Go duration).")
    var nodeMonitorGracePeriod = "40s"

    @Option(name: .customLong("cluster-cidr"), help: "The range nodes' pod CIDRs are carved from (IPv4).")
    var clusterCIDR = "10.244.0.0/16"

    @Option(name: .customLong("node-cidr-mask-size"), help: "The prefix length of each node's pod CIDR.")
    var nodeCIDRMaskSize = 24

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.bootstrap(label: "skiff.controller-manager")
        let selected = ControllerManager.selected(controllers)
        guard let grace = NodeLifecycleReconciler.Settings.seconds(nodeMonitorGracePeriod), grace > 0 else {
            Console.error("skiff controller-manager: --node-monitor-grace-period must be a duration like 40s")
            throw ExitCode(2)
        }
        guard PodCIDRAllocator(cluster: clusterCIDR, maskSize: nodeCIDRMaskSize) != nil else {
            Console.error("skiff controller-manager: --cluster-cidr \(clusterCIDR) with --node-cidr-mask-size \(nodeCIDRMaskSize) "
                          + "is not an IPv4 CIDR (like 10.244.0.0/16) with a mask size between its prefix and 32")
            throw ExitCode(2)
        }
        NodeLifecycleController.settings.withLock {
            $0.gracePeriod = grace
            $0.clusterCIDR = clusterCIDR
            $0.nodeMaskSize = nodeCIDRMaskSize
        }
        let known = Set(ControllerManager.all.map { $0.name })
        for name in controllers.split(separator: ",").map({ String($0.filter { $0 != " " && $0 != "-" }) })
        where name != "*" && !name.isEmpty && !known.contains(name) {
            Console.error("skiff controller-manager: unknown controller \(name); known: \(known.sorted().joined(separator: ", "))")
            throw ExitCode(2)
        }
        let client = try await APIClient(endpoints: [api], logger: logger)
        let names = selected.map { $0.name }.joined(separator: ",")
        let line = "skiff controller-manager ready api=\(api) events=\(apiEvents) controllers=\(names)"
        let manager = ControllerManager(client: client, events: [apiEvents], controllers: selected, logger: logger) {
            Console.line(line)
        }
        let group = Combined.group([manager], logger: logger)
        try await group.run()
        await client.close()
    }
}
