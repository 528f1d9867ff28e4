/// An approximation of server-side apply (`application/apply-patch+yaml`, `kubectl apply
/// --server-side`): create the object if it does not exist, otherwise merge the applied
/// configuration into it with strategic-merge semantics (lists with merge keys merge by key,
/// as SSA's `listType=map` does).
///
/// Limits versus real SSA: there are no `managedFields`, so a field that the same manager
/// applied before and has now left out is *not* removed, conflicts between managers are never
/// reported (`force` has no effect), and a `null` in the applied configuration deletes the field.
public enum ServerSideApply {
    /// The object after applying `configuration`; `existing` is nil when the object is new.
    public static func apply(
        _ configuration: JSON, to existing: JSON?, schema: StrategicMergeSchema = .builtIn
    ) throws(PatchError) -> JSON {
        guard case .object = configuration else {
            throw PatchError(.invalidPatch, "an apply configuration must be a JSON object")
        }
        return try StrategicMergePatch.apply(configuration, to: existing ?? .emptyObject, schema: schema)
    }
}
