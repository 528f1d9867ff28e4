#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A store key: a byte string that is valid UTF-8, compared and ordered byte-wise (as etcd does).
///
/// Keys follow etcd's registry layout, e.g. `/registry/pods/default/web-0`. Emptiness and length are
/// checked when a key is used in a transaction (`EventLogError.invalidKey`), not on construction.
public struct Key: Sendable, Hashable, Comparable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The key's UTF-8 bytes.
    public let bytes: [UInt8]

    /// The longest key accepted, in bytes.
    public static let maxLength = 8 * 1024

    /// A key from a string (always valid UTF-8).
    public init(_ string: String) { bytes = Array(string.utf8) }

    public init(stringLiteral value: String) { self.init(value) }

    /// A key from raw bytes; `nil` unless they are valid UTF-8.
    public init?(utf8 bytes: [UInt8]) {
        guard String(validating: bytes, as: UTF8.self) != nil else { return nil }
        self.bytes = bytes
    }

    /// Trusted construction from bytes already validated (decoding CRC-checked files).
    init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    /// The key as a string.
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    public var description: String { string }

    /// True when `prefix`'s bytes are a prefix of this key's bytes.
    public func hasPrefix(_ prefix: Key) -> Bool {
        let n = prefix.bytes.count
        guard n <= bytes.count else { return false }
        return bytes.withUnsafeBytes { a in
            prefix.bytes.withUnsafeBytes { b in n == 0 || memcmpBytes(a.baseAddress!, b.baseAddress!, n) == 0 }
        }
    }

    public static func < (lhs: Key, rhs: Key) -> Bool { compare(lhs, rhs) < 0 }

    /// Byte-wise three-way comparison.
    static func compare(_ lhs: Key, _ rhs: Key) -> Int {
        lhs.bytes.withUnsafeBytes { a in
            rhs.bytes.withUnsafeBytes { b in
                let n = min(a.count, b.count)
                if n > 0 {
                    let r = memcmpBytes(a.baseAddress!, b.baseAddress!, n)
                    if r != 0 { return r }
                }
                return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
            }
        }
    }

    /// Throws unless the key may be stored: non-empty and at most `maxLength` bytes.
    func validate() throws(EventLogError) {
        if bytes.isEmpty { throw .invalidKey("key is empty") }
        if bytes.count > Key.maxLength {
            throw .invalidKey("key is \(bytes.count) bytes, longer than \(Key.maxLength)")
        }
    }
}

@inline(__always)
private func memcmpBytes(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int) -> Int {
    Int(memcmp(a, b, n))
}
