import Testing
@testable import Resources

/// RFC 3339 as `metav1.Time` reads and writes it. Expected epoch seconds are from Python's
/// `calendar.timegm`.
@Suite struct MetaTimeTests {
    @Test(arguments: [
        ("2024-06-01T12:00:00Z", 1_717_243_200, 0),
        ("2024-06-01T14:00:00+02:00", 1_717_243_200, 0),
        ("2024-06-01T11:30:00-00:30", 1_717_243_200, 0),
        ("2024-06-01T12:00:00.5Z", 1_717_243_200, 500_000_000),
        ("2024-06-01T12:00:00.123456789Z", 1_717_243_200, 123_456_789),
        ("2000-02-29T23:59:59Z", 951_868_799, 0),
        ("1969-12-31T23:59:59Z", -1, 0),
        ("0001-01-01T00:00:00Z", -62_135_596_800, 0),
    ])
    func parses(text: String, seconds: Int64, nanos: Int32) throws {
        let t = try #require(MetaTime(rfc3339: text))
        #expect(t.seconds == seconds)
        #expect(t.nanoseconds == nanos)
    }

    @Test(arguments: [
        "", "2024-06-01", "2024-06-01 12:00:00Z", "2024-06-01T12:00:00", "2024-06-01T12:00:00.Z",
        "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-06-01T24:00:00Z", "2024-06-01T12:00:00Zjunk",
        "2024-06-01T12:00:00+0200", "24-06-01T12:00:00Z",
    ])
    func rejects(text: String) {
        #expect(MetaTime(rfc3339: text) == nil)
    }

    @Test func zeroIsGoZeroTime() {
        #expect(MetaTime(rfc3339: "0001-01-01T00:00:00Z")?.isZero == true)
        #expect(MetaTime(json: nil).isZero)
        #expect(MetaTime(json: .null).isZero)
        #expect(MetaTime(json: "not a time").isZero)
        #expect(MetaTime.zero.rfc3339 == "0001-01-01T00:00:00Z")
    }

    @Test(arguments: [(951_868_799, "2000-02-29T23:59:59Z"), (-1, "1969-12-31T23:59:59Z"), (0, "1970-01-01T00:00:00Z"),
                      (1_717_243_200, "2024-06-01T12:00:00Z"), (4_102_444_800, "2100-01-01T00:00:00Z")])
    func formats(seconds: Int64, text: String) {
        #expect(MetaTime(seconds: seconds, nanoseconds: 999).rfc3339 == text)
    }

    @Test func formatThenParseRoundTrips() throws {
        var g = SeededGenerator(seed: 3339)
        for _ in 0..<2000 {
            let t = MetaTime(seconds: Int64.random(in: -62_135_596_800...253_402_300_799, using: &g))
            #expect(MetaTime(rfc3339: t.rfc3339) == t)
        }
    }

    @Test func differenceSaturates() {
        let now = MetaTime(seconds: 1_717_243_200)
        #expect(MetaTime(seconds: 1_717_243_190, nanoseconds: 500_000_000).nanoseconds(until: now) == 9_500_000_000)
        #expect(MetaTime(seconds: -62_000_000_000).nanoseconds(until: now) == Int64.max)
        #expect(now.nanoseconds(until: MetaTime(seconds: -62_000_000_000)) == Int64.min)
    }
}
