import Testing
@testable import Resources

/// Which fields each kind can be selected by, and Kubernetes' messages for the others.
struct FieldSelectorKindsTests {
    let registry = ResourceRegistry.builtIn
    func type(_ group: String, _ plural: String) -> ResourceType { registry.resource(group: group, version: "v1", plural: plural)! }

    @Test func podsAndEventsAcceptTheirOwnFieldsAndEveryKindNameAndNamespace() throws {
        let pods = try FieldSelector(parsing: "spec.nodeName=n1,status.phase!=Failed,metadata.name=web").resolved(for: type("", "pods"))
        #expect(pods.matches(["metadata": ["name": "web"], "spec": ["nodeName": "n1"], "status": ["phase": "Running"]]))
        let events = try FieldSelector(parsing: "involvedObject.name=web,source=kubelet").resolved(for: type("", "events"))
        #expect(events.matches(["involvedObject": ["name": "web"], "source": ["component": "kubelet"]]))
        #expect(!events.matches(["involvedObject": ["name": "web"], "source": ["component": "default-scheduler"]]))
        _ = try FieldSelector(parsing: "metadata.namespace=default").resolved(for: type("", "configmaps"))
        _ = try FieldSelector(parsing: "status.replicas=0").resolved(for: type("apps", "replicasets"))
    }

    @Test func unsupportedFieldsGetKubernetesMessages() {
        #expect(throws: SelectorError("field label not supported: spec.bogus")) {
            try FieldSelector(parsing: "spec.bogus=x").resolved(for: type("", "pods"))
        }
        #expect(throws: SelectorError(#""data.a" is not a known field selector: only "metadata.name", "metadata.namespace""#)) {
            try FieldSelector(parsing: "data.a=b").resolved(for: type("", "configmaps"))
        }
    }
}
