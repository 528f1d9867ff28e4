/// Which fields a kind can be selected by, as Kubernetes 1.32 registers them (the field label
/// conversion functions of `pkg/apis/core/v1/conversion.go`, `apps/v1`, `batch/v1`; every other
/// kind gets apimachinery's `DefaultMetaV1FieldSelectorConversion`: name and namespace only).
extension FieldSelector {
    /// The selectable fields of kinds with their own conversion, and the object path each reads
    /// when that is not the label itself (an Event's `source` is `source.component`).
    static let kindFields: [String: [String: String]] = [
        "/Pod": ["spec.nodeName": "", "spec.restartPolicy": "", "spec.schedulerName": "", "spec.serviceAccountName": "",
                 "spec.hostNetwork": "", "status.phase": "", "status.podIP": "", "status.podIPs": "status.podIP",
                 "status.nominatedNodeName": ""],
        "/Node": ["spec.unschedulable": ""],
        "/ReplicationController": ["status.replicas": ""],
        "/Event": ["involvedObject.kind": "", "involvedObject.namespace": "", "involvedObject.name": "",
                   "involvedObject.uid": "", "involvedObject.apiVersion": "", "involvedObject.resourceVersion": "",
                   "involvedObject.fieldPath": "", "reason": "", "reportingComponent": "", "source": "source.component",
                   "type": ""],
        "/Namespace": ["status.phase": ""],
        "/Secret": ["type": ""],
        "apps/ReplicaSet": ["status.replicas": ""],
        "batch/Job": ["status.successful": ""],
    ]

    /// This selector with each field checked against what `type` supports and turned into the
    /// object path to read. Throws Kubernetes' message for an unsupported field.
    public func resolved(for type: ResourceType) throws(SelectorError) -> FieldSelector {
        let own = Self.kindFields["\(type.group)/\(type.kind)"]
        var resolved: [Term] = []
        for term in terms {
            var term = term
            if term.field == "metadata.name" || term.field == "metadata.namespace" {
                resolved.append(term)
                continue
            }
            guard let own else {
                throw SelectorError("\"\(term.field)\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"")
            }
            guard let path = own[term.field] else { throw SelectorError("field label not supported: \(term.field)") }
            if !path.isEmpty { term.field = path }
            resolved.append(term)
        }
        return FieldSelector(terms: resolved)
    }
}
