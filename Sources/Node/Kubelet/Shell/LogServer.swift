import Bus
import Client
import Foundation
import Resources
import RuntimeAPI

/// `kubelet.logs` (SKIFF-KUBELET/1): reads a container's CRI log file and answers with the
/// text `kubectl logs` prints, and a cursor to continue from when following.
struct LogServer: Sendable {
    let context: KubeletContext

    var handler: RPC.Handler {
        { request in
            let query: KubeletMessages.LogsRequest
            do { query = try JSONDecoder().decode(KubeletMessages.LogsRequest.self, from: Data(request.body)) } catch {
                throw BusError.badRequest("malformed kubelet.logs request: \(error)")
            }
            let reply = try await logs(query)
            return Array(try JSONEncoder().encode(reply))
        }
    }

    func logs(_ q: KubeletMessages.LogsRequest) async throws -> KubeletMessages.LogsResponse {
        guard let object = context.pods.get(Informer.Key(namespace: q.namespace, name: q.pod)) else {
            throw BusError.notFound("pods \"\(q.pod)\" not found")
        }
        let pod = PodModel(object)
        let name: String
        if let c = q.container, !c.isEmpty {
            guard pod.container(named: c) != nil else {
                throw BusError.badRequest("container \(c) is not valid for pod \(q.pod)")
            }
            name = c
        } else if pod.containers.count == 1 {
            name = pod.containers[0].name
        } else {
            var message = "a container name must be specified for pod \(q.pod), choose one of: [\(pod.containers.map(\.name).joined(separator: " "))]"
            if !pod.initContainers.isEmpty {
                message += " or one of the init containers: [\(pod.initContainers.map(\.name).joined(separator: " "))]"
            }
            throw BusError.badRequest(message)
        }
        let sandboxes = try await context.runtime.listSandboxes(podUID: pod.uid)
        var all: [RuntimeMessages.ContainerStatus] = []
        for s in sandboxes { all += try await context.runtime.listContainers(sandboxID: s.sandboxID) }
        let instances = ContainerInstances(all.filter { $0.config.name == name })

        var container: RuntimeMessages.ContainerStatus?
        var offset = 0
        if let cursor = q.cursor, !cursor.isEmpty {
            let parts = cursor.split(separator: "@")
            guard parts.count == 2, let o = Int(parts[1]), o >= 0 else { throw BusError.badRequest("malformed cursor \"\(cursor)\"") }
            container = all.first { $0.containerID == parts[0] }
            guard container != nil else { throw BusError.notFound("container \(parts[0]) of pod \(q.pod) no longer exists") }
            offset = o
        } else if q.previous == true {
            guard let prev = instances.previous(name) else {
                throw BusError.badRequest("previous terminated container \"\(name)\" in pod \"\(q.pod)\" not found")
            }
            container = prev
        } else {
            container = instances.latest(name)
        }
        guard let container, container.state != .created else {
            let reason = (object["status"]?["containerStatuses"]?.array ?? []) .first { $0["name"]?.string == name }?["state"]?["waiting"]?["reason"]?.string
            throw BusError.badRequest("container \"\(name)\" in pod \"\(q.pod)\" is waiting to start: \(reason ?? "ContainerCreating")")
        }
        let path = container.config.logPath
        let start = offset
        let bytes: [UInt8] = try await Blocking.run {
            guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
            defer { try? handle.close() }
            try handle.seek(toOffset: UInt64(start))
            return Array(try handle.readToEnd() ?? Data())
        }
        let (entries, consumed) = CRILog.parse(bytes[...])
        let text = q.cursor == nil ? CRILog.render(entries, q, now: KubeletContext.now())
            : CRILog.text(entries, timestamps: q.timestamps == true)
        let ended = container.state != .running && consumed == bytes.count
        return .init(text: text, cursor: "\(container.containerID)@\(offset + consumed)", ended: ended)
    }
}
