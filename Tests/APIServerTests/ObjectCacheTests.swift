import Client
import Resources
import Testing
@testable import APIServer

/// The watch cache as a pure value: no store, no sockets.
struct ObjectCacheTests {
    static func pod(_ name: String, node: String? = nil, labels: JSON = .emptyObject) -> JSON {
        var p: JSON = ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name), "namespace": "default", "labels": labels],
                       "spec": ["containers": [["name": "c", "image": "busybox"]]]]
        if let node { p["spec"]["nodeName"] = .string(node) }
        return p
    }

    @Test func appliedChangesAreClassifiedAndCarryTheirRevision() throws {
        var cache = ObjectCache()
        let addedChange = cache.apply(revision: 5, key: "/registry/pods/default/a", value: Self.pod("a"))
        let added = try #require(addedChange)
        #expect(added.event.type == .added)
        #expect(added.event.object.resourceVersion == "5")
        let modifiedChange = cache.apply(revision: 6, key: "/registry/pods/default/a", value: Self.pod("a"))
        let modified = try #require(modifiedChange)
        #expect(modified.event.type == .modified)
        let deletedChange = cache.apply(revision: 7, key: "/registry/pods/default/a", value: nil)
        let deleted = try #require(deletedChange)
        #expect(deleted.event.type == .deleted)
        // A deletion carries the last state with the deletion's revision, as Kubernetes sends it.
        #expect(deleted.event.object.resourceVersion == "7")
        #expect(deleted.event.object.name == "a")
        #expect(cache.get(RegistryKey(resource: "pods", namespace: "default", name: "a")) == nil)
        #expect(cache.revision == 7)
    }

    @Test func staleChangesAndForeignKeysAreIgnoredButAdvanceTheRevision() {
        var cache = ObjectCache()
        _ = cache.apply(revision: 10, key: "/registry/pods/default/a", value: Self.pod("a"))
        do { let c = cache.apply(revision: 9, key: "/registry/pods/default/a", value: Self.pod("old")); #expect(c == nil) }
        #expect(cache.get(RegistryKey(resource: "pods", namespace: "default", name: "a"))?.modRevision == 10)
        do { let c = cache.apply(revision: 11, key: "/not-registry", value: Self.pod("x")); #expect(c == nil) }
        #expect(cache.revision == 11)
        do { let c = cache.apply(revision: 12, key: "/registry/pods/default/absent", value: nil); #expect(c == nil) }
    }

    @Test func listsAreOrderedByNamespaceThenName() {
        var cache = ObjectCache()
        _ = cache.apply(revision: 1, key: "/registry/pods/b/z", value: Self.pod("z"))
        _ = cache.apply(revision: 2, key: "/registry/pods/a/y", value: Self.pod("y"))
        _ = cache.apply(revision: 3, key: "/registry/pods/b/a", value: Self.pod("a"))
        #expect(cache.list(resource: "pods", namespace: nil).map(\.key.name) == ["y", "a", "z"])
        #expect(cache.list(resource: "pods", namespace: "b").map(\.key.name) == ["a", "z"])
        #expect(cache.list(resource: "nodes", namespace: nil).isEmpty)
    }

    @Test func theWindowServesChangesAfterARevisionOrSaysTooOld() throws {
        var cache = ObjectCache(historyLimit: 3)
        _ = cache.reset(revision: 100, objects: [])
        for r in Int64(101)...105 { _ = cache.apply(revision: r, key: "/registry/pods/default/p\(r)", value: Self.pod("p\(r)")) }
        // History keeps 103, 104, 105: a watch from 102 gets all three, from 101 is too old.
        #expect(try #require(cache.changes(resource: "pods", since: 102)).map(\.revision) == [103, 104, 105])
        #expect(try #require(cache.changes(resource: "pods", since: 104)).map(\.revision) == [105])
        #expect(cache.changes(resource: "pods", since: 101) == nil)
        // A resource that never changed is served back to the reset.
        #expect(cache.changes(resource: "nodes", since: 100)?.isEmpty == true)
        #expect(cache.changes(resource: "nodes", since: 99) == nil)
    }

    @Test func aResetReportsTheDifferenceSoSubscribersConverge() throws {
        var cache = ObjectCache()
        _ = cache.apply(revision: 1, key: "/registry/pods/default/kept", value: Self.pod("kept"))
        _ = cache.apply(revision: 2, key: "/registry/pods/default/gone", value: Self.pod("gone"))
        _ = cache.apply(revision: 3, key: "/registry/pods/default/changed", value: Self.pod("changed"))
        let kept = try #require(cache.get(RegistryKey(resource: "pods", namespace: "default", name: "kept")))
        var changed = Self.pod("changed", labels: ["v": "2"])
        changed.resourceVersion = "9"
        var added = Self.pod("new")
        added.resourceVersion = "8"
        let diff = cache.reset(revision: 10, objects: [
            kept,
            .init(key: RegistryKey(resource: "pods", namespace: "default", name: "changed"), object: changed, modRevision: 9),
            .init(key: RegistryKey(resource: "pods", namespace: "default", name: "new"), object: added, modRevision: 8),
        ])
        let summary = Set(diff.map { "\($0.event.type.rawValue) \($0.key.name)" })
        #expect(summary == ["DELETED gone", "MODIFIED changed", "ADDED new"])
        #expect(cache.revision == 10)
        // The snapshot's revision is where watches can start again; before it is too old.
        #expect(cache.changes(resource: "pods", since: 10)?.isEmpty == true)
        #expect(cache.changes(resource: "pods", since: 9) == nil)
    }

    @Test func podsBoundToANodeAreCopiedToThatNodesStream() throws {
        var cache = ObjectCache()
        let unboundChange = cache.apply(revision: 1, key: "/registry/pods/default/p", value: Self.pod("p"))
        let unbound = try #require(unboundChange)
        #expect(unbound.nodeCopy == nil)
        let boundChange = cache.apply(revision: 2, key: "/registry/pods/default/p", value: Self.pod("p", node: "n1"))
        let bound = try #require(boundChange)
        #expect(bound.nodeCopy?.node == "n1")
        #expect(bound.nodeCopy?.event.type == .added)  // new on the node's stream
        let updatedChange = cache.apply(revision: 3, key: "/registry/pods/default/p", value: Self.pod("p", node: "n1"))
        let updated = try #require(updatedChange)
        #expect(updated.nodeCopy?.event.type == .modified)
        let deletedChange = cache.apply(revision: 4, key: "/registry/pods/default/p", value: nil)
        let deleted = try #require(deletedChange)
        #expect(deleted.nodeCopy?.node == "n1")
        #expect(deleted.nodeCopy?.event.type == .deleted)
    }

    @Test func dependentsAreFoundByOwnerUID() {
        var cache = ObjectCache()
        var child = Self.pod("child")
        child["metadata"]["ownerReferences"] = [["apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "rs", "uid": "u-1"]]
        _ = cache.apply(revision: 1, key: "/registry/pods/default/child", value: child)
        _ = cache.apply(revision: 2, key: "/registry/pods/default/other", value: Self.pod("other"))
        #expect(cache.dependents(ofUID: "u-1").map(\.key.name) == ["child"])
        #expect(cache.dependents(ofUID: "u-2").isEmpty)
    }

    @Test func registryKeysRoundTripAndRejectOtherShapes() {
        #expect(RegistryKey(parsing: "/registry/pods/default/web")?.namespace == "default")
        #expect(RegistryKey(parsing: "/registry/nodes/n1") == RegistryKey(resource: "nodes", namespace: nil, name: "n1"))
        #expect(RegistryKey(parsing: "/registry/nodes/n1")?.path == "/registry/nodes/n1")
        #expect(RegistryKey(parsing: "/registry/pods//web") == nil)
        #expect(RegistryKey(parsing: "/registry/pods/a/b/c") == nil)
        #expect(RegistryKey(parsing: "/other/pods/a/b") == nil)
    }
}
