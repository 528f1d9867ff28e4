import Client
import DequeModule
import Resources

/// The API server's picture of the registry: every object at the newest revision applied, and
/// per resource a window of recent changes (the watch cache). A pure value: the shell feeds it
/// the store's change stream and publishes what it returns.
///
/// Guarantees: `revision` only grows between resets; `apply` of a change at or below an
/// object's current modRevision is a no-op (so a snapshot read in pages and the events queued
/// meanwhile converge); `events(since:)` returns every change after R of that resource, in
/// revision order, or nil when R is older than the window.
struct ObjectCache {
    struct Entry: Sendable {
        var key: RegistryKey
        /// The object as served: `metadata.resourceVersion` is its modRevision.
        var object: JSON
        var modRevision: Int64
    }

    /// One change as the cluster event stream carries it.
    struct Change: Sendable {
        var revision: Int64
        var key: RegistryKey
        var event: ClusterEvent
        /// The node whose pod stream also carries this change, and how it looks there.
        var nodeCopy: (node: String, event: ClusterEvent)?
    }

    private struct ResourceState {
        var objects: [RegistryKey: Entry] = [:]
        var history: Deque<Change> = []
        /// Changes after this revision are all in `history`.
        var windowStart: Int64 = 0
    }

    private(set) var revision: Int64 = 0
    private var resources: [String: ResourceState] = [:]
    let historyLimit: Int

    init(historyLimit: Int = 10_000) { self.historyLimit = historyLimit }

    // MARK: Reads

    func get(_ key: RegistryKey) -> Entry? { resources[key.resource]?.objects[key] }

    /// The objects of a resource (in one namespace, if given), ordered by namespace and name.
    func list(resource: String, namespace: String?) -> [Entry] {
        guard let state = resources[resource] else { return [] }
        var entries = state.objects.values.filter { namespace == nil || $0.key.namespace == namespace }
        entries.sort { $0.key < $1.key }
        return entries
    }

    /// Every change of `resource` after `since`, or nil when the window no longer reaches back
    /// that far.
    func changes(resource: String, since: Int64) -> [Change]? {
        let state = resources[resource] ?? ResourceState(windowStart: windowFloor)
        guard since >= state.windowStart else { return nil }
        // History is in revision order; find the first change after `since`.
        var low = 0, high = state.history.count
        while low < high {
            let mid = (low + high) / 2
            if state.history[mid].revision <= since { low = mid + 1 } else { high = mid }
        }
        return Array(state.history[low...])
    }

    /// The oldest revision a watch of a resource never changed since the last reset can start at.
    private(set) var windowFloor: Int64 = 0

    /// Objects whose ownerReferences name `uid` (the dependents garbage collection acts on).
    func dependents(ofUID uid: String) -> [Entry] {
        resources.values.flatMap { $0.objects.values.filter { $0.object.ownerUIDs.contains(uid) } }
    }

    // MARK: Changes

    /// Replaces everything with a snapshot taken at `revision`, returning the changes that turn
    /// the old picture into the new one (so that subscribers of the cluster stream, who never
    /// see a reset, converge too). The watch window restarts at `revision`.
    mutating func reset(revision: Int64, objects: [Entry]) -> [Change] {
        var fresh: [String: [RegistryKey: Entry]] = [:]
        for e in objects { fresh[e.key.resource, default: [:]][e.key] = e }
        var changes: [Change] = []
        for (resource, state) in resources {
            for (key, old) in state.objects where fresh[resource]?[key] == nil {
                var gone = old.object
                gone.resourceVersion = String(revision)
                changes.append(change(revision: revision, key: key, type: .deleted, object: gone, previous: old.object))
            }
        }
        for (resource, entries) in fresh {
            for (key, e) in entries {
                let old = resources[resource]?.objects[key]
                if let old, old.modRevision == e.modRevision { continue }
                changes.append(change(revision: revision, key: key, type: old == nil ? .added : .modified,
                                      object: e.object, previous: old?.object))
            }
        }
        resources = fresh.mapValues { ResourceState(objects: $0, history: [], windowStart: revision) }
        self.revision = revision
        self.windowFloor = revision
        for c in changes { record(c) }
        return changes
    }

    /// Applies one committed change of the store. `value` is nil for a delete. Returns the
    /// change to publish, or nil when it does not concern the registry or is already applied.
    mutating func apply(revision: Int64, key: String, value: JSON?) -> Change? {
        self.revision = max(self.revision, revision)
        guard let key = RegistryKey(parsing: key) else { return nil }
        let old = resources[key.resource]?.objects[key]
        if let old, old.modRevision >= revision { return nil }
        let c: Change
        if var object = value {
            object.resourceVersion = String(revision)
            resources[key.resource, default: ResourceState(windowStart: windowFloor)].objects[key] =
                Entry(key: key, object: object, modRevision: revision)
            c = change(revision: revision, key: key, type: old == nil ? .added : .modified, object: object,
                       previous: old?.object)
        } else {
            guard let old else { return nil }
            resources[key.resource]?.objects[key] = nil
            var gone = old.object
            gone.resourceVersion = String(revision)
            c = change(revision: revision, key: key, type: .deleted, object: gone, previous: old.object)
        }
        record(c)
        return c
    }

    private mutating func record(_ c: Change) {
        var state = resources[c.key.resource] ?? ResourceState(windowStart: windowFloor)
        resources[c.key.resource] = nil  // keep the state uniquely referenced while it changes
        state.history.append(c)
        while state.history.count > historyLimit {
            state.windowStart = state.history.removeFirst().revision
        }
        resources[c.key.resource] = state
    }

    private func change(revision: Int64, key: RegistryKey, type: ClusterEvent.EventType, object: JSON,
                        previous: JSON?) -> Change {
        var c = Change(revision: revision, key: key, event: ClusterEvent(type, object))
        if key.resource == "pods" {
            let now = type == .deleted ? nil : object["spec"]?["nodeName"]?.string.flatMap { $0.isEmpty ? nil : $0 }
            let before = previous?["spec"]?["nodeName"]?.string.flatMap { $0.isEmpty ? nil : $0 }
            switch (before, now) {
            case (nil, let node?): c.nodeCopy = (node, ClusterEvent(.added, object))
            case (let node?, nil): c.nodeCopy = (node, ClusterEvent(.deleted, object))
            case (let a?, let b?) where a == b: c.nodeCopy = (b, ClusterEvent(.modified, object))
            case (_?, let b?): c.nodeCopy = (b, ClusterEvent(.added, object))  // nodeName is immutable; defensive
            case (nil, nil): break
            }
        }
        return c
    }
}
