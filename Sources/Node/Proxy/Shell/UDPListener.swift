import Logging
import NIOCore
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif

/// A UDP listener of one service port. Each client address is a flow with an upstream socket of
/// its own (an ephemeral port) towards the endpoint the ``ServiceBackends`` picked; the
/// endpoint's replies go back to the client from the listener's address. Flows end after
/// `idleSeconds` without traffic, or at once when their endpoint leaves the service. Everything
/// of one listener runs on its event loop.
enum UDPListener {
    static func bind(_ address: ListenerAddress, backends: ServiceBackends, idleSeconds: Double, group: EventLoopGroup,
                     logger: Logger) async throws -> Channel {
        let channel = try await DatagramBootstrap(group: group)
            .channelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .channelOption(ChannelOptions.Types.SocketOption(level: .socket, name: .init(rawValue: SO_REUSEPORT)), value: 1)
            .channelOption(ChannelOptions.Types.SocketOption(level: .ip, name: .init(rawValue: IP_FREEBIND)), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        FrontHandler(backends: backends, idleSeconds: idleSeconds, logger: logger))
                }
            }
            .bind(host: address.ip, port: address.port).get()
        return channel
    }

    /// One client's flow: its upstream socket once bound, and datagrams that arrived before.
    final class Flow {
        let target: SocketAddress
        var upstream: Channel?
        var pending: [ByteBuffer] = []
        var closed = false
        init(target: SocketAddress) { self.target = target }
    }

    final class FrontHandler: ChannelInboundHandler {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        typealias OutboundOut = AddressedEnvelope<ByteBuffer>

        let backends: ServiceBackends
        let logger: Logger
        var flows: FlowTable<SocketAddress, Flow>
        var generation: UInt64 = 0
        var sweeper: RepeatedTask?

        init(backends: ServiceBackends, idleSeconds: Double, logger: Logger) {
            self.backends = backends
            self.logger = logger
            flows = FlowTable(idleSeconds: idleSeconds)
        }

        func channelActive(context: ChannelHandlerContext) {
            let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
            sweeper = context.eventLoop.scheduleRepeatedTask(initialDelay: .seconds(1), delay: .seconds(1)) { _ in
                loopBound.value.sweep()
            }
            context.fireChannelActive()
        }

        func channelInactive(context: ChannelHandlerContext) {
            sweeper?.cancel()
            for entry in flows.expire(now: .infinity, live: []) { close(entry.value) }
            context.fireChannelInactive()
        }

        /// Ends idle flows and flows to endpoints that left.
        func sweep() {
            generation = backends.generation
            for entry in flows.expire(now: ServiceBackends.now(), live: Set(backends.endpoints)) { close(entry.value) }
        }

        func close(_ flow: Flow) {
            flow.closed = true
            flow.upstream?.close(promise: nil)
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let envelope = unwrapInboundIn(data)
            let client = envelope.remoteAddress
            let now = ServiceBackends.now()
            // The endpoints changed since the last look: drop flows to endpoints that left first.
            if backends.generation != generation { sweep() }
            if let entry = flows.touch(client, now: now) {
                send(envelope.data, on: entry.value)
                return
            }
            guard let endpoint = backends.pick(client: client.ipAddress ?? ""),
                  let target = try? SocketAddress(ipAddress: endpoint.ip, port: endpoint.port) else { return }
            let flow = Flow(target: target)
            flow.pending.append(envelope.data)
            flows.insert(client, endpoint: endpoint, value: flow, now: now)
            let front = context.channel
            let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
            let flowBound = NIOLoopBound(flow, eventLoop: context.eventLoop)
            DatagramBootstrap(group: context.eventLoop)
                .channelInitializer { upstream in
                    upstream.eventLoop.makeCompletedFuture {
                        try upstream.pipeline.syncOperations.addHandler(BackHandler(front: front, client: client, endpoint: target,
                                                                                    onTraffic: { loopBound.value.touched(client) }))
                    }
                }
                .bind(host: target.protocol == .inet6 ? "::" : "0.0.0.0", port: 0)
                .whenComplete { result in
                    switch result {
                    case .success(let upstream):
                        let flow = flowBound.value
                        if flow.closed { upstream.close(promise: nil); return }
                        flow.upstream = upstream
                        for datagram in flow.pending {
                            upstream.write(AddressedEnvelope(remoteAddress: target, data: datagram), promise: nil)
                        }
                        flow.pending = []
                        upstream.flush()
                    case .failure(let error):
                        loopBound.value.logger.warning("udp upstream socket failed", metadata: ["error": "\(error)"])
                        _ = loopBound.value.flows.remove(client)
                    }
                }
        }

        /// A reply from the endpoint keeps the flow alive too.
        func touched(_ key: SocketAddress) { flows.touch(key, now: ServiceBackends.now()) }

        func send(_ datagram: ByteBuffer, on flow: Flow) {
            if let upstream = flow.upstream {
                upstream.writeAndFlush(AddressedEnvelope(remoteAddress: flow.target, data: datagram), promise: nil)
            } else if flow.pending.count < 64 {
                flow.pending.append(datagram)
            }
        }
    }

    /// Replies from the endpoint (and only from it) back to the client through the listener.
    final class BackHandler: ChannelInboundHandler {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>

        let front: Channel
        let client: SocketAddress
        let endpoint: SocketAddress
        let onTraffic: () -> Void

        init(front: Channel, client: SocketAddress, endpoint: SocketAddress, onTraffic: @escaping () -> Void) {
            self.front = front
            self.client = client
            self.endpoint = endpoint
            self.onTraffic = onTraffic
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let envelope = unwrapInboundIn(data)
            guard envelope.remoteAddress == endpoint else { return }
            onTraffic()
            front.writeAndFlush(AddressedEnvelope(remoteAddress: client, data: envelope.data), promise: nil)
        }

        func errorCaught(context: ChannelHandlerContext, error: Error) {
            // ICMP errors surface here on some kernels; the flow's idle timeout ends it.
        }
    }
}
