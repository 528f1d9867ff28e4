import Testing
@testable import Resources

@Suite struct JSONPropertyTests {
    @Test func roundTripIsIdentity() throws {
        var g = SeededGenerator(seed: 1)
        for _ in 0..<3000 {
            let v = Gen.value(&g)
            let text = v.serialized()
            let back = try JSON.parse(text)
            #expect(back == v, "\(text)")
            #expect(back.serialized() == text)
        }
    }

    @Test func randomBytesNeverCrash() {
        var g = SeededGenerator(seed: 2)
        let alphabet = Array(#"{}[]":,\-+.0123456789eEtrufalsn u"#.utf8) + [0x00, 0x0A, 0x80, 0xC3, 0xFF, 0xED, 0xA0]
        var accepted = 0
        for _ in 0..<20_000 {
            let n = Int.random(in: 0...24, using: &g)
            let bytes = (0..<n).map { _ in
                Bool.random(using: &g) ? alphabet.randomElement(using: &g)! : UInt8.random(in: 0...255, using: &g)
            }
            if let v = try? JSON.parse(bytes) {
                accepted += 1
                #expect((try? JSON.parse(v.serializedBytes())) == v)
            }
        }
        #expect(accepted > 0)
    }

    @Test func mutatedDocumentsNeverCrash() {
        var g = SeededGenerator(seed: 3)
        for _ in 0..<3000 {
            var bytes = Gen.value(&g).serializedBytes()
            for _ in 0..<Int.random(in: 1...3, using: &g) where !bytes.isEmpty {
                let i = Int.random(in: 0..<bytes.count, using: &g)
                switch Int.random(in: 0..<3, using: &g) {
                case 0: bytes[i] = UInt8.random(in: 0...255, using: &g)
                case 1: bytes.remove(at: i)
                default: bytes.insert(UInt8.random(in: 0...255, using: &g), at: i)
                }
            }
            if let v = try? JSON.parse(bytes) {
                #expect((try? JSON.parse(v.serializedBytes())) == v)
            }
        }
    }
}
