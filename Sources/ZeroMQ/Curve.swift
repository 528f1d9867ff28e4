import CZeroMQ

/// CURVE (CurveZMQ) keys: 32-byte raw keys, and their Z85 text form.
public enum Curve {
    /// A CURVE key pair, raw 32-byte keys.
    public struct KeyPair: Sendable, Equatable {
        public var publicKey: [UInt8]
        public var secretKey: [UInt8]
    }

    /// Whether this libzmq was built with CURVE support.
    public static var isAvailable: Bool { zmq_has("curve") != 0 }

    /// A new random key pair.
    public static func generate() throws -> KeyPair {
        var publicText = [CChar](repeating: 0, count: 41)
        var secretText = [CChar](repeating: 0, count: 41)
        guard zmq_curve_keypair(&publicText, &secretText) == 0 else { throw ZMQError.last("zmq_curve_keypair") }
        return KeyPair(publicKey: try decode(z85: publicText), secretKey: try decode(z85: secretText))
    }

    /// Encodes 32 raw key bytes as 40 Z85 characters.
    public static func z85(_ key: [UInt8]) -> String {
        precondition(key.count % 4 == 0, "Z85 encodes multiples of 4 bytes")
        var text = [CChar](repeating: 0, count: key.count * 5 / 4 + 1)
        _ = text.withUnsafeMutableBufferPointer { out in
            key.withUnsafeBufferPointer { zmq_z85_encode(out.baseAddress, $0.baseAddress, key.count) }
        }
        return text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// Decodes Z85 text into raw bytes.
    public static func decode(z85 text: String) throws -> [UInt8] {
        try decode(z85: Array(text.utf8CString))
    }

    static func decode(z85 text: [CChar]) throws -> [UInt8] {
        let length = text.firstIndex(of: 0) ?? text.count
        guard length % 5 == 0 else { throw FrameError("a Z85 key has a multiple of 5 characters, not \(length)") }
        var out = [UInt8](repeating: 0, count: length * 4 / 5)
        let ok = out.withUnsafeMutableBufferPointer { zmq_z85_decode($0.baseAddress, text) } != nil
        guard ok else { throw FrameError("not Z85 text") }
        return out
    }
}
