import Bus
import Foundation
import RuntimeAPI

/// The `runtime.*` methods (SKIFF-CRI/1): decode the JSON body, call the runtime, encode the
/// answer. A body that does not decode gets `BadRequest` naming the method and the problem.
struct RuntimeHandlers: Sendable {
    typealias M = RuntimeMessages
    let runtime: Runtime

    var methods: [String: RPC.Handler] {
        [
            M.Method.version: { _ in try Self.encode(await runtime.version()) },
            M.Method.runSandbox: { request in
                let body = try Self.decode(M.RunSandboxRequest.self, request)
                return try Self.encode(try await runtime.runSandbox(body.config))
            },
            M.Method.stopSandbox: { request in
                let body = try Self.decode(M.SandboxRef.self, request)
                return try Self.encode(try await runtime.stopSandbox(body.sandboxID))
            },
            M.Method.removeSandbox: { request in
                let body = try Self.decode(M.SandboxRef.self, request)
                try await runtime.removeSandbox(body.sandboxID)
                return Array("{}".utf8)
            },
            M.Method.sandboxStatus: { request in
                let body = try Self.decode(M.SandboxRef.self, request)
                return try Self.encode(try await runtime.sandboxStatus(body.sandboxID))
            },
            M.Method.listSandboxes: { request in
                let body = request.body.isEmpty ? M.ListSandboxesRequest() : try Self.decode(M.ListSandboxesRequest.self, request)
                return try Self.encode(await runtime.listSandboxes(podUID: body.podUID))
            },
            M.Method.createContainer: { request in
                let body = try Self.decode(M.CreateContainerRequest.self, request)
                return try Self.encode(try await runtime.createContainer(body))
            },
            M.Method.startContainer: { request in
                let body = try Self.decode(M.ContainerRef.self, request)
                return try Self.encode(try await runtime.startContainer(body.containerID))
            },
            M.Method.stopContainer: { request in
                let body = try Self.decode(M.StopContainerRequest.self, request)
                return try Self.encode(try await runtime.stopContainer(body.containerID, timeoutSeconds: body.timeoutSeconds))
            },
            M.Method.removeContainer: { request in
                let body = try Self.decode(M.ContainerRef.self, request)
                try await runtime.removeContainer(body.containerID)
                return Array("{}".utf8)
            },
            M.Method.containerStatus: { request in
                let body = try Self.decode(M.ContainerRef.self, request)
                return try Self.encode(try await runtime.containerStatus(body.containerID))
            },
            M.Method.listContainers: { request in
                let body = request.body.isEmpty ? M.ListContainersRequest() : try Self.decode(M.ListContainersRequest.self, request)
                return try Self.encode(await runtime.listContainers(body))
            },
            M.Method.exec: { request in
                let body = try Self.decode(M.ExecRequest.self, request)
                return try Self.encode(try await runtime.exec(body))
            },
            M.Method.logs: { request in
                let body = try Self.decode(M.LogsRequest.self, request)
                return try Self.encode(try await runtime.logs(body))
            },
        ]
    }

    static func decode<T: Decodable>(_ type: T.Type, _ request: RPC.Request) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(request.body))
        } catch let error as DecodingError {
            throw BusError.badRequest("\(request.method): the body is not a valid \(type) (\(describe(error)))")
        } catch {
            throw BusError.badRequest("\(request.method): the body is not JSON (\(error))")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let text = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return text.isEmpty ? "" : " at \(text)"
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing field \(key.stringValue)\(path(context))"
        case .typeMismatch(let type, let context): return "expected \(type)\(path(context))"
        case .valueNotFound(let type, let context): return "expected \(type)\(path(context)), found null"
        case .dataCorrupted(let context): return "\(context.debugDescription)\(path(context))"
        @unknown default: return "\(error)"
        }
    }

    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(value))
    }
}
