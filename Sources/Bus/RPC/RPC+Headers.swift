extension RPC {
    /// The header frame of a request (SKIFF-RPC/1 §3.2).
    public struct RequestHeader: Sendable, Equatable {
        public var id: UInt64
        /// Milliseconds the caller will still wait; 0 = no deadline.
        public var timeoutMilliseconds: UInt32
        public var idempotent: Bool
        public var method: String

        public init(id: UInt64, timeoutMilliseconds: UInt32, idempotent: Bool, method: String) {
            self.id = id
            self.timeoutMilliseconds = timeoutMilliseconds
            self.idempotent = idempotent
            self.method = method
        }

        public func encode() -> [UInt8] {
            var writer = ByteWriter(capacity: 16 + method.utf8.count)
            writer.u8(RPC.version)
            writer.u8(Kind.request.rawValue)
            writer.u64(id)
            writer.u32(timeoutMilliseconds)
            writer.u8(idempotent ? 1 : 0)
            writer.shortString(method)
            return writer.bytes
        }

        /// Decodes a request header.
        /// - Throws: `HeaderError` with the request id when it could be read.
        public static func decode(_ bytes: [UInt8]) throws(HeaderError) -> RequestHeader {
            var reader = ByteReader(bytes)
            do {
                let version = try reader.u8()
                guard version == RPC.version else {
                    throw HeaderError(id: nil, "unsupported protocol version \(version); this server speaks version \(RPC.version)")
                }
                let kind = try reader.u8()
                let id = try reader.u64()
                guard kind == Kind.request.rawValue else { throw HeaderError(id: id, "message kind \(kind) is not a request (1)") }
                let timeout = try reader.u32()
                let flags = try reader.u8()
                guard flags & ~1 == 0 else { throw HeaderError(id: id, "unknown flags 0x\(String(flags, radix: 16))") }
                let length = Int(try reader.u8())
                guard length > 0 else { throw HeaderError(id: id, "empty method name") }
                let raw = try reader.take(length)
                guard reader.remaining == 0 else { throw HeaderError(id: id, "\(reader.remaining) bytes after the method name") }
                guard raw.allSatisfy({ $0 > 0x20 && $0 < 0x7f }) else { throw HeaderError(id: id, "method name is not printable ASCII") }
                return RequestHeader(id: id, timeoutMilliseconds: timeout, idempotent: flags & 1 == 1,
                                     method: String(decoding: raw, as: UTF8.self))
            } catch is ByteReader.Short {
                // The id is readable from 10 bytes on; name it if we have it.
                let id = bytes.count >= 10 ? bytes[2..<10].reduce(UInt64(0)) { $0 << 8 | UInt64($1) } : nil
                throw HeaderError(id: id, "request header truncated at \(bytes.count) bytes")
            } catch let error as HeaderError {
                throw error
            } catch {
                throw HeaderError(id: nil, "unreadable request header")
            }
        }
    }

    /// The header frame of a reply (SKIFF-RPC/1 §3.3).
    public struct ReplyHeader: Sendable, Equatable {
        public var id: UInt64
        /// 200 for ok; otherwise an error code.
        public var code: UInt16
        /// Empty for ok; otherwise the error reason.
        public var reason: String

        public init(id: UInt64, code: UInt16 = 200, reason: String = "") {
            self.id = id
            self.code = code
            self.reason = reason
        }

        public var isOK: Bool { code == 200 }

        public func encode() -> [UInt8] {
            var writer = ByteWriter(capacity: 13 + reason.utf8.count)
            writer.u8(RPC.version)
            writer.u8(Kind.reply.rawValue)
            writer.u64(id)
            writer.u16(code)
            writer.shortString(reason.utf8.count <= 255 ? reason : "Internal")
            return writer.bytes
        }

        public static func decode(_ bytes: [UInt8]) throws(HeaderError) -> ReplyHeader {
            var reader = ByteReader(bytes)
            do {
                let version = try reader.u8()
                guard version == RPC.version else { throw HeaderError(id: nil, "unsupported protocol version \(version)") }
                let kind = try reader.u8()
                let id = try reader.u64()
                guard kind == Kind.reply.rawValue else { throw HeaderError(id: id, "message kind \(kind) is not a reply (2)") }
                let code = try reader.u16()
                let reason = try reader.take(Int(try reader.u8()))
                guard reader.remaining == 0 else { throw HeaderError(id: id, "\(reader.remaining) bytes after the reason") }
                return ReplyHeader(id: id, code: code, reason: String(decoding: reason, as: UTF8.self))
            } catch is ByteReader.Short {
                throw HeaderError(id: nil, "reply header truncated at \(bytes.count) bytes")
            } catch let error as HeaderError {
                throw error
            } catch {
                throw HeaderError(id: nil, "unreadable reply header")
            }
        }
    }

    /// A header that could not be decoded.
    public struct HeaderError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The request id, when the header was long enough to hold it.
        public var id: UInt64?
        public var description: String

        init(id: UInt64?, _ description: String) {
            self.id = id
            self.description = description
        }
    }
}
