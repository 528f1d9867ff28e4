/// A YAML document that could not be turned into JSON, with go-yaml's wording
/// (`yaml: line 3: mapping values are not allowed in this context`), which is what the
/// Kubernetes API server reports — both come from libyaml's messages.
public struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
