import Resources

/// The `metadata` fields the API server reads and writes, as accessors on the dynamic object.
extension JSON {
    var name: String? {
        get { self["metadata"]?["name"]?.string }
        set { self["metadata"]["name"] = newValue.map(JSON.string) }
    }
    var namespace: String? {
        get { self["metadata"]?["namespace"]?.string }
        set { self["metadata"]["namespace"] = newValue.map(JSON.string) }
    }
    var resourceVersion: String? {
        get { self["metadata"]?["resourceVersion"]?.string }
        set { self["metadata"]["resourceVersion"] = newValue.map(JSON.string) }
    }
    var uid: String? { self["metadata"]?["uid"]?.string }
    var finalizers: [String] {
        get { (self["metadata"]?["finalizers"]?.array ?? []).compactMap(\.string) }
        set { self["metadata"]["finalizers"] = newValue.isEmpty ? nil : .array(newValue.map(JSON.string)) }
    }
    var deletionTimestamp: String? { self["metadata"]?["deletionTimestamp"]?.string }
    var ownerUIDs: [String] { (self["metadata"]?["ownerReferences"]?.array ?? []).compactMap { $0["uid"]?.string } }

    /// Everything but `metadata` and `status`: what "the spec changed" compares for `generation`.
    var specPart: JSON {
        guard var o = object else { return self }
        o["metadata"] = nil
        o["status"] = nil
        o["apiVersion"] = nil
        o["kind"] = nil
        return .object(o)
    }
}
