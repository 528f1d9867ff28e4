/// coordination.k8s.io/v1 Lease and discovery.k8s.io/v1 EndpointSlice (k8s.io/api v1.32).
extension Schema {
    static let leaseSpec = Schema.object("LeaseSpec", [
        "holderIdentity": .string,
        "leaseDurationSeconds": .int32,
        "acquireTime": .microTime,
        "renewTime": .microTime,
        "leaseTransitions": .int32,
        "strategy": .string("CoordinatedLeaseStrategy"),
        "preferredHolder": .string,
    ])

    static let endpoint = Schema.object("Endpoint", [
        "addresses": .array(.string),
        "conditions": .endpointConditions,
        "hostname": .string,
        "targetRef": .objectReference,
        "deprecatedTopology": .map(.string),
        "nodeName": .string,
        "zone": .string,
        "hints": .endpointHints,
    ])

    static let discoveryEndpointPort = Schema.object("EndpointPort", [
        "name": .string,
        "protocol": .string("Protocol"),
        "port": .int32,
        "appProtocol": .string,
    ])

    static let endpointConditions = Schema.object("EndpointConditions", [
        "ready": .bool,
        "serving": .bool,
        "terminating": .bool,
    ])

    static let endpointHints = Schema.object("EndpointHints", [
        "forZones": .array(.forZone),
    ])

    static let forZone = Schema.object("ForZone", [
        "name": .string,
    ])
}
