/// One frame of a ZeroMQ message: bytes the message owns.
public typealias Frame = [UInt8]

/// A multi-frame ZeroMQ message. It owns its bytes; frames are delivered whole, never
/// truncated (receive sizes each frame from libzmq's own message length).
public struct Message: Sendable, Equatable {
    public var frames: [Frame]

    public init(_ frames: [Frame]) { self.frames = frames }

    public init(strings: [String]) { self.frames = strings.map { Array($0.utf8) } }

    /// The total size of all frames in bytes.
    public var byteCount: Int { frames.reduce(0) { $0 + $1.count } }

    public subscript(index: Int) -> Frame { frames[index] }

    public var count: Int { frames.count }
}

extension Frame {
    /// The frame as UTF-8 text, or nil if it is not valid UTF-8.
    public var utf8String: String? { String(validating: self, as: UTF8.self) }
}
