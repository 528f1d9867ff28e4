/// A value that may be carried to any thread but read and written only on its loop's thread,
/// as swift-nio's `NIOLoopBound`. Access off the loop traps, which is what makes the unchecked
/// Sendable conformance sound.
public final class LoopBound<Value>: @unchecked Sendable {
    public let loop: Loop
    private var storage: Value

    public init(_ value: Value, loop: Loop) {
        self.loop = loop
        self.storage = value
    }

    /// The value. Trap if not on the loop thread.
    public var value: Value {
        get {
            precondition(loop.inLoop, "LoopBound value read off loop \(loop.name)")
            return storage
        }
        _modify {
            precondition(loop.inLoop, "LoopBound value written off loop \(loop.name)")
            yield &storage
        }
        set {
            precondition(loop.inLoop, "LoopBound value written off loop \(loop.name)")
            storage = newValue
        }
    }
}
