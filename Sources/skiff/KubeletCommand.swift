import ArgumentParser
import Client
import Foundation
import Kubelet
import Logging
import Resources
import RuntimeAPI
import ServiceLifecycle

/// `skiff kubelet`: the node agent (DESIGN.md §6).
struct KubeletCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kubelet",
        abstract: "Register this node and run its pods through the container runtime."
    )

    @Option(help: "The Node's name (default: the host name).")
    var nodeName: String?

    @Option(help: "The API server's RPC endpoint.")
    var api = APIDefaults.rpcEndpoint

    @Option(help: "The API server's cluster event stream endpoint.")
    var apiEvents = APIDefaults.eventsEndpoint

    @Option(help: "The runtime's RPC endpoint.")
    var runtime = NodeDefaults.runtimeRPC

    @Option(help: "The runtime's container event stream endpoint.")
    var runtimeEvents = NodeDefaults.runtimeEvents

    @Option(help: "RPC endpoint to bind (SKIFF-KUBELET/1: logs).")
    var rpc = NodeDefaults.kubeletRPC

    @Option(help: "Pod directories (default: $SKIFF_HOME/kubelet/<node>, else ./.skiff/kubelet/<node>).")
    var root: String?

    @Option(help: "CPU capacity in cores (default: the machine's).")
    var cpu: String?

    @Option(help: "Memory capacity as a quantity, e.g. 8Gi (default: the machine's).")
    var memory: String?

    @Option(help: "Pods this node accepts.")
    var maxPods: Int64 = 110

    @Option(help: "Extra node labels, k=v,...")
    var labels: String?

    @Option(help: "Taints to register with, key[=value]:Effect,...")
    var registerWithTaints: String?

    @Option(help: "Seconds between Lease renewals and node status updates.")
    var nodeStatusUpdateFrequency: Double = 10

    @Option(help: "This node's pod range until the Node's spec.podCIDR is set, e.g. 10.244.1.0/24 (without either, pods use the node's network).")
    var podCIDR: String?

    @Flag(help: "Stay NotReady until the node has a pod range (spec.podCIDR from the controller manager, or --pod-cidr) when the runtime gives pods networks of their own.")
    var waitForPodCIDR = false

    @Option(help: "The cluster's pod range: pods get a route to it via their node's bridge.")
    var clusterCIDR = "10.244.0.0/16"

    @Option(help: "The service range: pods get a route to it via their node's bridge.")
    var serviceCIDR = "10.96.0.0/12"

    @Option(help: "The cluster DNS servers of ClusterFirst pods, comma-separated.")
    var clusterDNS = "10.96.0.10"

    @Option(help: "The cluster's DNS domain (pods' search path).")
    var clusterDomain = "cluster.local"

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.bootstrap(label: "skiff.kubelet")
        let node = nodeName ?? ProcessInfo.processInfo.hostName.lowercased()
        let home = ProcessInfo.processInfo.environment["SKIFF_HOME"] ?? "./.skiff"
        var configuration = KubeletConfiguration(
            nodeName: node, apiEndpoints: [api], apiEventEndpoints: [apiEvents], runtimeEndpoints: [runtime],
            runtimeEventEndpoints: [runtimeEvents], rpcEndpoints: [rpc], root: root ?? "\(home)/kubelet/\(node)")
        do {
            if let cpu { configuration.cpuMillis = try Quantity(parsing: cpu).milliValue }
            if let memory { configuration.memoryBytes = try Quantity(parsing: memory).value }
        } catch {
            Console.error("skiff kubelet: --cpu and --memory take quantities (2, 500m, 8Gi): \(error)")
            throw ExitCode(2)
        }
        configuration.maxPods = maxPods
        for (flag, value) in [("--pod-cidr", podCIDR), ("--cluster-cidr", clusterCIDR), ("--service-cidr", serviceCIDR)] {
            if let value, IPv4Range(value) == nil {
                Console.error("skiff kubelet: \(flag) takes an IPv4 CIDR such as 10.244.1.0/24, not \"\(value)\"")
                throw ExitCode(2)
            }
        }
        configuration.podCIDR = podCIDR
        configuration.waitForPodCIDR = waitForPodCIDR
        configuration.clusterCIDR = clusterCIDR
        configuration.serviceCIDR = serviceCIDR
        configuration.clusterDNS = clusterDNS.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        configuration.clusterDomain = clusterDomain
        configuration.heartbeatInterval = .milliseconds(Int64(max(0.05, nodeStatusUpdateFrequency) * 1000))
        for pair in (labels ?? "").split(separator: ",") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            configuration.labels[String(kv[0])] = kv.count == 2 ? String(kv[1]) : ""
        }
        do {
            if let t = registerWithTaints { configuration.taints = try NodeObject.taints(t) }
        } catch {
            Console.error("skiff kubelet: \(error.message)")
            throw ExitCode(2)
        }
        let service: KubeletService
        do {
            service = try await KubeletService.start(configuration: configuration, logger: logger)
        } catch {
            Console.error("skiff kubelet: cannot start: \(error)")
            throw ExitCode(1)
        }
        let ready = ReadyLine(text: "skiff kubelet ready node=\(node) rpc=\(service.rpcEndpoints.first ?? rpc) api=\(api) runtime=\(runtime)") {
            await service.waitUntilRegistered()
        }
        let group = Combined.group([service, ready], logger: logger)
        try await group.run()
    }
}
