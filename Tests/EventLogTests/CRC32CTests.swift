import Testing
@testable import EventLog

@Suite struct CRC32CTests {
    @Test func knownVectors() {
        #expect(CRC32C.checksum("123456789") == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8]()) == 0)
        // RFC 3720 (iSCSI) appendix B.4 vectors.
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
        #expect(CRC32C.checksum((0..<32).map { UInt8(31 - $0) }) == 0x113F_DB5C)
    }

    @Test func incrementalEqualsOneShotAndBytewise() {
        var rng = SystemRandomNumberGenerator()
        for length in [1, 7, 8, 9, 63, 64, 65, 1000] {
            let data = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            // Plain bit-by-bit reference.
            var ref: UInt32 = 0xFFFF_FFFF
            for b in data {
                ref ^= UInt32(b)
                for _ in 0..<8 { ref = (ref & 1) != 0 ? (ref >> 1) ^ 0x82F6_3B78 : ref >> 1 }
            }
            ref = ~ref
            #expect(CRC32C.checksum(data) == ref)
            let split = length / 3
            let partial = CRC32C.checksum(Array(data[..<split]))
            #expect(CRC32C.checksum(Array(data[split...]), continuing: partial) == ref)
        }
    }
}
