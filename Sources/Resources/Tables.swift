/// `meta.k8s.io/v1` Table rendering for `kubectl get`: the columns and cells Kubernetes 1.32's
/// printers (`pkg/printers/internalversion/printers.go`) produce for each built-in kind, and the
/// Table envelope the API server wraps them in.
///
/// Pure: no I/O and no clock; `now` (Unix seconds) is an input, so the same object and `now`
/// always give the same cells. Rows are rendered as the API server renders them, with every
/// column including the wide (priority 1) ones; kubectl drops those unless `-o wide`. A type
/// without a kind-specific printer gets the server's generic Name / Created At table.
public enum Tables {
    /// The `includeObject` query parameter: what each row's `object` carries.
    public enum IncludeObject: String, Sendable, CaseIterable {
        /// `"object": null`.
        case none = "None"
        /// A `PartialObjectMetadata` with the object's whole `metadata` (the default).
        case metadata = "Metadata"
        /// The whole object.
        case object = "Object"

        /// Parses the query parameter; an empty value means the default, ``metadata``.
        public init?(queryValue: String) {
            if queryValue.isEmpty { self = .metadata } else { self.init(rawValue: queryValue) }
        }
    }

    /// The table's `columnDefinitions`: each `{"name","type","format","description","priority"}`
    /// as `printers.go` declares it for the type's kind; wide-only columns have priority 1.
    public static func columnDefinitions(for type: ResourceType) -> [JSON] {
        TablePrinter.forType(type).columns.map(\.json)
    }

    /// One row's cells for `object`, one per column of ``columnDefinitions(for:)``, in order.
    /// Cells are strings, or integers where the printer emits numbers (Desired, Data, Count…).
    public static func cells(for object: JSON, type: ResourceType, now: Int64) -> [JSON] {
        TablePrinter.forType(type).render(object, TableContext(now: MetaTime(seconds: now))).cells
    }

    /// True if `type` has a kind-specific printer rather than the generic Name / Created At one.
    public static func hasPrinter(for type: ResourceType) -> Bool { TablePrinter.hasPrinter(type) }

    /// One `metav1.TableRow`: `{"cells":[…],"conditions":[…],"object":…}`. `conditions` appears
    /// only when the printer sets some (a pod that succeeded or failed is `Completed`).
    public static func row(for object: JSON, type: ResourceType, now: Int64, includeObject: IncludeObject = .metadata) -> JSON {
        let content = TablePrinter.forType(type).render(object, TableContext(now: MetaTime(seconds: now)))
        var row: JSONObject = ["cells": .array(content.cells)]
        if !content.conditions.isEmpty { row["conditions"] = .array(content.conditions) }
        row["object"] = rowObject(object, type: type, includeObject: includeObject)
        return .object(row)
    }

    /// A whole `meta.k8s.io/v1` Table for a list (or for one object: a one-row table):
    /// `{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{…},"columnDefinitions":[…],"rows":[…]}`.
    ///
    /// `metadata` carries `resourceVersion`, `continue` and `remainingItemCount` when given (and
    /// non-empty), as the list's `ListMeta` would. With `includeHeaders: false` (the
    /// `TableOptions.noHeaders` the API server uses for every watch event after the first)
    /// `columnDefinitions` is `null`, exactly as Go serializes the nil slice. Rows keep the
    /// order of `objects`.
    public static func table(
        for objects: [JSON], type: ResourceType, now: Int64, includeObject: IncludeObject = .metadata,
        includeHeaders: Bool = true, resourceVersion: String?, continueToken: String? = nil,
        remainingItemCount: Int64? = nil
    ) -> JSON {
        var metadata = JSONObject()
        if let resourceVersion, !resourceVersion.isEmpty { metadata["resourceVersion"] = .string(resourceVersion) }
        if let continueToken, !continueToken.isEmpty { metadata["continue"] = .string(continueToken) }
        if let remainingItemCount { metadata["remainingItemCount"] = .int(remainingItemCount) }
        return [
            "kind": "Table",
            "apiVersion": "meta.k8s.io/v1",
            "metadata": .object(metadata),
            "columnDefinitions": includeHeaders ? .array(columnDefinitions(for: type)) : .null,
            "rows": .array(objects.map { row(for: $0, type: type, now: now, includeObject: includeObject) }),
        ]
    }

    /// What a row's `object` holds for `includeObject`: `null`, a `PartialObjectMetadata`, or the
    /// object itself with `kind` and `apiVersion` first (filled in from `type` if missing).
    static func rowObject(_ object: JSON, type: ResourceType, includeObject: IncludeObject) -> JSON {
        switch includeObject {
        case .none:
            return .null
        case .metadata:
            return ["kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                    "metadata": object["metadata"] ?? .emptyObject]
        case .object:
            var full: JSONObject = ["kind": object["kind"] ?? .string(type.kind),
                                    "apiVersion": object["apiVersion"] ?? .string(type.groupVersion)]
            for (key, value) in object.object ?? JSONObject() where key != "kind" && key != "apiVersion" {
                full[key] = value
            }
            return .object(full)
        }
    }
}
