import Resources

/// The controller ownerReference of objects (`metadata.ownerReferences[]` with `controller: true`).
public struct OwnerReference: Sendable, Hashable {
    public var apiVersion: String
    public var kind: String
    public var name: String
    public var uid: String

    public init(apiVersion: String, kind: String, name: String, uid: String) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.uid = uid
    }

    /// The reference a controller of `kind` puts on what it creates.
    public init(to owner: JSON, kind: ResourceKind) {
        self.init(apiVersion: kind.apiVersion, kind: kind.kind, name: owner["metadata"]?["name"]?.string ?? "",
                  uid: owner["metadata"]?["uid"]?.string ?? "")
    }

    /// The controller reference of `object`, if it has one.
    public static func controller(of object: JSON) -> OwnerReference? {
        for ref in object["metadata"]?["ownerReferences"]?.array ?? [] where ref["controller"]?.bool == true {
            return OwnerReference(apiVersion: ref["apiVersion"]?.string ?? "", kind: ref["kind"]?.string ?? "",
                                  name: ref["name"]?.string ?? "", uid: ref["uid"]?.string ?? "")
        }
        return nil
    }

    /// As Kubernetes writes it: controller and blockOwnerDeletion true.
    public var json: JSON {
        ["apiVersion": .string(apiVersion), "kind": .string(kind), "name": .string(name), "uid": .string(uid),
         "controller": true, "blockOwnerDeletion": true]
    }
}

extension JSON {
    /// `metadata.labels` as a dictionary.
    public var labels: [String: String] {
        var out: [String: String] = [:]
        for (k, v) in self["metadata"]?["labels"]?.object ?? JSONObject() { if let s = v.string { out[k] = s } }
        return out
    }
    public var name: String { self["metadata"]?["name"]?.string ?? "" }
    public var namespace: String { self["metadata"]?["namespace"]?.string ?? "" }
    public var uid: String { self["metadata"]?["uid"]?.string ?? "" }
    public var isBeingDeleted: Bool { self["metadata"]?["deletionTimestamp"].map { !$0.isNull } ?? false }
    /// An integer at a path, with a default.
    public func int(_ path: JSONPathComponent..., default d: Int) -> Int {
        value(at: path)?.int.map(Int.init) ?? d
    }
}
