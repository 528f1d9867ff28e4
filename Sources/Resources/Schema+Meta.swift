/// meta/v1 (k8s.io/apimachinery v0.32): `ObjectMeta` and what it holds, label selectors, and the
/// standard `Condition`. Known in every kind.
extension Schema {
    static let objectMeta = Schema.object("ObjectMeta", [
        "name": .string,
        "generateName": .string,
        "namespace": .string,
        "selfLink": .string,
        "uid": .string("types.UID"),
        "resourceVersion": .string,
        "generation": .int64,
        "creationTimestamp": .time,
        "deletionTimestamp": .time,
        "deletionGracePeriodSeconds": .int64,
        "labels": .map(.string),
        "annotations": .map(.string),
        "ownerReferences": .array(.ownerReference),
        "finalizers": .array(.string),
        "managedFields": .array(.managedFieldsEntry),
    ])

    static let ownerReference = Schema.object("OwnerReference", [
        "apiVersion": .string,
        "kind": .string,
        "name": .string,
        "uid": .string("types.UID"),
        "controller": .bool,
        "blockOwnerDeletion": .bool,
    ])

    static let managedFieldsEntry = Schema.object("ManagedFieldsEntry", [
        "manager": .string,
        "operation": .string("ManagedFieldsOperationType"),
        "apiVersion": .string,
        "time": .time,
        "fieldsType": .string,
        "fieldsV1": .any,
        "subresource": .string,
    ])

    static let labelSelector = Schema.object("LabelSelector", [
        "matchLabels": .map(.string),
        "matchExpressions": .array(.labelSelectorRequirement),
    ])

    static let labelSelectorRequirement = Schema.object("LabelSelectorRequirement", [
        "key": .string,
        "operator": .string("LabelSelectorOperator"),
        "values": .array(.string),
    ])

    static let condition = Schema.object("Condition", [
        "type": .string,
        "status": .string("ConditionStatus"),
        "observedGeneration": .int64,
        "lastTransitionTime": .time,
        "reason": .string,
        "message": .string,
    ])
}
