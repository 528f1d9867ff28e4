import Logging
import NIOCore

/// The proxy's sockets and addresses, owned by the single sync worker (never shared).
final class Dataplane {
    let configuration: ProxyService.Configuration
    let group: EventLoopGroup
    let logger: Logger
    let device: AddressDevice?
    private var backends: [ServicePortName: ServiceBackends] = [:]
    private var listeners: [ListenerAddress: (name: ServicePortName, channel: Channel)] = [:]
    /// Addresses the last plan wanted; nil before the first sync.
    private var wanted: Set<String>?
    /// Listeners that failed to open, so that each failure is logged once.
    private var failing = Set<ListenerAddress>()
    private var addressesChecked: ContinuousClock.Instant?
    let kernel: KernelTable?
    /// The ruleset last written to the kernel; nil before the first write and after a failure.
    private var kernelRuleset: KernelRuleset?
    private var kernelChecked: ContinuousClock.Instant?

    init(configuration: ProxyService.Configuration, group: EventLoopGroup, logger: Logger) {
        self.configuration = configuration
        self.group = group
        self.logger = logger
        device = configuration.device.map { AddressDevice(name: $0, serviceCIDR: configuration.serviceCIDR, logger: logger) }
        kernel = configuration.kernelTable.map { KernelTable(name: $0) }
    }

    func apply(_ rules: [ServicePortRule]) async {
        let plan = ListenerPlan(rules: rules, clusterIPs: device != nil, nodePortAddress: configuration.nodePortAddress)
        for rule in rules {
            let box = backends[rule.name] ?? ServiceBackends(name: rule.name)
            backends[rule.name] = box
            if box.endpoints != rule.endpoints {
                logger.info("endpoints", metadata: ["service": "\(rule.name)", "endpoints": "\(rule.endpoints.map(\.description))"])
            }
            box.update(endpoints: rule.endpoints, affinitySeconds: rule.affinitySeconds)
        }
        // Addresses are checked when the plan changes them, and at each resync otherwise.
        if let device, plan.addresses != wanted || addressesChecked.map({ .now - $0 >= configuration.resync }) ?? true {
            await applyAddresses(plan, device)
            addressesChecked = .now
        }
        // After the addresses: a host's packet to a ClusterIP is routed (to the local address)
        // before the output hook rewrites it.
        if let kernel { await applyKernel(rules, kernel) }

        let changes = plan.changes(from: listeners.mapValues(\.name))
        for address in changes.close {
            if let old = listeners.removeValue(forKey: address) {
                try? await old.channel.close()
                logger.info("closed", metadata: ["listener": "\(address)", "service": "\(old.name)"])
            }
        }
        failing.formIntersection(plan.listeners.keys)
        for (address, name) in changes.open {
            guard let box = backends[name] else { continue }
            do {
                let channel = switch address.transport {
                case .tcp: try await TCPListener.bind(address, backends: box, group: group, logger: logger)
                case .udp: try await UDPListener.bind(address, backends: box, idleSeconds: configuration.udpIdleSeconds,
                                                      group: group, logger: logger)
                }
                listeners[address] = (name, channel)
                failing.remove(address)
                logger.info("listening", metadata: ["listener": "\(address)", "service": "\(name)"])
            } catch {
                if failing.insert(address).inserted {
                    logger.warning("cannot listen; retrying at each resync",
                                   metadata: ["listener": "\(address)", "service": "\(name)", "error": "\(error)"])
                }
            }
        }
        let live = Set(rules.map(\.name))
        backends = backends.filter { live.contains($0.key) }
    }

    private func applyAddresses(_ plan: ListenerPlan, _ device: AddressDevice) async {
        do {
            try await device.ensure()
            let holding = try await device.addresses()
            // At start every unwanted address is stale; later only those a service gave up.
            let removable = wanted.map { $0.subtracting(plan.addresses) } ?? holding
            let (add, remove) = plan.addressChanges(holding: holding, removable: removable)
            try await device.apply(add: add, remove: remove)
            if !add.isEmpty || !remove.isEmpty {
                logger.info("service addresses", metadata: ["device": "\(device.name)", "added": "\(add)", "removed": "\(remove)"])
            }
            wanted = plan.addresses
        } catch {
            logger.warning("service addresses failed; retrying at the next resync", metadata: ["error": "\(error)"])
        }
    }

    /// Writes the kernel table when this proxy's ruleset changed, and at each resync when the
    /// table is gone (deleted by hand, or by `--cleanup`). Another proxy of the cluster may have
    /// written it since: it writes from the same objects, so the tables agree once both are current.
    private func applyKernel(_ rules: [ServicePortRule], _ kernel: KernelTable) async {
        let ruleset = KernelRuleset(rules: rules, table: kernel.name, podTraffic: configuration.kernelPodTraffic)
        do {
            if ruleset == kernelRuleset {
                guard kernelChecked.map({ .now - $0 >= configuration.resync }) ?? true else { return }
                kernelChecked = .now
                guard try await !kernel.exists() else { return }
                logger.warning("the kernel table was removed; writing it again", metadata: ["table": "\(kernel.name)"])
            }
            try await kernel.apply(ruleset)
            if ruleset.hostPorts != kernelRuleset?.hostPorts || ruleset.podPorts != kernelRuleset?.podPorts {
                logger.info("kernel carries", metadata: ["table": "\(kernel.name)", "host": "\(ruleset.hostPorts.map(\.description))",
                                                         "pods": "\(ruleset.podPorts.map(\.description))"])
            }
            kernelRuleset = ruleset
            kernelChecked = .now
        } catch {
            kernelRuleset = nil
            logger.warning("kernel table failed; retrying at the next resync", metadata: ["table": "\(kernel.name)", "error": "\(error)"])
        }
    }

    func closeAll() async {
        for (_, listener) in listeners { try? await listener.channel.close() }
        listeners = [:]
    }
}
