/// `ValidateObjectMeta`, labels, annotations and label selectors (apimachinery), and the
/// metadata part of `ValidateObjectMetaUpdate`.
extension Validation {
    static let totalAnnotationSizeLimit = 256 * 1024

    static func objectMeta(_ meta: JSON?, type: ResourceType) -> [FieldError] {
        var errors: [FieldError] = []
        let rule = nameRule(for: type)
        let name = meta?["name"]?.string ?? ""
        let generateName = meta?["generateName"]?.string ?? ""
        if !generateName.isEmpty {
            for msg in NameValidation.objectName(generateName, prefix: true, rule: rule) {
                errors.append(.invalid("metadata.generateName", .string(generateName), msg))
            }
        }
        if name.isEmpty {
            // The API server makes the name from generateName before validating.
            if generateName.isEmpty { errors.append(.required("metadata.name", "name or generateName is required")) }
        } else {
            // The kind's own name rule first; the URL-segment check (`..`, `/`, `%`) only when it
            // passes, as `rest.BeforeCreate` runs the common meta validation after the strategy's.
            let ruleMessages = rule(name)
            let msgs = ruleMessages.isEmpty ? NameValidation.pathSegmentName(name) : ruleMessages
            for msg in msgs { errors.append(.invalid("metadata.name", .string(name), msg)) }
        }
        let namespace = meta?["namespace"]?.string ?? ""
        if type.namespaced {
            if namespace.isEmpty {
                errors.append(.required("metadata.namespace"))
            } else {
                for msg in NameValidation.dns1123Label(namespace) {
                    errors.append(.invalid("metadata.namespace", .string(namespace), msg))
                }
            }
        } else if !namespace.isEmpty {
            errors.append(.forbidden("metadata.namespace", "not allowed on this type"))
        }
        if let g = meta?["generation"]?.int, g < 0 { errors.append(.invalid("metadata.generation", .int(g), nonNegativeMessage)) }
        errors += labels(meta?["labels"], "metadata.labels")
        errors += annotations(meta?["annotations"], "metadata.annotations")
        for (i, f) in (meta?["finalizers"]?.array ?? []).enumerated() {
            guard let s = f.string else { continue }
            for msg in NameValidation.qualifiedName(s) { errors.append(.invalid("metadata.finalizers[\(i)]", .string(s), msg)) }
        }
        return errors
    }

    /// `ValidateLabels`: every key a qualified name, every value a label value; the error's
    /// field is the map's path and its value the offending key or value.
    static func labels(_ labels: JSON?, _ path: String) -> [FieldError] {
        var errors: [FieldError] = []
        for (key, value) in labels?.object ?? JSONObject() {
            for msg in NameValidation.qualifiedName(key) { errors.append(.invalid(path, .string(key), msg)) }
            if let v = value.string {
                for msg in NameValidation.labelValue(v) { errors.append(.invalid(path, .string(v), msg)) }
            }
        }
        return errors
    }

    /// `ValidateAnnotations`: keys are qualified names (checked lower-cased), total size ≤ 256 KiB.
    static func annotations(_ annotations: JSON?, _ path: String) -> [FieldError] {
        var errors: [FieldError] = []
        var size = 0
        for (key, value) in annotations?.object ?? JSONObject() {
            for msg in NameValidation.qualifiedName(key.lowercased()) { errors.append(.invalid(path, .string(key), msg)) }
            size += key.utf8.count + (value.string?.utf8.count ?? 0)
        }
        if size > totalAnnotationSizeLimit {
            errors.append(FieldError(.tooLong, field: path, detail: "may not be more than \(totalAnnotationSizeLimit) bytes"))
        }
        return errors
    }

    /// `ValidateLabelSelector`: operators, values and keys of a structured selector.
    static func labelSelector(_ selector: JSON?, _ path: String) -> [FieldError] {
        guard let selector else { return [] }
        var errors: [FieldError] = []
        for (i, req) in (selector["matchExpressions"]?.array ?? []).enumerated() {
            let p = "\(path).matchExpressions[\(i)]"
            let op = req["operator"]?.string ?? ""
            let count = req["values"]?.array?.count ?? 0
            switch op {
            case "In", "NotIn":
                if count == 0 { errors.append(.required(p + ".values", "must be specified when `operator` is 'In' or 'NotIn'")) }
            case "Exists", "DoesNotExist":
                if count > 0 { errors.append(.forbidden(p + ".values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'")) }
            default:
                errors.append(.invalid(p + ".operator", .string(op), "not a valid selector operator"))
            }
            let key = req["key"]?.string ?? ""
            for msg in NameValidation.qualifiedName(key) { errors.append(.invalid(p + ".key", .string(key), msg)) }
        }
        errors += labels(selector["matchLabels"], path + ".matchLabels")
        return errors
    }

    /// The selector errors every replicated workload shares (`spec.selector` required, not
    /// empty, valid, and matching the template's labels), for a structured selector.
    static func workloadSelector(_ spec: JSON?, kindWord: String, emptyDetail: String? = nil) -> [FieldError] {
        var errors: [FieldError] = []
        let selector = spec?["selector"].flatMap { $0.isNull ? nil : $0 }
        if let selector {
            errors += labelSelector(selector, "spec.selector")
            let count = (selector["matchLabels"]?.object?.count ?? 0) + (selector["matchExpressions"]?.array?.count ?? 0)
            if count == 0 {
                errors.append(invalid("spec.selector", rendered: GoValueRendering.labelSelector(selector),
                                      emptyDetail ?? "empty selector is invalid for \(kindWord)"))
            }
        } else {
            errors.append(.required("spec.selector"))
        }
        errors += templateMatches(selector, spec?["template"], "spec.template")
        return errors
    }

    /// `selector` does not match template `labels`, for a structured selector (a missing
    /// selector matches nothing, an empty one everything — as `LabelSelectorAsSelector`).
    static func templateMatches(_ selector: JSON?, _ template: JSON?, _ path: String) -> [FieldError] {
        guard let parsed = try? LabelSelector(structured: selector), !parsed.isEverything else { return [] }
        let labels = template?["metadata"]["labels"]
        if parsed.matches(object: template ?? .emptyObject) { return [] }
        return [invalid(path + ".metadata.labels", rendered: GoValueRendering.stringMap(labels),
                        "`selector` does not match template `labels`")]
    }
}
