import CAdvisor
import Testing

@Suite struct IntervalTextTests {
    @Test func goStyleDurations() {
        #expect(IntervalText.parse("10s") == .seconds(10))
        #expect(IntervalText.parse("500ms") == .milliseconds(500))
        #expect(IntervalText.parse("1m30s") == .seconds(90))
        #expect(IntervalText.parse("1.5s") == .milliseconds(1500))
        #expect(IntervalText.parse("1h") == .seconds(3600))
        for bad in ["", "10", "s", "0s", "10x", "-1s", "1s2"] { #expect(IntervalText.parse(bad) == nil, "\(bad)") }
    }
}
