import Client
import Hummingbird
import Logging
import NIOCore
import Resources
import Synchronization

/// The HTTP side of the gateway: each request is routed by the pure core (``Router``,
/// ``RequestPlan``, ``ResourceCall``) and carried out here — one API call, or a watch stream.
struct GatewayResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let router: Router
    let statics: StaticResponses
    let backend: APIBackend
    let hub: WatchHub
    let watchSettings: WatchSettings
    let logger: Logger

    /// How watches are timed.
    struct WatchSettings: Sendable {
        var bookmarkInterval: Duration = .seconds(60)
        /// `timeoutSeconds` when the client gives none (the API server's 30–60 minutes).
        var defaultTimeout: ClosedRange<Int> = 1800...3600
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        let target = RequestTarget(request.head.path ?? "/")
        let route = router.route(target.segments)
        let method = request.method.rawValue
        let accept = request.headers[.accept]
        if let answer = statics.respond(to: route, method: method, accept: accept, apiServerUp: backend.isUp,
                                        apiServerEndpoint: backend.endpoint) {
            return Self.response(answer, head: method == "HEAD")
        }
        guard case .resource(let path) = route else { return Self.response(GatewayResponse(error: GatewayErrors.notFound)) }
        do {
            switch try RequestPlan.plan(method: method, path: path, query: target.query) {
            case .watch(let watch):
                let format = try ResponseFormat.negotiate(accept: accept, tableAllowed: true)
                return try await self.watch(watch, format: format, request: request)
            case .call(let verb, let role):
                let call = try ResourceCall(verb: verb, bodyRole: role, path: path, query: target.query,
                                            accept: accept, contentType: request.headers[.contentType])
                if path.subresource?.name == "log", verb == .get, target.query["follow"] == "true" {
                    return try await followLog(try call.request(body: []), request: request)
                }
                let body = role == nil ? [] : try await Self.readBody(request)
                let reply = try await backend.call(try call.request(body: body))
                return Self.response(try call.render(reply, now: WatchSession.now()))
            }
        } catch {
            return Self.response(GatewayResponse(error: error))
        }
    }

    /// The request body, refusing more than ``BodyDecoder/maxBodyBytes``: at once when
    /// Content-Length says so (the body is never read), else as soon as it grows past it.
    static func readBody(_ request: Request) async throws(StatusError) -> [UInt8] {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > BodyDecoder.maxBodyBytes {
            throw BodyDecoder.tooLarge
        }
        var total: [UInt8] = []
        do {
            for try await chunk in request.body {
                guard total.count + chunk.readableBytes <= BodyDecoder.maxBodyBytes else { throw BodyDecoder.tooLarge }
                total.append(contentsOf: chunk.readableBytesView)
            }
        } catch let e as StatusError {
            throw e
        } catch {
            throw .badRequest("cannot read the request body: \(error)")
        }
        return total
    }

    private func watch(_ watch: WatchRequest, format: ResponseFormat, request: Request) async throws(StatusError) -> Response {
        let session = WatchSession(request: watch, format: format, backend: backend, hub: hub,
                                   bookmarkInterval: watchSettings.bookmarkInterval,
                                   defaultTimeout: watchSettings.defaultTimeout, logger: logger)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-cache, private"
        switch try await session.start() {
        case .failure(let expired):
            return Response(status: .ok, headers: headers,
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: WatchEncoder.error(expired))))
        case .success(let started):
            let body = ResponseBody { writer in
                let outlet = started.outlet
                _ = try await request.body.consumeWithInboundCloseHandler { _ in
                    await session.stream(started) { line in try await writer.write(ByteBuffer(bytes: line)) }
                } onInboundClosed: {
                    outlet.finish()
                }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: headers, body: body)
        }
    }

    /// `kubectl logs -f`: the first part of the log at once, then whatever the kubelet has
    /// since, polled with its cursor, as chunks of text/plain, until the container ends or the
    /// client leaves. Errors before the first part are ordinary error replies.
    private func followLog(_ first: APIRequest, request: Request) async throws(StatusError) -> Response {
        let start = try Self.logPart(try await backend.call(first))
        var headers = HTTPFields()
        headers[.contentType] = "text/plain"
        headers[.cacheControl] = "no-cache, private"
        let backend = self.backend, logger = self.logger
        let body = ResponseBody { writer in
            let clientLeft = Atomic<Bool>(false)
            _ = try await request.body.consumeWithInboundCloseHandler { _ in
                var current = start
                var next = first
                next.query = first.query.filter { ["container", "timestamps", "follow"].contains($0.key) }
                while !clientLeft.load(ordering: .relaxed) {
                    if !current.text.isEmpty { try await writer.write(ByteBuffer(string: current.text)) }
                    if current.ended { break }
                    try await Task.sleep(for: .milliseconds(250))
                    next.query["cursor"] = current.cursor
                    do {
                        current = try Self.logPart(try await backend.call(next))
                    } catch {
                        logger.debug("log follow ended", metadata: ["error": "\(error)"])
                        break
                    }
                }
                if clientLeft.load(ordering: .relaxed) { logger.debug("log follow ended: the client left") }
            } onInboundClosed: {
                clientLeft.store(true, ordering: .relaxed)
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// One `{"text","cursor","ended"}` reply of a followed log.
    static func logPart(_ reply: APIReply) throws(StatusError) -> (text: String, cursor: String, ended: Bool) {
        let o = try reply.object()
        return (o["text"]?.string ?? "", o["cursor"]?.string ?? "", o["ended"]?.bool ?? true)
    }

    static func response(_ r: GatewayResponse, head: Bool = false) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = r.contentType
        if !r.warnings.isEmpty { headers[values: .init("Warning")!] = r.warnings }
        headers[.cacheControl] = "no-cache, private"
        let body = head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: r.body))
        return Response(status: HTTPResponse.Status(code: r.status), headers: headers, body: body)
    }
}
