import ArgumentParser
import Client
import DNS
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// `skiff dns`: the cluster DNS server (DESIGN.md §1, `Sources/Master/DNS`).
struct DNSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dns",
        abstract: "Serve DNS for the cluster domain over UDP and TCP; forward other names upstream."
    )

    @Option(help: "Address to listen on (UDP and TCP), host:port; port 0 picks a free one. Root can use port 53.")
    var listen = "127.0.0.1:10053"

    @Option(help: "The cluster domain.")
    var domain = "cluster.local"

    @Option(help: "The API server's RPC endpoint.")
    var api = APIDefaults.rpcEndpoint

    @Option(help: "The API server's cluster event stream endpoint.")
    var apiEvents = APIDefaults.eventsEndpoint

    @Option(help: "Upstream server for other names, ip or ip:port (repeatable; default: the nameservers of /etc/resolv.conf). Only loopback addresses and the machine's configured nameservers are accepted; 'none' disables forwarding (SERVFAIL).")
    var upstream: [String] = []

    @Option(help: "ClusterIP of the kube-system/kube-dns Service this server publishes itself behind (created at start if missing, with Endpoints and an EndpointSlice naming the listen address); 'none' publishes nothing.")
    var clusterIP = "10.96.0.10"

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.bootstrap(label: "skiff.dns")
        guard let address = SocketAddress(listen, defaultPort: 53) else {
            Console.error("skiff dns: --listen must be host:port, not \(listen)")
            throw ExitCode(2)
        }
        guard let zoneName = DNSName(domain), !zoneName.labels.isEmpty else {
            Console.error("skiff dns: --domain must be a domain name, not \(domain)")
            throw ExitCode(2)
        }
        let configured = ResolvConf.nameservers((try? String(contentsOfFile: "/etc/resolv.conf", encoding: .utf8)) ?? "")
        var upstreams: [SocketAddress] = []
        for u in upstream.isEmpty ? configured : upstream where u != "none" {
            guard let a = SocketAddress(u, defaultPort: 53) else {
                Console.error("skiff dns: --upstream must be ip or ip:port, not \(u)")
                throw ExitCode(2)
            }
            guard ResolvConf.isPermittedUpstream(a.address, configured: configured) else {
                Console.error("skiff dns: upstream \(u) is neither loopback nor a nameserver of /etc/resolv.conf")
                throw ExitCode(2)
            }
            upstreams.append(a)
        }
        guard clusterIP == "none" || IPAddress.parse(clusterIP)?.count == 4 else {
            Console.error("skiff dns: --cluster-ip must be an IPv4 address or none, not \(clusterIP)")
            throw ExitCode(2)
        }
        let index = IndexStore()
        let responder = DNSResponder(zone: ClusterZone(domain: zoneName, serverAddress: address.isUnspecified ? nil : address.address))
        let server: DNSServer
        do {
            server = try DNSServer(listen: address, responder: responder, upstreams: upstreams, logger: logger) {
                index.snapshot()
            }
        } catch {
            Console.error("skiff dns: \(error)")
            throw ExitCode(1)
        }
        let client = try await APIClient(endpoints: [api], logger: logger)
        let service = DNSService(server: server, client: client, events: [apiEvents], index: index, logger: logger)
        let registrar = KubeDNSRegistrar(
            registration: clusterIP == "none" ? nil : KubeDNSService(
                clusterIP: clusterIP, endpointIP: address.isUnspecified ? "127.0.0.1" : IPAddress.format(server.address.address),
                endpointPort: Int(server.address.port)),
            client: client, logger: logger)
        let text = "skiff dns ready listen=\(server.address) service-ip=\(clusterIP) domain=\(zoneName.description.dropLast()) upstream=\(upstreams.map(\.description).joined(separator: ",")) api=\(api)"
        let ready = ReadyLine(text: text) {
            while !(service.hasSynced && registrar.finished) && !Task.isCancelled { try? await Task.sleep(for: .milliseconds(20)) }
        }
        let group = Combined.group([service, registrar, ready], logger: logger)
        try await group.run()
    }
}

/// Publishes the kube-dns Service once at start: retried while the API server is unavailable,
/// given up (with a warning) when it refuses the objects (e.g. a ClusterIP outside its range).
final class KubeDNSRegistrar: Service, Sendable {
    let registration: KubeDNSService?
    let client: APIClient
    let logger: Logger
    private let done = Atomic<Bool>(false)

    init(registration: KubeDNSService?, client: APIClient, logger: Logger) {
        self.registration = registration
        self.client = client
        self.logger = logger
    }

    /// True once the objects are in place, or registration was given up or is off.
    var finished: Bool { done.load(ordering: .acquiring) }

    func run() async throws {
        if let registration {
            await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    do {
                        try await registration.ensure(self.client, logger: self.logger)
                        return
                    } catch {
                        let error = APIError.status(from: error)
                        if error.code < 500 {
                            self.logger.warning("cannot publish the kube-dns service; pods will not reach this server at its ClusterIP",
                                                metadata: ["service.ip": "\(registration.clusterIP)", "error": "\(error.message)"])
                            return
                        }
                        try? await Task.sleep(for: .seconds(1))
                    }
                }
            }
        }
        done.store(true, ordering: .releasing)
        try? await gracefulShutdown()
    }
}
