extension ProtobufSchema {
    /// `core/v1` top-level objects other than the pod spec: Namespace, ConfigMap, Secret, Service, Pod, and the references they share.
    static let coreObjects: [String: ProtobufMessage] = [
        "Namespace": [
            1: .one("metadata", .message("ObjectMeta")),
            2: .one("spec", .message("NamespaceSpec")),
            3: .one("status", .message("NamespaceStatus")),
        ],
        "NamespaceSpec": [
            1: .many("finalizers", .string),
        ],
        "NamespaceStatus": [
            1: .one("phase", .string),
            2: .many("conditions", .message("NamespaceCondition")),
        ],
        "NamespaceCondition": [
            1: .one("type", .string, keepsZero: true),
            2: .one("status", .string, keepsZero: true),
            4: .one("lastTransitionTime", .time),
            5: .one("reason", .string),
            6: .one("message", .string),
        ],
        "ConfigMap": [
            1: .one("metadata", .message("ObjectMeta")),
            2: .one("data", .map(.string)),
            3: .one("binaryData", .map(.bytes)),
            4: .one("immutable", .bool, keepsZero: true),
        ],
        "Secret": [
            1: .one("metadata", .message("ObjectMeta")),
            2: .one("data", .map(.bytes)),
            3: .one("type", .string),
            4: .one("stringData", .map(.string)),
            5: .one("immutable", .bool, keepsZero: true),
        ],
        "Service": [
            1: .one("metadata", .message("ObjectMeta")),
            2: .one("spec", .message("ServiceSpec")),
            3: .one("status", .message("ServiceStatus")),
        ],
        "ServiceSpec": [
            1: .many("ports", .message("ServicePort")),
            2: .one("selector", .map(.string)),
            3: .one("clusterIP", .string),
            4: .one("type", .string),
            5: .many("externalIPs", .string),
            7: .one("sessionAffinity", .string),
            8: .one("loadBalancerIP", .string),
            9: .many("loadBalancerSourceRanges", .string),
            10: .one("externalName", .string),
            11: .one("externalTrafficPolicy", .string),
            12: .one("healthCheckNodePort", .int32),
            13: .one("publishNotReadyAddresses", .bool),
            14: .one("sessionAffinityConfig", .message("SessionAffinityConfig")),
            17: .one("ipFamilyPolicy", .string, keepsZero: true),
            18: .many("clusterIPs", .string),
            19: .many("ipFamilies", .string),
            20: .one("allocateLoadBalancerNodePorts", .bool, keepsZero: true),
            21: .one("loadBalancerClass", .string, keepsZero: true),
            22: .one("internalTrafficPolicy", .string, keepsZero: true),
            23: .one("trafficDistribution", .string, keepsZero: true),
        ],
        "ServicePort": [
            1: .one("name", .string),
            2: .one("protocol", .string),
            3: .one("port", .int32, keepsZero: true),
            4: .one("targetPort", .intOrString),
            5: .one("nodePort", .int32),
            6: .one("appProtocol", .string, keepsZero: true),
        ],
        "SessionAffinityConfig": [
            1: .one("clientIP", .message("ClientIPConfig")),
        ],
        "ClientIPConfig": [
            1: .one("timeoutSeconds", .int32, keepsZero: true),
        ],
        "ServiceStatus": [
            1: .one("loadBalancer", .message("LoadBalancerStatus")),
            2: .many("conditions", .message("Condition")),
        ],
        "LoadBalancerStatus": [
            1: .many("ingress", .message("LoadBalancerIngress")),
        ],
        "LoadBalancerIngress": [
            1: .one("ip", .string),
            2: .one("hostname", .string),
            3: .one("ipMode", .string, keepsZero: true),
            4: .many("ports", .message("PortStatus")),
        ],
        "PortStatus": [
            1: .one("port", .int32, keepsZero: true),
            2: .one("protocol", .string, keepsZero: true),
            3: .one("error", .string, keepsZero: true),
        ],
        "Pod": [
            1: .one("metadata", .message("ObjectMeta")),
            2: .one("spec", .message("PodSpec")),
            3: .one("status", .message("PodStatus")),
        ],
        // The kubelet's report, which clients never create: read as `{}`, its fields skipped.
        "PodStatus": [:],
        "PodTemplateSpec": [
            1: .one("metadata", .message("ObjectMeta")),
            2: .one("spec", .message("PodSpec")),
        ],
        "ObjectReference": [
            1: .one("kind", .string),
            2: .one("namespace", .string),
            3: .one("name", .string),
            4: .one("uid", .string),
            5: .one("apiVersion", .string),
            6: .one("resourceVersion", .string),
            7: .one("fieldPath", .string),
        ],
        "LocalObjectReference": [
            1: .one("name", .string),
        ],
        "TypedLocalObjectReference": [
            1: .one("apiGroup", .string, keepsZero: true),
            2: .one("kind", .string, keepsZero: true),
            3: .one("name", .string, keepsZero: true),
        ],
        "TypedObjectReference": [
            1: .one("apiGroup", .string, keepsZero: true),
            2: .one("kind", .string, keepsZero: true),
            3: .one("name", .string, keepsZero: true),
            4: .one("namespace", .string, keepsZero: true),
        ],
    ]
}
