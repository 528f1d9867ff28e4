extension EventStream {
    /// The header frame of every stream message (SKIFF-EVENTS/1 §3.1).
    public struct Header: Sendable, Equatable {
        public enum Kind: UInt8, Sendable {
            case event = 1
            case heartbeat = 2
        }

        public static let size = 26

        public var kind: Kind
        public var epoch: UInt64
        public var sequence: UInt64
        public var revision: UInt64

        public init(kind: Kind, epoch: UInt64, sequence: UInt64, revision: UInt64) {
            self.kind = kind
            self.epoch = epoch
            self.sequence = sequence
            self.revision = revision
        }

        public func encode() -> [UInt8] {
            var writer = ByteWriter(capacity: Self.size)
            writer.u8(EventStream.version)
            writer.u8(kind.rawValue)
            writer.u64(epoch)
            writer.u64(sequence)
            writer.u64(revision)
            return writer.bytes
        }

        /// Decodes a header; nil when it is malformed (wrong size, version or kind).
        public static func decode(_ bytes: [UInt8]) -> Header? {
            guard bytes.count == size, bytes[0] == EventStream.version, let kind = Kind(rawValue: bytes[1]) else { return nil }
            var reader = ByteReader(bytes)
            guard let _ = try? reader.take(2), let epoch = try? reader.u64(), let sequence = try? reader.u64(),
                  let revision = try? reader.u64() else { return nil }
            return Header(kind: kind, epoch: epoch, sequence: sequence, revision: revision)
        }
    }
}
