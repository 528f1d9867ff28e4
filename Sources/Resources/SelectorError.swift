/// Why a label or field selector is invalid, in Kubernetes' words (the API answers 400 with it).
public struct SelectorError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Limits that keep absurd selectors from costing the server anything.
public enum SelectorLimits {
    /// The longest selector string accepted, in UTF-8 bytes.
    public static let maxLength = 65_536
    /// The most requirements (label) or terms (field) in one selector.
    public static let maxRequirements = 100
    /// The most values in one `in (…)` / `notin (…)` set, and in one `matchExpressions` entry.
    public static let maxValues = 1_000
}

/// `field.Invalid(path, value, detail).Error()` from apimachinery.
func fieldInvalid(_ path: String, _ value: String, _ detail: String) -> String {
    "\(path): Invalid value: \(JSON.string(value).serialized()): \(detail)"
}

/// `utilerrors.NewAggregate(errs).Error()`: one error as is, several in brackets.
func aggregate(_ errors: [String]) -> String {
    errors.count == 1 ? errors[0] : "[" + errors.joined(separator: ", ") + "]"
}
