/// What is wrong with a pod's or the node's configuration, in the words Kubernetes uses
/// (`configmap "x" not found`, `couldn't find key k in Secret ns/x`): it becomes a container's
/// waiting message and a Failed Event, or a flag's error.
public struct ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
