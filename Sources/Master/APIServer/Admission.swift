import Resources

/// Decoding checks, defaulting and validation of incoming objects: the steps between "the
/// request parsed" and "the object is stored".
enum Admission {
    /// The `fieldValidation` directive: what to do with unknown fields.
    enum FieldValidationMode: String {
        case ignore = "Ignore", warn = "Warn", strict = "Strict"

        init(query: [String: String]) throws(StatusError) {
            guard let raw = query["fieldValidation"], !raw.isEmpty else {
                self = .warn
                return
            }
            guard let mode = FieldValidationMode(rawValue: raw) else {
                throw .badRequest("fieldValidation parameter unsupported: \(raw)")
            }
            self = mode
        }
    }

    /// Checks that `object` is an object of `type` (apiVersion and kind, filled in when absent)
    /// and, per `mode`, that it has no unknown fields (Strict rejects them; Warn and Ignore
    /// remove them from `object`). Returns the warnings to send back.
    static func decode(_ object: inout JSON, as type: ResourceType, mode: FieldValidationMode) throws(StatusError) -> [String] {
        guard object.object != nil else {
            throw .badRequest("the body of the request was in an unknown format - accepted media types include: application/json, application/yaml")
        }
        if let v = object["apiVersion"], !v.isNull {
            guard let s = v.string, s == type.groupVersion else {
                throw .badRequest("the API version in the data (\(v.string ?? v.serialized())) does not match the expected API version (\(type.groupVersion))")
            }
        } else {
            object["apiVersion"] = .string(type.groupVersion)
        }
        if let k = object["kind"], !k.isNull {
            guard let s = k.string, s == type.kind else {
                throw .badRequest("the kind in the data (\(k.string ?? k.serialized())) does not match the expected kind (\(type.kind))")
            }
        } else {
            object["kind"] = .string(type.kind)
        }
        if let m = object["metadata"], !m.isNull, m.object == nil {
            throw .badRequest("\(type.kind) in version \"\(type.version)\" cannot be handled as a \(type.kind): json: cannot unmarshal \(jsonType(m)) into Go struct field \(type.kind).metadata of type v1.ObjectMeta")
        }
        // TypeMeta first, as Kubernetes serializes it.
        if var o = object.object {
            let apiVersion = o.removeValue(forKey: "apiVersion"), kind = o.removeValue(forKey: "kind")
            var ordered: JSONObject = [:]
            ordered["apiVersion"] = apiVersion
            ordered["kind"] = kind
            for (k, v) in zip(o.keys, o.values) { ordered[k] = v }
            object = .object(ordered)
        }
        let check = FieldValidation.check(object, type: type)
        if let error = check.decodeError() { throw error }
        if mode == .strict, let error = check.strictError() { throw error }
        // Warn and Ignore drop unknown fields, as decoding into Go types does: they are never stored.
        if !check.unknownFields.isEmpty { object = FieldValidation.pruned(object, type: type) }
        return mode == .warn ? check.warnings : []
    }

    /// Fills in the defaults Kubernetes fills in.
    static func applyDefaults(_ object: inout JSON, type: ResourceType) {
        Defaulting.apply(to: &object, type: type)
    }

    /// The field errors of `object` (created, or updated from `old`).
    static func validate(_ object: JSON, type: ResourceType, old: JSON?) -> [FieldError] {
        Validation.validate(object, type: type, old: old)
    }

    static func jsonType(_ value: JSON) -> String {
        switch value {
        case .null: "null"
        case .bool: "bool"
        case .int, .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
