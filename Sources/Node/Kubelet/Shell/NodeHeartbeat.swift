import Client
import Logging
import Resources

/// Registers the Node, then every heartbeat interval renews the Lease `kube-node-lease/<node>`
/// and writes the node status (conditions with heartbeat times; Ready while the runtime
/// answers and — with `--wait-for-pod-cidr`, when the runtime gives pods networks of their
/// own — once the node has a pod range, so no pod is scheduled here before it can get an address). Retries until the API
/// server answers; never gives up.
struct NodeHeartbeat: Sendable {
    let context: KubeletContext
    let node: NodeObject

    /// Creates the Node, or brings an existing one up to date. Returns its uid.
    func register() async -> String {
        var delay = Duration.milliseconds(200)
        while !Task.isCancelled {
            do {
                let now = KubeletContext.now()
                if let uid = try await create(now: now) {
                    context.logger.info("node registered", metadata: ["node.name": "\(node.name)"])
                    return uid
                }
                let patch: JSON = ["metadata": ["labels": .object(node.allLabels), "annotations": .object(node.annotations)]]
                let updated = try await context.api.call(APIRequest(.patch, resource: "nodes", name: node.name,
                                                                    patchType: "application/merge-patch+json", body: patch)).object()
                try await writeStatus(notReady: await notReady(), old: updated["status"]?["conditions"]?.array ?? [], now: now)
                context.logger.info("node re-registered", metadata: ["node.name": "\(node.name)"])
                return updated["metadata"]?["uid"]?.string ?? ""
            } catch {
                context.logger.warning("cannot register the node yet", metadata: ["node.name": "\(node.name)", "error": "\(error)"])
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
        return ""
    }

    /// Creates the Node: its uid, or nil when it exists already.
    func create(now: Int64) async throws -> String? {
        let body = node.node(notReady: await notReady(), now: now)
        let result = await context.api.result(APIRequest(.create, resource: "nodes", body: body))
        switch result {
        case .success(let reply): return try reply.object()["metadata"]?["uid"]?.string ?? ""
        case .failure(let e) where e.code == 409: return nil
        case .failure(let e): throw e
        }
    }

    @discardableResult
    func writeStatus(notReady: String?, old: [JSON], now: Int64) async throws -> JSON {
        let status = node.status(oldConditions: old, notReady: notReady, now: now)
        _ = try await context.api.call(APIRequest(.patch, resource: "nodes", subresource: "status", name: node.name,
                                                  patchType: "application/merge-patch+json", body: ["status": status]))
        return status
    }

    /// Why the node is not ready (nil: it is): the runtime does not answer, or it gives pods
    /// networks of their own and this node has no pod range yet (`spec.podCIDR` or `--pod-cidr`).
    func notReady() async -> String? {
        guard let version = try? await context.runtime.version(timeout: .seconds(3)) else { return NodeObject.runtimeDown }
        if context.configuration.waitForPodCIDR, version.isolation.podNetwork == true, await context.podCIDR() == nil {
            return NodeObject.networkNotReady
        }
        return nil
    }

    func renewLease(nodeUID: String, now: Int64) async throws {
        let lease = node.lease(nodeUID: nodeUID.isEmpty ? nil : nodeUID, now: now)
        let patched = await context.api.result(APIRequest(.patch, group: "coordination.k8s.io", resource: "leases",
                                                          namespace: NodeObject.leaseNamespace, name: node.name,
                                                          patchType: "application/merge-patch+json",
                                                          body: ["spec": lease["spec"] ?? .null]))
        switch patched {
        case .success: return
        case .failure(let e) where e.code == 404:
            _ = try await context.api.call(APIRequest(.create, group: "coordination.k8s.io", resource: "leases",
                                                      namespace: NodeObject.leaseNamespace, body: lease))
        case .failure(let e): throw e
        }
    }

    /// Heartbeats until cancelled.
    func run(nodeUID: String) async {
        var conditions: [JSON] = []
        var lastReady = true
        while !Task.isCancelled {
            let now = KubeletContext.now()
            do { try await renewLease(nodeUID: nodeUID, now: now) } catch {
                context.logger.warning("cannot renew the node lease", metadata: ["error": "\(error)"])
            }
            let why = await notReady()
            let ready = why == nil
            if ready != lastReady {
                context.logger.notice(ready ? "node Ready" : "node NotReady", metadata: ["reason": "\(why ?? "")"])
                lastReady = ready
            }
            do {
                let status = try await writeStatus(notReady: why, old: conditions, now: now)
                conditions = status["conditions"]?.array ?? []
            } catch {
                context.logger.warning("cannot write the node status", metadata: ["error": "\(error)"])
            }
            // Waiting for the pod range, look for it each second (one cheap read) and write the
            // status as soon as it comes, rather than a heartbeat later.
            let next = ContinuousClock.now + context.configuration.heartbeatInterval
            if why == NodeObject.networkNotReady {
                while ContinuousClock.now < next, !Task.isCancelled, await context.podCIDR() == nil {
                    try? await Task.sleep(for: .seconds(1))
                }
            } else {
                try? await Task.sleep(until: next)
            }
        }
    }
}
