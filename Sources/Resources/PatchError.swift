/// Why a patch could not be applied. The message is fit to return to the client as the reason
/// of a 422 (a patch that does not apply) or 400 (a patch that is malformed).
public struct PatchError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The patch document itself is malformed (bad operation, bad pointer, bad directive).
        case invalidPatch
        /// The patch is well formed but does not apply to this document (missing path, failed test).
        case conflict
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
