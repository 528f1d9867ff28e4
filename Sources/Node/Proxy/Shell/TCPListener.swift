import Logging
import NIOCore
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif

/// A TCP listener of one service port: each accepted connection is spliced to an endpoint the
/// ``ServiceBackends`` pick. A refused or timed-out connect tries the next endpoint (at most
/// three in all); when none is left — or the service has none — the client's connection is
/// reset at once (SO_LINGER 0), never left hanging.
enum TCPListener {
    /// How long a connect to one endpoint may take before the next is tried.
    static let connectTimeout = TimeAmount.seconds(1)
    static let attempts = 3

    static func bind(_ address: ListenerAddress, backends: ServiceBackends, group: EventLoopGroup, logger: Logger) async throws -> Channel {
        try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(ChannelOptions.Types.SocketOption(level: .socket, name: .init(rawValue: SO_REUSEPORT)), value: 1)
            .serverChannelOption(ChannelOptions.Types.SocketOption(level: .ip, name: .init(rawValue: IP_FREEBIND)), value: 1)
            .serverChannelOption(ChannelOptions.backlog, value: 1024)
            .childChannelOption(ChannelOptions.autoRead, value: false)
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .childChannelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { client in
                splice(client, backends: backends, tried: [], logger: logger)
                return client.eventLoop.makeSucceededVoidFuture()
            }
            .bind(host: address.ip, port: address.port).get()
    }

    /// Connects `client` to an endpoint not in `tried`, gluing the two channels on success.
    static func splice(_ client: Channel, backends: ServiceBackends, tried: Set<Endpoint>, logger: Logger) {
        let clientIP = client.remoteAddress?.ipAddress ?? ""
        guard tried.count < attempts, let endpoint = backends.pick(client: clientIP, excluding: tried),
              let target = try? SocketAddress(ipAddress: endpoint.ip, port: endpoint.port) else {
            reset(client)
            return
        }
        ClientBootstrap(group: client.eventLoop)
            .connectTimeout(connectTimeout)
            .channelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .channelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .connect(to: target)  // an address: no resolver, no happy eyeballs
            .whenComplete { result in
                switch result {
                case .success(let upstream):
                    do {
                        let (a, b) = GlueHandler.matchedPair()
                        try client.pipeline.syncOperations.addHandler(a)
                        try upstream.pipeline.syncOperations.addHandler(b)
                        client.setOption(ChannelOptions.autoRead, value: true).whenFailure { _ in client.close(promise: nil) }
                    } catch {
                        upstream.close(promise: nil)
                        reset(client)
                    }
                case .failure(let error):
                    logger.debug("endpoint connect failed", metadata: ["service": "\(backends.name)", "endpoint": "\(endpoint)",
                                                                      "error": "\(error)"])
                    splice(client, backends: backends, tried: tried.union([endpoint]), logger: logger)
                }
            }
    }

    /// Closes with a RST rather than a FIN: the client learns at once that nothing serves it.
    static func reset(_ channel: Channel) {
        if let provider = channel as? SocketOptionProvider {
            provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in channel.close(promise: nil) }
        } else {
            channel.close(promise: nil)
        }
    }
}
