import Foundation
import Client
import Resources

extension SchedulerService {
    /// One scheduling cycle for one queued pod: decide and assume under the lock, then bind, or
    /// report why it fits nowhere.
    func scheduleOne(_ key: SchedulingPod.Key) async {
        let attempt = state.withLock { s -> (SchedulingPod, Decision, UInt64)? in
            guard let pod = s.waiting[key], !s.cache.isAssumed(key) else { return nil }
            let startedAt = s.pending.changes
            let decision = s.cache.schedule(pod, using: &s.rng)
            if case .bind(let node) = decision { s.cache.assume(pod, on: node) }
            return (pod, decision, startedAt)
        }
        guard let (pod, decision, startedAt) = attempt else {
            queue.forget(key)
            return
        }
        switch decision {
        case .bind(let node):
            await bind(pod, to: node)
        case .unschedulable(let fit):
            let message = fit.description
            let after = state.withLock { $0.pending.failed(key, startedAt: startedAt, now: .now) }
            if after == .retry { queue.addRateLimited(key) }
            logger.debug("pod fits no node", metadata: ["pod": "\(key)", "reason": "\(message)"])
            recorder.record(.failed(pod, message: message))
            await markUnschedulable(pod, message: message)
        }
    }

    private func bind(_ pod: SchedulingPod, to node: String) async {
        let binding: JSON = [
            "apiVersion": "v1", "kind": "Binding",
            "metadata": ["name": .string(pod.key.name), "namespace": .string(pod.key.namespace), "uid": .string(pod.uid)],
            "target": ["apiVersion": "v1", "kind": "Node", "name": .string(node)],
        ]
        do {
            _ = try await client.call(APIRequest(.create, resource: "pods", subresource: "binding", namespace: pod.key.namespace,
                                                 name: pod.key.name, body: binding))
            state.withLock { s in
                s.cache.bindingFinished(pod.key, now: .now)
                s.bound += 1
            }
            queue.forget(pod.key)
            recorder.record(.scheduled(pod, node: node))
            logger.debug("bound pod", metadata: ["pod": "\(pod.key)", "node.name": "\(node)"])
        } catch {
            state.withLock { $0.cache.forget(pod.key) }
            // Already bound (by us, or someone else) or gone: the informer will say so.
            if error.reason == "NotFound" || error.message.contains("already assigned") || error.message.contains("being deleted") {
                queue.forget(pod.key)
                return
            }
            logger.warning("binding failed; retrying", metadata: ["pod": "\(pod.key)", "node.name": "\(node)", "error": "\(error)"])
            queue.addRateLimited(pod.key)
        }
    }

    /// Sets the pod's PodScheduled condition to False/Unschedulable with `message`, unless it
    /// says so already.
    private func markUnschedulable(_ pod: SchedulingPod, message: String) async {
        if let c = pod.scheduledCondition, c.status == "False", c.reason == "Unschedulable", c.message == message { return }
        let condition: JSON = ["type": "PodScheduled", "status": "False", "reason": "Unschedulable", "message": .string(message),
                               "lastProbeTime": nil, "lastTransitionTime": .string(MetaTime.current().rfc3339)]
        do {
            _ = try await client.call(APIRequest(.patch, resource: "pods", subresource: "status", namespace: pod.key.namespace,
                                                 name: pod.key.name, patchType: "application/strategic-merge-patch+json",
                                                 body: ["status": ["conditions": [condition]]]))
        } catch {
            logger.debug("could not write the PodScheduled condition", metadata: ["pod": "\(pod.key)", "error": "\(error)"])
        }
    }
}
