import Testing
@testable import Resources

/// Boundaries of `duration.HumanDuration` and `ShortHumanDuration` (k8s.io/apimachinery
/// v0.32 `pkg/util/duration/duration.go`): each expected string follows from the branch the
/// Go code takes for that duration.
@Suite struct HumanDurationTests {
    static let s: Int64 = 1_000_000_000

    static let humanCases: [(Int64, String)] = [
        (-2 * s, "<invalid>"),          // seconds < -1
        (-s - s / 2, "0s"),             // int(-1.5) == -1: tolerated skew
        (-1, "0s"),
        (0, "0s"),
        (s - 1, "0s"),
        (119 * s, "119s"),              // < 2 minutes: seconds
        (120 * s, "2m"),
        (200 * s, "3m20s"),             // < 10 minutes: minutes and seconds
        (599 * s, "9m59s"),
        (600 * s, "10m"),
        (179 * 60 * s + 59 * s, "179m"), // < 3 hours: minutes
        (3 * 3600 * s, "3h"),
        (3 * 3600 * s + 30 * 60 * s, "3h30m"),
        (8 * 3600 * s - 60 * s, "7h59m"),
        (8 * 3600 * s, "8h"),           // < 48 hours: hours
        (48 * 3600 * s - 1, "47h"),
        (48 * 3600 * s, "2d"),          // < 8 days: days and hours
        (51 * 3600 * s, "2d3h"),
        (191 * 3600 * s, "7d23h"),
        (192 * 3600 * s, "8d"),         // < 2 years: days
        (729 * 86_400 * s, "729d"),
        (730 * 86_400 * s, "2y"),       // < 8 years: years and days
        (742 * 86_400 * s, "2y12d"),
        (8 * 365 * 86_400 * s, "8y"),
        (Int64.max, "292y"),
    ]

    static let shortCases: [(Int64, String)] = [
        (-2 * s, "<invalid>"), (-s, "0s"), (0, "0s"), (59 * s, "59s"), (60 * s, "1m"), (3599 * s, "59m"),
        (3600 * s, "1h"), (86_399 * s, "23h"), (86_400 * s, "1d"), (364 * 86_400 * s, "364d"),
        (365 * 86_400 * s, "1y"), (3 * 365 * 86_400 * s + 86_400 * s, "3y"),
    ]

    @Test(arguments: humanCases)
    func human(nanoseconds: Int64, expected: String) {
        #expect(HumanDuration.format(nanoseconds: nanoseconds) == expected)
    }

    @Test(arguments: shortCases)
    func short(nanoseconds: Int64, expected: String) {
        #expect(HumanDuration.short(nanoseconds: nanoseconds) == expected)
    }
}
