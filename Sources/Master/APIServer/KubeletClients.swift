import Bus
import Foundation
import Logging
import Resources
import RuntimeAPI
import Synchronization

/// The API server's connections to kubelets (SKIFF-KUBELET/1), one RPC client per endpoint,
/// made on first use and kept: `pods/log` is proxied to the kubelet a Node's
/// `skiff.io/kubelet-rpc` annotation names. Thread-safe.
final class KubeletClients: Sendable {
    private let clients = Mutex<[String: RPC.Client]>([:])
    let logger: Logger

    init(logger: Logger) { self.logger = logger }

    func client(_ endpoint: String) async throws -> RPC.Client {
        if let c = clients.withLock({ $0[endpoint] }) { return c }
        let made = try await RPC.Client(connect: [endpoint], logger: logger)
        let (kept, extra) = clients.withLock { m -> (RPC.Client, RPC.Client?) in
            if let existing = m[endpoint] { return (existing, made) }
            m[endpoint] = made
            return (made, nil)
        }
        if let extra { await extra.close() }
        return kept
    }

    /// `kubelet.logs` on `endpoint`; the kubelet's errors become Statuses with its reason.
    func logs(_ endpoint: String, _ request: KubeletMessages.LogsRequest, node: String) async throws(StatusError) -> KubeletMessages.LogsResponse {
        do {
            let rpc = try await client(endpoint)
            let bytes = try await rpc.call(KubeletMessages.Method.logs, Array(try JSONEncoder().encode(request)),
                                           timeout: .seconds(20), idempotent: true)
            return try JSONDecoder().decode(KubeletMessages.LogsResponse.self, from: Data(bytes))
        } catch let e as BusError {
            switch e.reason {
            case .unavailable, .timeout:
                throw StatusError.serviceUnavailable("the kubelet of node \"\(node)\" (\(endpoint)) does not answer: \(e.message)")
            default:
                throw StatusError(code: Int(e.code), reason: e.reason.rawValue, message: e.message)
            }
        } catch {
            throw StatusError.internalError("kubelet.logs on \(endpoint): \(error)")
        }
    }

    func closeAll() async {
        for c in clients.withLock({ m -> [RPC.Client] in defer { m = [:] }; return Array(m.values) }) { await c.close() }
    }
}
