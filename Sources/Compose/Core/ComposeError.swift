/// A compose file or command line that cannot be used, with a message that says where and why
/// (`services.kubelet.depends_on: undefined service "apisrver"`).
public struct ComposeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
