import Testing
@testable import Resources

@Suite struct ResourceRegistryTests {
    let registry = ResourceRegistry.builtIn

    @Test func listsExactlyTheKindsOfIssue4() {
        let kinds = registry.types.map { "\($0.groupVersion)/\($0.kind)" }
        #expect(kinds == [
            "v1/Pod", "v1/Node", "v1/Namespace", "v1/Service", "v1/Endpoints", "v1/Event", "v1/ConfigMap",
            "v1/Secret", "v1/PersistentVolume", "v1/PersistentVolumeClaim", "v1/ReplicationController",
            "apps/v1/Deployment", "apps/v1/ReplicaSet", "apps/v1/StatefulSet", "apps/v1/DaemonSet",
            "apps/v1/ControllerRevision", "batch/v1/Job", "batch/v1/CronJob",
            "coordination.k8s.io/v1/Lease", "discovery.k8s.io/v1/EndpointSlice",
        ])
    }

    @Test(arguments: [
        ("po", "pods"), ("no", "nodes"), ("ns", "namespaces"), ("svc", "services"), ("ep", "endpoints"),
        ("ev", "events"), ("cm", "configmaps"), ("pv", "persistentvolumes"), ("pvc", "persistentvolumeclaims"),
        ("rc", "replicationcontrollers"), ("deploy", "deployments"), ("rs", "replicasets"),
        ("sts", "statefulsets"), ("ds", "daemonsets"), ("cj", "cronjobs"),
    ])
    func shortNameResolves(short: String, plural: String) {
        #expect(registry.resolve(short)?.plural == plural)
        #expect(registry.resolve(short.uppercased())?.plural == plural)
    }

    @Test func everyShortNameResolvesToItsOwner() {
        for t in registry.types {
            for s in t.shortNames { #expect(registry.resolve(s) == t, "\(s)") }
        }
        let all = registry.types.flatMap(\.shortNames)
        #expect(Set(all).count == all.count)
    }

    @Test func pluralSingularKindRoundTrip() {
        for t in registry.types {
            #expect(registry.resolve(t.plural) == t)
            #expect(registry.resolve(t.singular) == t)
            #expect(registry.resolve(t.kind) == t)
            #expect(registry.resolve(t.kind.uppercased()) == t)
            #expect(registry.resource(group: t.group, version: t.version, plural: t.plural) == t)
            #expect(registry.resource(apiVersion: t.groupVersion, kind: t.kind) == t)
            #expect(registry.resource(for: t.groupVersionKind) == t)
            #expect(t.plural == t.plural.lowercased() && t.singular == t.singular.lowercased())
            if !t.group.isEmpty {
                #expect(registry.resolve("\(t.plural).\(t.group)") == t)
                #expect(registry.resolve("\(t.singular).\(t.version).\(t.group)") == t)
            }
        }
    }

    @Test func qualifiedAndMissingNames() {
        #expect(registry.resolve("deploy.apps")?.kind == "Deployment")
        #expect(registry.resolve("Deployment.v1.apps")?.kind == "Deployment")
        #expect(registry.resolve("deployments.batch") == nil)
        #expect(registry.resolve("deployments.v2.apps") == nil)
        #expect(registry.resolve("widgets") == nil)
        #expect(registry.resolve("") == nil)
        #expect(registry.resource(group: "", version: "v1", plural: "Pods") == nil)
        #expect(registry.resource(group: "apps", version: "v1", plural: "pods") == nil)
    }

    @Test func metricsAreOptionalAndNeverShadowCore() {
        #expect(registry.resolve("pods.metrics.k8s.io") == nil)
        let withMetrics = ResourceRegistry.builtIn(includingMetrics: true)
        #expect(withMetrics.resolve("pods")?.group == "")
        #expect(withMetrics.resolve("nodes")?.kind == "Node")
        #expect(withMetrics.resolve("pods.metrics.k8s.io")?.kind == "PodMetrics")
        #expect(withMetrics.resolve("nodes.v1beta1.metrics.k8s.io")?.kind == "NodeMetrics")
        #expect(withMetrics.resource(group: "metrics.k8s.io", version: "v1beta1", plural: "nodes")?.verbs == ["get", "list"])
    }

    @Test func categoryAll() {
        #expect(registry.category("all").map(\.plural) == [
            "pods", "services", "replicationcontrollers", "deployments", "replicasets", "statefulsets",
            "daemonsets", "jobs", "cronjobs",
        ])
    }

    @Test func subresources() {
        let pods = registry.resolve("pods")!
        #expect(pods.subresources.map(\.name) == ["binding", "log", "status"])
        #expect(pods.subresource("binding")?.responseKind.kind == "Binding")
        #expect(pods.subresource("binding")?.verbs == ["create"])
        for name in ["deployments", "replicasets", "statefulsets", "replicationcontrollers"] {
            #expect(registry.resolve(name)?.subresource("scale")?.responseKind == .scale, "\(name)")
        }
        #expect(registry.resolve("ds")?.subresource("scale") == nil)
        #expect(registry.resolve("cj")?.subresource("status")?.responseKind.apiVersion == "batch/v1")
        #expect(registry.resolve("ns")?.verbs.contains("deletecollection") == false)
        #expect(registry.resolve("no")?.namespaced == false)
        #expect(registry.resolve("pv")?.namespaced == false)
    }
}
