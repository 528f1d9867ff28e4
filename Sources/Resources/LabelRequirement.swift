/// One requirement of a label selector: `key op values`.
///
/// Built only through ``init(key:operator:values:)``, which validates like apimachinery's
/// `labels.NewRequirement`, so every instance is valid. Values are kept sorted and unique.
public struct LabelRequirement: Sendable, Hashable, CustomStringConvertible {
    /// The operators of `k8s.io/apimachinery/pkg/selection`.
    public enum Operator: String, Sendable, Hashable {
        case `in` = "in", notIn = "notin", equals = "=", doubleEquals = "==", notEquals = "!="
        case exists = "exists", doesNotExist = "!", greaterThan = "gt", lessThan = "lt"
    }

    public let key: String
    public let `operator`: Operator
    public let values: [String]

    public init(key: String, operator op: Operator, values: [String]) throws(SelectorError) {
        var errs: [String] = []
        let keyErrs = NameValidation.qualifiedName(key)
        if !keyErrs.isEmpty { errs.append(fieldInvalid("key", key, keyErrs.joined(separator: "; "))) }
        let unique = Array(Set(values)).sorted()
        let shown = "[]string{" + unique.map { JSON.string($0).serialized() }.joined(separator: ", ") + "}"
        switch op {
        case .in, .notIn:
            if unique.isEmpty { errs.append("values: Invalid value: \(shown): for 'in', 'notin' operators, values set can't be empty") }
        case .equals, .doubleEquals, .notEquals:
            if unique.count != 1 { errs.append("values: Invalid value: \(shown): exact-match compatibility requires one single value") }
        case .exists, .doesNotExist:
            if !unique.isEmpty { errs.append("values: Invalid value: \(shown): values set must be empty for exists and does not exist") }
        case .greaterThan, .lessThan:
            if unique.count != 1 { errs.append("values: Invalid value: \(shown): for 'Gt', 'Lt' operators, exactly one value is required") }
            for (i, v) in unique.enumerated() where Int64(v) == nil {
                errs.append(fieldInvalid("values[\(i)]", v, "for 'Gt', 'Lt' operators, the value must be an integer"))
            }
        }
        if unique.count > SelectorLimits.maxValues {
            errs.append("values: Too many: \(unique.count): must have at most \(SelectorLimits.maxValues) items")
        }
        for (i, v) in unique.enumerated() {
            let valueErrs = NameValidation.labelValue(v)
            if !valueErrs.isEmpty { errs.append(fieldInvalid("values[\(i)]", v, valueErrs.joined(separator: "; "))) }
        }
        if !errs.isEmpty { throw SelectorError(aggregate(errs)) }
        self.key = key
        self.operator = op
        self.values = unique
    }

    /// Whether `labels` satisfy this requirement (apimachinery's `Requirement.Matches`).
    /// `notin` and `!=` match objects without the label; `gt`/`lt` need an integer label value.
    public func matches(_ labels: [String: String]) -> Bool {
        switch self.operator {
        case .in, .equals, .doubleEquals:
            guard let v = labels[key] else { return false }
            return values.contains(v)
        case .notIn, .notEquals:
            guard let v = labels[key] else { return true }
            return !values.contains(v)
        case .exists: return labels[key] != nil
        case .doesNotExist: return labels[key] == nil
        case .greaterThan, .lessThan:
            guard let v = labels[key], let have = Int64(v), let want = values.first.flatMap({ Int64($0) }) else { return false }
            return self.operator == .greaterThan ? have > want : have < want
        }
    }

    /// The string form, as `Requirement.String()` writes it.
    public var description: String {
        switch self.operator {
        case .exists: return key
        case .doesNotExist: return "!" + key
        case .in: return key + " in (" + values.joined(separator: ",") + ")"
        case .notIn: return key + " notin (" + values.joined(separator: ",") + ")"
        case .equals, .doubleEquals, .notEquals: return key + self.operator.rawValue + (values.first ?? "")
        case .greaterThan: return key + ">" + (values.first ?? "")
        case .lessThan: return key + "<" + (values.first ?? "")
        }
    }
}
