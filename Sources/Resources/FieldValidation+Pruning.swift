extension FieldValidation {
    /// `object` without the fields its kind's schema does not have: what the API server keeps
    /// of a body under `fieldValidation=Warn` or `Ignore`, where it decodes into Go types and
    /// unknown fields are dropped, never stored.
    ///
    /// Guarantees: pure; known fields are returned unchanged, in their order; free-form fields
    /// (`runtime.RawExtension`, `fieldsV1`) and mistyped values are kept whole (a mistyped value
    /// already fails the request, see ``FieldCheckResult/decodeError()``). Kinds without a
    /// ``Schema`` are returned as they are.
    public static func pruned(_ object: JSON, type: ResourceType) -> JSON {
        guard let schema = Schema.kind(type) else { return object }
        return pruned(object, schema)
    }

    static func pruned(_ value: JSON, _ schema: Schema) -> JSON {
        switch (schema.shape, value) {
        case (.map(let element), .object(var members)):
            members.mapValuesInPlace { $0 = pruned($0, element) }
            return .object(members)
        case (.array(let element), .array(let elements)):
            return .array(elements.map { pruned($0, element) })
        case (.object(_, let fields), .object(let members)):
            var kept = JSONObject()
            for (key, member) in members {
                if let field = fields[key] { kept[key] = pruned(member, field) }
            }
            return .object(kept)
        default:
            return value
        }
    }
}
