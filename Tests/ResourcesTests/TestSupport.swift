@testable import Resources

/// SplitMix64: a small seeded generator so property tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random JSON values for property tests.
enum Gen {
    static let keyPool = ["a", "b", "c", "name", "spec", "x/y", "t~", "ünï", "<&>", "\u{2028}", ""]

    static func string(_ g: inout SeededGenerator) -> String {
        let pool: [String] = ["", "a", "hello", "\"", "\\", "\n\t", "\u{0}", "\u{1F}", "é", "日本", "😀", "<b>&</b>", "\u{2029}", "~0/1"]
        return (0..<Int.random(in: 0...3, using: &g)).map { _ in pool.randomElement(using: &g)! }.joined()
    }

    static func scalar(_ g: inout SeededGenerator) -> JSON {
        switch Int.random(in: 0..<6, using: &g) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &g))
        case 2: return .int(Int64.random(in: Int64.min...Int64.max, using: &g) >> UInt64.random(in: 0...63, using: &g))
        case 3:
            let d = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &g))
            // Integral doubles beyond 2^53 print like integers and read back as `.int` (as in Go).
            guard d.isFinite, !(abs(d) >= 0x1p53 && d.rounded() == d) else { return .double(Double.random(in: -1e6...1e6, using: &g)) }
            return .double(d)
        case 4: return .double(Double(Int.random(in: -1000...1000, using: &g)) / 8)
        default: return .string(string(&g))
        }
    }

    static func value(_ g: inout SeededGenerator, depth: Int = 4, nulls: Bool = true) -> JSON {
        let choice = depth == 0 ? 0 : Int.random(in: 0..<4, using: &g)
        switch choice {
        case 0, 1:
            var s = scalar(&g)
            while !nulls && s.isNull { s = scalar(&g) }
            return s
        case 2: return .array((0..<Int.random(in: 0...3, using: &g)).map { _ in value(&g, depth: depth - 1, nulls: nulls) })
        default:
            var o = JSONObject()
            for _ in 0..<Int.random(in: 0...4, using: &g) {
                o[keyPool.randomElement(using: &g)!] = value(&g, depth: depth - 1, nulls: nulls)
            }
            return .object(o)
        }
    }

    static func object(_ g: inout SeededGenerator, nulls: Bool = true) -> JSON {
        var v = value(&g, nulls: nulls)
        while v.object == nil { v = value(&g, nulls: nulls) }
        return v
    }
}

func parse(_ text: String) throws -> JSON { try JSON.parse(text) }
