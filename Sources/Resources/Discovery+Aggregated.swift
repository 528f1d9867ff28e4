extension Discovery {
    /// The aggregated discovery document `APIGroupDiscoveryList` for `/api` (core group) or
    /// `/apis` (named groups), with `apiVersion` set to the version the client negotiated.
    ///
    /// Every resource and subresource carries `responseKind` (kubectl silently drops a resource
    /// without one); `scope` is `Namespaced` or `Cluster`; every version is `Current`; the first
    /// version listed in a group is its preferred version.
    public static func aggregated(
        _ registry: ResourceRegistry, root: Root, version: AggregatedDiscoveryVersion
    ) -> JSON {
        var items: [JSON] = []
        for (group, versions) in groups(registry, root: root) {
            var metadata: JSON = [:]
            if !group.isEmpty { metadata["name"] = .string(group) }
            metadata["creationTimestamp"] = .null
            let versionItems: [JSON] = versions.map { v in
                [
                    "version": .string(v),
                    "resources": .array(registry.types(group: group, version: v).sorted { $0.plural < $1.plural }
                        .map(aggregatedResource)),
                    "freshness": "Current",
                ]
            }
            items.append(["metadata": metadata, "versions": .array(versionItems)])
        }
        return [
            "kind": "APIGroupDiscoveryList",
            "apiVersion": .string(version.apiVersion),
            "metadata": [:],
            "items": .array(items),
        ]
    }

    /// One `APIResourceDiscovery`, members in Go's struct order; empty lists omitted.
    static func aggregatedResource(_ t: ResourceType) -> JSON {
        var r: JSON = [
            "resource": .string(t.plural),
            "responseKind": t.groupVersionKind.json,
            "scope": t.namespaced ? "Namespaced" : "Cluster",
            "singularResource": .string(t.singular),
            "verbs": strings(t.verbs),
        ]
        if !t.shortNames.isEmpty { r["shortNames"] = strings(t.shortNames) }
        if !t.categories.isEmpty { r["categories"] = strings(t.categories) }
        if !t.subresources.isEmpty {
            r["subresources"] = .array(t.subresources.map { s in
                [
                    "subresource": .string(s.name),
                    "responseKind": s.responseKind.json,
                    "verbs": strings(s.verbs),
                ]
            })
        }
        return r
    }
}
