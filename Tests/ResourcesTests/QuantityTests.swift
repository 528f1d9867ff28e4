import Testing
@testable import Resources

@Suite struct QuantityTests {
    @Test(arguments: [
        ("0", "0"), ("0Mi", "0"), ("-0", "0"), ("100m", "100m"), ("1500m", "1500m"), ("1.5", "1500m"),
        ("0.5", "500m"), ("1", "1"), ("2000", "2k"), ("1500", "1500"), ("128Mi", "128Mi"),
        ("1024Mi", "1Gi"), ("1.5Gi", "1536Mi"), ("0.5Gi", "512Mi"), ("1G", "1G"), ("1e3", "1e3"),
        ("1E3", "1e3"), ("1.5e3", "1500"), ("1e-3", "1e-3"), ("12e6", "12e6"), ("100Ki", "100Ki"), ("1023Ki", "1023Ki"),
        ("0.1Ki", "102400m"), ("512", "512"), ("100Mi", "100Mi"), ("1Ei", "1Ei"), ("8Ei", "8Ei"),
        ("1n", "1n"), ("1u", "1u"), ("0.5m", "500u"), ("0.0000000001", "1n"), ("-100m", "-100m"),
        ("+5", "5"), (".5", "500m"), ("5.", "5"), ("007", "7"), ("1k", "1k"), ("1000k", "1M"),
        ("10Gi", "10Gi"), ("1000Mi", "1000Mi"), ("1Ki", "1Ki"), ("1023", "1023"),
    ])
    func canonicalForm(input: String, expected: String) throws {
        #expect(try Quantity(parsing: input).description == expected)
    }

    @Test(arguments: [
        ("", QuantityError.formatWrong), ("abc", .formatWrong), ("1.2.3", .formatWrong), (".", .formatWrong),
        ("1 ", .formatWrong), ("1Gb", .formatWrong), ("--1", .formatWrong), ("1e", .suffix), ("1Mm", .suffix),
        ("1KiB", .formatWrong), ("1ki", .suffix), ("1e1000", .suffix), ("1e30", .tooLarge),
        ("99999999999999999999999999999999999999Ei", .tooLarge),
    ])
    func rejects(input: String, error: QuantityError) {
        #expect(throws: error) { try Quantity(parsing: input) }
    }

    @Test func valuesAndArithmetic() throws {
        let cpu = try Quantity(parsing: "250m")
        #expect(cpu.milliValue == 250)
        #expect(cpu.value == 1)  // rounded up
        #expect(try Quantity(parsing: "1Gi").value == 1 << 30)
        #expect(try Quantity(parsing: "1Gi") == Quantity(parsing: "1024Mi"))
        #expect(try Quantity(parsing: "1") == Quantity(parsing: "1000m"))
        #expect(try Quantity(parsing: "100m") < Quantity(parsing: "0.2"))
        var total = try Quantity(parsing: "1.5")
        total += try Quantity(parsing: "500m")
        #expect(total.description == "2")
        #expect((try Quantity(parsing: "1Gi") + Quantity(parsing: "512Mi")).description == "1536Mi")
        #expect((try Quantity(parsing: "1Gi") - Quantity(parsing: "1Gi")).description == "0")
        #expect(Quantity(milli: 1500).description == "1500m")
        #expect(try Quantity(json: .int(2)).description == "2")
        #expect(try Quantity(json: "64Mi").json == "64Mi")
    }

    @Test func canonicalFormRoundTrips() throws {
        var g = SeededGenerator(seed: 51)
        let suffixes = ["", "m", "k", "M", "G", "Ki", "Mi", "Gi", "e3", "e-2", "n", "u"]
        for _ in 0..<3000 {
            let n = Int.random(in: 0...999_999, using: &g)
            let frac = Bool.random(using: &g) ? ".\(Int.random(in: 0...999, using: &g))" : ""
            let text = "\(Bool.random(using: &g) ? "-" : "")\(n)\(frac)\(suffixes.randomElement(using: &g)!)"
            let q = try Quantity(parsing: text)
            let again = try Quantity(parsing: q.description)
            #expect(again == q, "\(text) -> \(q)")
            #expect(again.description == q.description)
        }
    }

    @Test func randomStringsNeverCrash() {
        var g = SeededGenerator(seed: 52)
        let alphabet = Array("0123456789.+-eEinumkKMGTP ")
        for _ in 0..<5000 {
            let s = String((0..<Int.random(in: 0...12, using: &g)).map { _ in alphabet.randomElement(using: &g)! })
            _ = try? Quantity(parsing: s)
        }
    }
}
