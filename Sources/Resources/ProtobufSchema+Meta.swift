extension ProtobufSchema {
    /// `meta/v1`: object metadata, owner references, label selectors, conditions.
    static let meta: [String: ProtobufMessage] = [
        "ObjectMeta": [
            1: .one("name", .string),
            2: .one("generateName", .string),
            3: .one("namespace", .string),
            4: .one("selfLink", .string),
            5: .one("uid", .string),
            6: .one("resourceVersion", .string),
            7: .one("generation", .int64),
            8: .one("creationTimestamp", .time),
            9: .one("deletionTimestamp", .time),
            10: .one("deletionGracePeriodSeconds", .int64, keepsZero: true),
            11: .one("labels", .map(.string)),
            12: .one("annotations", .map(.string)),
            13: .many("ownerReferences", .message("OwnerReference")),
            14: .many("finalizers", .string),
        ],
        "OwnerReference": [
            1: .one("kind", .string, keepsZero: true),
            3: .one("name", .string, keepsZero: true),
            4: .one("uid", .string, keepsZero: true),
            5: .one("apiVersion", .string, keepsZero: true),
            6: .one("controller", .bool, keepsZero: true),
            7: .one("blockOwnerDeletion", .bool, keepsZero: true),
        ],
        "LabelSelector": [
            1: .one("matchLabels", .map(.string)),
            2: .many("matchExpressions", .message("LabelSelectorRequirement")),
        ],
        "LabelSelectorRequirement": [
            1: .one("key", .string, keepsZero: true),
            2: .one("operator", .string, keepsZero: true),
            3: .many("values", .string),
        ],
        "Condition": [
            1: .one("type", .string, keepsZero: true),
            2: .one("status", .string, keepsZero: true),
            3: .one("observedGeneration", .int64),
            4: .one("lastTransitionTime", .time),
            5: .one("reason", .string, keepsZero: true),
            6: .one("message", .string, keepsZero: true),
        ],
    ]
}
