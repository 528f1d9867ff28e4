import Client
import Resources

extension SchedulerService {
    /// A pod changed: count it where it is bound, queue it if it is ours to place, and retry
    /// parked pods when resources were freed.
    func podChanged(_ delta: Informer.Delta) {
        var retry: [SchedulingPod.Key] = []
        var enqueue: SchedulingPod.Key? = nil
        switch delta {
        case .synced:
            return
        case .added(let json), .modified(_, let json):
            let pod = SchedulingPod(json: json)
            state.withLock { s in
                let wasCounted = s.cache.pods[pod.key]?.assumed == nil && s.cache.pods[pod.key] != nil
                s.cache.podSeen(pod)
                if pod.needsScheduling(by: configuration.schedulerName) {
                    let old = s.waiting.updateValue(pod, forKey: pod.key)
                    if old == nil || !old!.sameScheduling(as: pod) {
                        s.pending.remove(pod.key)
                        enqueue = pod.key
                    }
                } else {
                    s.waiting[pod.key] = nil
                    s.pending.remove(pod.key)
                    if pod.terminal && wasCounted { retry = s.pending.clusterChanged() }
                }
            }
        case .deleted(let json):
            let pod = SchedulingPod(json: json)
            recorder.forget(podUID: pod.uid)
            state.withLock { s in
                let wasCounted = s.cache.pods[pod.key] != nil
                s.cache.removePod(pod.key)
                s.waiting[pod.key] = nil
                s.pending.remove(pod.key)
                if wasCounted { retry = s.pending.clusterChanged() }
            }
        }
        if let enqueue { queue.add(enqueue) }
        for key in retry { queue.addRateLimited(key) }
    }

    /// A node changed: update the cache; a new or changed node may fit parked pods.
    func nodeChanged(_ delta: Informer.Delta) {
        var retry: [SchedulingPod.Key] = []
        switch delta {
        case .synced:
            return
        case .added(let json), .modified(_, let json):
            let node = SchedulingNode(json: json)
            state.withLock { s in
                if s.cache.setNode(node) { retry = s.pending.clusterChanged() }
            }
        case .deleted(let json):
            let name = json["metadata"]?["name"]?.string ?? ""
            state.withLock { $0.cache.removeNode(named: name) }
        }
        for key in retry { queue.addRateLimited(key) }
    }
}
