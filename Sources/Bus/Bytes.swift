/// Big-endian writer for the bus headers.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func u16(_ value: UInt16) { append(value) }
    mutating func u32(_ value: UInt32) { append(value) }
    mutating func u64(_ value: UInt64) { append(value) }

    /// A string with a one-byte length prefix. The caller has checked it fits.
    mutating func shortString(_ value: String) {
        let utf8 = Array(value.utf8)
        precondition(utf8.count <= 255, "short strings are at most 255 bytes")
        bytes.append(UInt8(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    private mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }
}

/// Big-endian reader for the bus headers; every read is bounds-checked.
struct ByteReader {
    struct Short: Error {}

    let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }

    mutating func u8() throws(Short) -> UInt8 { try integer() }
    mutating func u16() throws(Short) -> UInt16 { try integer() }
    mutating func u32() throws(Short) -> UInt32 { try integer() }
    mutating func u64() throws(Short) -> UInt64 { try integer() }

    mutating func take(_ count: Int) throws(Short) -> ArraySlice<UInt8> {
        guard count <= remaining else { throw Short() }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    private mutating func integer<T: FixedWidthInteger>() throws(Short) -> T {
        let size = MemoryLayout<T>.size
        guard size <= remaining else { throw Short() }
        var value: T = 0
        for byte in bytes[offset..<offset + size] { value = value << 8 | T(byte) }
        offset += size
        return value
    }
}
