import Testing
@testable import Resources

@Suite struct DiscoveryTests {
    let registry = ResourceRegistry.builtIn(includingMetrics: true)

    /// Serializes and parses back, so the checks see what a client would.
    func roundTrip(_ value: JSON) throws -> JSON { try JSON.parse(value.serialized()) }

    @Test(arguments: AggregatedDiscoveryVersion.allCases)
    func aggregatedCore(version: AggregatedDiscoveryVersion) throws {
        let doc = try roundTrip(Discovery.aggregated(registry, root: .api, version: version))
        #expect(doc["kind"]?.string == "APIGroupDiscoveryList")
        #expect(doc["apiVersion"]?.string == "apidiscovery.k8s.io/\(version.rawValue)")
        #expect(doc["metadata"] == [:])
        let items = try #require(doc["items"]?.array)
        #expect(items.count == 1)
        #expect(items[0]["metadata"] == ["creationTimestamp": nil])
        let v = try #require(items[0]["versions"][0])
        #expect(v["version"]?.string == "v1")
        #expect(v["freshness"]?.string == "Current")
        let resources = try #require(v["resources"]?.array)
        #expect(resources.count == 11)
        let pods = try #require(resources.first { $0["resource"]?.string == "pods" })
        #expect(pods["responseKind"] == ["group": "", "version": "v1", "kind": "Pod"])
        #expect(pods["scope"]?.string == "Namespaced")
        #expect(pods["singularResource"]?.string == "pod")
        #expect(pods["shortNames"] == ["po"])
        #expect(pods["categories"] == ["all"])
        #expect(pods["verbs"] == ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"])
        #expect(pods["subresources"]?.array?.compactMap { $0["subresource"]?.string } == ["binding", "log", "status"])
        let ns = try #require(resources.first { $0["resource"]?.string == "namespaces" })
        #expect(ns["scope"]?.string == "Cluster")
        #expect(ns["categories"] == nil)
    }

    @Test func aggregatedGroups() throws {
        let doc = try roundTrip(Discovery.aggregated(registry, root: .apis, version: .v2))
        let items = try #require(doc["items"]?.array)
        #expect(items.compactMap { $0["metadata"]["name"]?.string } == [
            "apps", "batch", "coordination.k8s.io", "discovery.k8s.io", "metrics.k8s.io",
        ])
        let apps = try #require(items[0]["versions"][0]["resources"]?.array)
        let deploy = try #require(apps.first { $0["resource"]?.string == "deployments" })
        #expect(deploy["responseKind"] == ["group": "apps", "version": "v1", "kind": "Deployment"])
        let scale = try #require(deploy["subresources"]?.array?.first { $0["subresource"]?.string == "scale" })
        #expect(scale["responseKind"] == ["group": "autoscaling", "version": "v1", "kind": "Scale"])
        #expect(scale["verbs"] == ["get", "patch", "update"])
        let metrics = try #require(items[4]["versions"][0])
        #expect(metrics["version"]?.string == "v1beta1")
        #expect(metrics["resources"]?.array?.compactMap { $0["resource"]?.string } == ["nodes", "pods"])
    }

    @Test func everyResourceAndSubresourceHasResponseKindAndScope() throws {
        for root in [Discovery.Root.api, .apis] {
            let doc = try roundTrip(Discovery.aggregated(registry, root: root, version: .v2beta1))
            for item in doc["items"]?.array ?? [] {
                for version in item["versions"]?.array ?? [] {
                    #expect(version["freshness"]?.string == "Current")
                    for r in version["resources"]?.array ?? [] {
                        #expect(r["responseKind"]["kind"]?.string?.isEmpty == false, "\(r)")
                        #expect(r["responseKind"]["version"]?.string != nil)
                        #expect(r["responseKind"]["group"]?.string != nil)
                        #expect(["Namespaced", "Cluster"].contains(r["scope"]?.string ?? ""))
                        #expect(r["verbs"]?.array?.isEmpty == false)
                        for s in r["subresources"]?.array ?? [] {
                            #expect(s["responseKind"]["kind"]?.string?.isEmpty == false, "\(s)")
                            #expect(s["verbs"]?.array?.isEmpty == false)
                        }
                    }
                }
            }
        }
    }

    @Test func metricsOnlyWhenSwitchedOn() throws {
        let doc = Discovery.aggregated(.builtIn, root: .apis, version: .v2)
        #expect(doc["items"]?.array?.count == 4)
        let list = Discovery.apiGroupList(.builtIn)
        #expect(list["groups"]?.array?.contains { $0["name"]?.string == "metrics.k8s.io" } == false)
    }

    @Test func legacyAPIVersions() throws {
        let doc = try roundTrip(Discovery.apiVersions(registry, serverAddressByClientCIDRs: [
            ServerAddressByClientCIDR(clientCIDR: "0.0.0.0/0", serverAddress: "127.0.0.1:8001"),
        ]))
        #expect(doc.serialized()
            == #"{"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":"127.0.0.1:8001"}]}"#)
    }

    @Test func legacyAPIGroupList() throws {
        let doc = try roundTrip(Discovery.apiGroupList(registry))
        #expect(doc["kind"]?.string == "APIGroupList")
        #expect(doc["apiVersion"]?.string == "v1")
        let groups = try #require(doc["groups"]?.array)
        #expect(groups.count == 5)
        #expect(groups[0] == [
            "name": "apps", "versions": [["groupVersion": "apps/v1", "version": "v1"]],
            "preferredVersion": ["groupVersion": "apps/v1", "version": "v1"],
        ])
        #expect(groups[4]["preferredVersion"]["groupVersion"]?.string == "metrics.k8s.io/v1beta1")
    }

    @Test func legacyCoreResourceList() throws {
        let doc = try roundTrip(try #require(Discovery.apiResourceList(registry, group: "", version: "v1")))
        #expect(doc["kind"]?.string == "APIResourceList")
        #expect(doc["apiVersion"] == nil)
        #expect(doc["groupVersion"]?.string == "v1")
        let resources = try #require(doc["resources"]?.array)
        let byName = Dictionary(uniqueKeysWithValues: resources.map { ($0["name"]!.string!, $0) })
        #expect(byName["pods"] == [
            "name": "pods", "singularName": "pod", "namespaced": true, "kind": "Pod",
            "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
            "shortNames": ["po"], "categories": ["all"],
        ])
        #expect(byName["pods/status"] == [
            "name": "pods/status", "singularName": "", "namespaced": true, "kind": "Pod",
            "verbs": ["get", "patch", "update"],
        ])
        #expect(byName["pods/binding"]?["kind"]?.string == "Binding")
        #expect(byName["pods/binding"]?["group"] == nil)
        #expect(byName["pods/log"]?["verbs"] == ["get"])
        #expect(byName["nodes"]?["namespaced"] == false)
        #expect(byName["nodes/status"]?["namespaced"] == false)
        #expect(byName["replicationcontrollers/scale"]?["group"]?.string == "autoscaling")
        #expect(byName["replicationcontrollers/scale"]?["kind"]?.string == "Scale")
        for r in resources {
            #expect(r["namespaced"]?.bool != nil && r["verbs"]?.array?.isEmpty == false, "\(r)")
        }
        // Each resource comes right before its subresources.
        let names = resources.compactMap { $0["name"]?.string }
        #expect(names.prefix(5) == ["configmaps", "endpoints", "events", "namespaces", "namespaces/status"])
    }

    @Test func legacyGroupResourceList() throws {
        let doc = try roundTrip(try #require(Discovery.apiResourceList(registry, group: "apps", version: "v1")))
        #expect(doc["kind"]?.string == "APIResourceList")
        #expect(doc["apiVersion"]?.string == "v1")
        #expect(doc["groupVersion"]?.string == "apps/v1")
        let resources = try #require(doc["resources"]?.array)
        let scale = try #require(resources.first { $0["name"]?.string == "deployments/scale" })
        #expect(scale == [
            "name": "deployments/scale", "singularName": "", "namespaced": true, "group": "autoscaling",
            "version": "v1", "kind": "Scale", "verbs": ["get", "patch", "update"],
        ])
        let deploy = try #require(resources.first { $0["name"]?.string == "deployments" })
        #expect(deploy["shortNames"] == ["deploy"])
        #expect(deploy["namespaced"] == true)
        #expect(Discovery.apiResourceList(registry, group: "apps", version: "v2") == nil)
        #expect(Discovery.apiResourceList(.builtIn, group: "metrics.k8s.io", version: "v1beta1") == nil)
    }

    @Test(arguments: [
        ("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json", AggregatedDiscoveryVersion.v2),
        ("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json", .v2beta1),
        ("application/json; g=apidiscovery.k8s.io; v=v3; as=APIGroupDiscoveryList, application/json;as=APIGroupDiscoveryList;v=v2;g=apidiscovery.k8s.io", .v2),
        ("application/json", nil),
        ("application/json, */*", nil),
        ("", nil),
    ] as [(String, AggregatedDiscoveryVersion?)])
    func negotiatesAggregatedVersion(accept: String, expected: AggregatedDiscoveryVersion?) {
        #expect(AggregatedDiscoveryVersion.negotiate(accept: accept) == expected)
    }

    @Test func contentType() {
        #expect(AggregatedDiscoveryVersion.v2.contentType == "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
    }
}
