extension Discovery {
    /// Legacy `/api`: `APIVersions` listing the core versions (kind only, no `apiVersion`,
    /// as Kubernetes serves it).
    public static func apiVersions(
        _ registry: ResourceRegistry, serverAddressByClientCIDRs: [ServerAddressByClientCIDR]
    ) -> JSON {
        let versions = groups(registry, root: .api).first?.versions ?? []
        return [
            "kind": "APIVersions",
            "versions": strings(versions),
            "serverAddressByClientCIDRs": .array(serverAddressByClientCIDRs.map(\.json)),
        ]
    }

    /// Legacy `/apis`: `APIGroupList` with every named group, its versions, and its preferred
    /// (first) version.
    public static func apiGroupList(_ registry: ResourceRegistry) -> JSON {
        let groups: [JSON] = groups(registry, root: .apis).map { group, versions in
            [
                "name": .string(group),
                "versions": .array(versions.map { groupVersionJSON(group: group, version: $0) }),
                "preferredVersion": groupVersionJSON(group: group, version: versions[0]),
            ]
        }
        return ["kind": "APIGroupList", "apiVersion": "v1", "groups": .array(groups)]
    }

    /// Legacy `/api/v1` (group `""`) or `/apis/<group>/<version>`: `APIResourceList` with each
    /// resource followed by its subresources (`pods/status`, `deployments/scale`, …), sorted by
    /// name. A subresource answering with another group's kind (`Scale`) names that group and
    /// version. `nil` if the registry has no such group-version (the caller answers 404).
    /// Like Kubernetes, `/api/v1` carries no `apiVersion`; the named groups' lists carry `v1`.
    public static func apiResourceList(_ registry: ResourceRegistry, group: String, version: String) -> JSON? {
        let types = registry.types(group: group, version: version)
        guard !types.isEmpty else { return nil }
        var resources: [JSON] = []
        for t in types.sorted(by: { $0.plural < $1.plural }) {
            var r: JSON = [
                "name": .string(t.plural),
                "singularName": .string(t.singular),
                "namespaced": .bool(t.namespaced),
                "kind": .string(t.kind),
                "verbs": strings(t.verbs),
            ]
            if !t.shortNames.isEmpty { r["shortNames"] = strings(t.shortNames) }
            if !t.categories.isEmpty { r["categories"] = strings(t.categories) }
            resources.append(r)
            for s in t.subresources {
                var sr: JSON = [
                    "name": .string("\(t.plural)/\(s.name)"),
                    "singularName": "",
                    "namespaced": .bool(t.namespaced),
                ]
                if s.responseKind.group != group || s.responseKind.version != version {
                    sr["group"] = .string(s.responseKind.group)
                    sr["version"] = .string(s.responseKind.version)
                }
                sr["kind"] = .string(s.responseKind.kind)
                sr["verbs"] = strings(s.verbs)
                resources.append(sr)
            }
        }
        var list: JSON = ["kind": "APIResourceList"]
        if !group.isEmpty { list["apiVersion"] = "v1" }
        list["groupVersion"] = .string(group.isEmpty ? version : "\(group)/\(version)")
        list["resources"] = .array(resources)
        return list
    }
}
