/// Strict field checking: what the API server's JSON decoder (sigs.k8s.io/json, strict mode)
/// reports for a request body, without decoding into Go types.
///
/// Guarantees: pure and total — any JSON gives a result, never a crash. `null` is accepted for
/// every field (Go leaves the zero value). Below a free-form field (`runtime.RawExtension`,
/// `fieldsV1`) nothing is checked. Kinds without a ``Schema`` (e.g. metrics) check clean.
public enum FieldValidation {
    /// Checks every field of `object` against its kind's schema.
    public static func check(_ object: JSON, type: ResourceType) -> FieldCheckResult {
        guard let schema = Schema.kind(type) else { return FieldCheckResult() }
        return check(object, schema: schema, kind: type.kind, version: type.version)
    }

    /// Checks `object` against `schema`; `kind` and `version` only word the type errors.
    public static func check(_ object: JSON, schema: Schema, kind: String, version: String) -> FieldCheckResult {
        var walker = Walker(prefix: "\(kind) in version \"\(version)\" cannot be handled as a \(kind): ")
        walker.visit(object, schema, path: "", goPath: [], structName: nil)
        return walker.result
    }

    struct Walker {
        let prefix: String
        var result = FieldCheckResult()

        /// `path` is the display path (with `[i]`), `goPath` the struct field names Go's error
        /// context keeps, `structName` the innermost struct a field was entered from.
        mutating func visit(_ value: JSON, _ schema: Schema, path: String, goPath: [String], structName: String?) {
            if value.isNull { return }
            switch schema.shape {
            case .any:
                return
            case .string:
                if value.string == nil { mismatch(value, schema, goPath, structName) }
            case .bool:
                if value.bool == nil { mismatch(value, schema, goPath, structName) }
            case .number:
                if !value.isNumber { mismatch(value, schema, goPath, structName) }
            case .integer(let bits):
                if !Self.fitsInteger(value, bits: bits) { mismatch(value, schema, goPath, structName) }
            case .intOrString:
                if value.string == nil, !Self.fitsInteger(value, bits: 32) {
                    fail("json: cannot unmarshal \(Self.describe(value, forInteger: true)) into Go value of type int32")
                }
            case .quantity:
                switch value {
                case .string, .int, .double:
                    do throws(QuantityError) {
                        _ = try Quantity(json: value.string.map { .string(Self.trimmingSpaces($0)) } ?? value)
                    } catch { fail(error.message) }
                default:
                    fail(QuantityError.formatWrong.message)
                }
            case .bytes:
                guard let s = value.string else { return mismatch(value, schema, goPath, structName) }
                if let offset = Base64.firstCorruptOffset(s) { fail("illegal base64 data at input byte \(offset)") }
            case .time:
                if value.string == nil {
                    fail("json: cannot unmarshal \(Self.describe(value, forInteger: false)) into Go value of type string")
                }
            case .map(let element):
                guard case .object(let members) = value else { return mismatch(value, schema, goPath, structName) }
                for (key, member) in members {
                    visit(member, element, path: Self.join(path, key), goPath: goPath, structName: structName)
                }
            case .array(let element):
                guard case .array(let elements) = value else { return mismatch(value, schema, goPath, structName) }
                for (i, item) in elements.enumerated() {
                    visit(item, element, path: "\(path)[\(i)]", goPath: goPath, structName: structName)
                }
            case .object(let name, let fields):
                guard case .object(let members) = value else { return mismatch(value, schema, goPath, structName) }
                for (key, member) in members {
                    let memberPath = Self.join(path, key)
                    if let field = fields[key] {
                        visit(member, field, path: memberPath, goPath: goPath + [key], structName: name)
                    } else {
                        result.unknownFields.append(memberPath)
                    }
                }
            }
        }

        mutating func fail(_ message: String) { result.typeErrors.append(prefix + message) }

        /// Go's `UnmarshalTypeError` text.
        mutating func mismatch(_ value: JSON, _ schema: Schema, _ goPath: [String], _ structName: String?) {
            var isInteger = false
            if case .integer = schema.shape { isInteger = true }
            let what = Self.describe(value, forInteger: isInteger)
            if let structName, !goPath.isEmpty {
                fail("json: cannot unmarshal \(what) into Go struct field \(structName).\(goPath.joined(separator: ".")) of type \(schema.goType)")
            } else {
                fail("json: cannot unmarshal \(what) into Go value of type \(schema.goType)")
            }
        }

        /// Go names the JSON value's kind; a number that fails to parse as an integer is
        /// named with its literal (`number 1.5`).
        static func describe(_ value: JSON, forInteger: Bool) -> String {
            switch value {
            case .string: "string"
            case .bool: "bool"
            case .array: "array"
            case .object: "object"
            case .null: "null"
            case .int, .double: forInteger ? "number " + value.serialized() : "number"
            }
        }

        static func fitsInteger(_ value: JSON, bits: Int) -> Bool {
            guard case .int(let i) = value else { return false }
            return bits >= 64 || (i >= Int64(Int32.min) && i <= Int64(Int32.max))
        }

        static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

        static func trimmingSpaces(_ s: String) -> String {
            let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
            guard let first = s.firstIndex(where: { !isSpace($0) }), let last = s.lastIndex(where: { !isSpace($0) })
            else { return "" }
            return String(s[first...last])
        }
    }
}
